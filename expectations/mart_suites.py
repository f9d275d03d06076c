"""The annex suite: checked on the built marts before anything is published."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import great_expectations as gx

from .gx_run import SuiteRunner


class MartValidationError(RuntimeError):
    """The built annex breaks an expectation: nothing is published."""


@dataclass
class MartResult:
    expectation: str
    column: str | None
    success: bool
    failed: int


def adoption_columns(con) -> list[str]:
    """The annex's adoption columns, <kind code>_<level code>, in the scheme's order (raw.scheme_kinds/_levels)."""
    return [r[0] for r in con.execute(
        "SELECT k.code || '_' || l.code FROM raw.scheme_kinds k CROSS JOIN raw.scheme_levels l "
        "ORDER BY k.position, l.position").fetchall()]


def _annex_expectations(counts: list[str], units: int, counted_submissions: int, counted_adoptions: int) -> list:
    E = gx.expectations
    out = [E.ExpectTableRowCountToEqual(value=units), E.ExpectColumnValuesToBeUnique(column="unit"),
           E.ExpectColumnValuesToBeInSet(column="verdict", value_set=["合格", "不合格"]),
           E.ExpectColumnPairValuesToBeEqual(column_A="points", column_B="expected_points"),
           E.ExpectColumnPairValuesToBeEqual(column_A="points_ytd", column_B="expected_points_ytd"),
           E.ExpectColumnSumToBeBetween(column="submitted", min_value=counted_submissions,
                                        max_value=counted_submissions),
           E.ExpectColumnSumToBeBetween(column="adopted", min_value=counted_adoptions, max_value=counted_adoptions)]
    for count in counts + ["points"]:
        out.append(E.ExpectColumnValuesToBeBetween(column=count, min_value=0))
        out.append(E.ExpectColumnPairValuesAToBeGreaterThanB(column_A=f"{count}_ytd", column_B=count, or_equal=True))
    return out


def validate_annex(con, period_id: str, start: dt.date, end: dt.date) -> list[MartResult]:
    """Run the annex suite on marts.annex for the period (first and last day given by the caller, which
    owns the period rules); raises MartValidationError on any failure."""
    annex = con.execute("SELECT * FROM marts.annex WHERE period_id = ?", [period_id]).df()
    weights = con.execute("SELECT * FROM intermediate.int_points_weights").df().iloc[0]
    kinds_levels = adoption_columns(con)
    counts, weight_columns = ["submitted", *kinds_levels], ["per_submission", *kinds_levels]
    for suffix in ("", "_ytd"):
        annex[f"expected_points{suffix}"] = sum(annex[f"{c}{suffix}"] * weights[w] for c, w in zip(counts, weight_columns))
    annex["adopted"] = annex[kinds_levels].sum(axis=1)
    units = con.execute("SELECT count(*) FROM intermediate.int_units").fetchone()[0]
    submissions, adoptions = con.execute(
        "SELECT (SELECT count(*) FROM intermediate.int_submissions s JOIN intermediate.int_units u USING (unit_name) "
        "        WHERE s.status = 'counted' AND s.submitted_on BETWEEN ? AND ?),"
        "       (SELECT count(*) FROM intermediate.int_adoptions a JOIN intermediate.int_units u USING (unit_name) "
        "        WHERE a.status = 'counted' AND a.adopted_on BETWEEN ? AND ?)",
        [start, end] * 2).fetchone()
    outcomes = SuiteRunner("govinfo_marts").run(
        f"annex {period_id}", annex, _annex_expectations(counts, units, submissions, adoptions), ("period_id", "unit"))
    results = [MartResult(o.expectation, o.column, o.success, len(o.failed_positions)) for o in outcomes]
    failed = [r for r in results if not r.success]
    if failed:
        raise MartValidationError(f"marts.annex for {period_id} breaks its suite: " + "; ".join(
            f"{r.expectation}({r.column or ''}) failed on {r.failed} rows" for r in failed))
    return results

