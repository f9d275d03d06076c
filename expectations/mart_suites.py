"""The annex suite: checked on the built marts before anything is published."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import great_expectations as gx

from .gx_run import SuiteRunner

COUNTS = ["submitted", "info_province", "info_prefecture", "info_city",
          "brief_province", "brief_prefecture", "brief_city"]
WEIGHTS = ["per_submission", "info_province", "info_prefecture", "info_city",
           "brief_province", "brief_prefecture", "brief_city"]


class MartValidationError(RuntimeError):
    """The built annex breaks an expectation: nothing is published."""


@dataclass
class MartResult:
    expectation: str
    column: str | None
    success: bool
    failed: int


def _annex_expectations(units: int, counted_submissions: int, counted_adoptions: int) -> list:
    E = gx.expectations
    out = [E.ExpectTableRowCountToEqual(value=units), E.ExpectColumnValuesToBeUnique(column="unit"),
           E.ExpectColumnValuesToBeInSet(column="verdict", value_set=["合格", "不合格"]),
           E.ExpectColumnPairValuesToBeEqual(column_A="points", column_B="expected_points"),
           E.ExpectColumnPairValuesToBeEqual(column_A="points_ytd", column_B="expected_points_ytd"),
           E.ExpectColumnSumToBeBetween(column="submitted", min_value=counted_submissions,
                                        max_value=counted_submissions),
           E.ExpectColumnSumToBeBetween(column="adopted", min_value=counted_adoptions, max_value=counted_adoptions)]
    for count in COUNTS + ["points"]:
        out.append(E.ExpectColumnValuesToBeBetween(column=count, min_value=0))
        out.append(E.ExpectColumnPairValuesAToBeGreaterThanB(column_A=f"{count}_ytd", column_B=count, or_equal=True))
    return out


def validate_annex(con, period_id: str, start: dt.date, end: dt.date) -> list[MartResult]:
    """Run the annex suite on marts.annex for the period (first and last day given by the caller, which
    owns the period rules); raises MartValidationError on any failure."""
    annex = con.execute("SELECT * FROM marts.annex WHERE period_id = ?", [period_id]).df()
    weights = con.execute("SELECT * FROM intermediate.int_points_weights").df().iloc[0]
    for suffix in ("", "_ytd"):
        annex[f"expected_points{suffix}"] = sum(annex[f"{c}{suffix}"] * int(weights[w]) for c, w in zip(COUNTS, WEIGHTS))
    annex["adopted"] = annex[[c for c in COUNTS[1:]]].sum(axis=1)
    units = con.execute("SELECT count(*) FROM intermediate.int_units").fetchone()[0]
    submissions, adoptions = con.execute(
        "SELECT (SELECT count(*) FROM intermediate.int_submissions s JOIN intermediate.int_units u USING (unit_name) "
        "        WHERE s.status = 'counted' AND s.submitted_on BETWEEN ? AND ?),"
        "       (SELECT count(*) FROM intermediate.int_adoptions a JOIN intermediate.int_units u USING (unit_name) "
        "        WHERE a.status = 'counted' AND a.adopted_on BETWEEN ? AND ?)",
        [start, end] * 2).fetchone()
    outcomes = SuiteRunner("govinfo_marts").run(
        f"annex {period_id}", annex, _annex_expectations(units, submissions, adoptions), ("period_id", "unit"))
    results = [MartResult(o.expectation, o.column, o.success, len(o.failed_positions)) for o in outcomes]
    failed = [r for r in results if not r.success]
    if failed:
        raise MartValidationError(f"marts.annex for {period_id} breaks its suite: " + "; ".join(
            f"{r.expectation}({r.column or ''}) failed on {r.failed} rows" for r in failed))
    return results

