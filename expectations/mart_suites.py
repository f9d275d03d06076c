"""The annex suite: checked on the built marts before anything is published."""
from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .gx_import import great_expectations


class MartValidationError(RuntimeError):
    """The built annex breaks an expectation: nothing is published."""


@dataclass
class MartResult:
    expectation: str
    column: str | None
    success: bool
    failed: int


def _annex_expectations(units: int, counts: list[str], counted_submissions: int, counted_adoptions: int) -> list:
    E = great_expectations().expectations   # a second or more: only where a suite runs, not where the error is caught
    out = [E.ExpectTableRowCountToEqual(value=units), E.ExpectColumnValuesToBeUnique(column="unit"),
           E.ExpectColumnValuesToBeInSet(column="verdict", value_set=["合格", "不合格"]),
           E.ExpectColumnPairValuesToBeEqual(column_A="points", column_B="component_points"),
           E.ExpectColumnPairValuesToBeEqual(column_A="points_ytd", column_B="component_points_ytd"),
           E.ExpectColumnPairValuesToBeEqual(column_A="adopted", column_B="adopted_by_column"),
           E.ExpectColumnSumToBeBetween(column="submitted", min_value=counted_submissions,
                                        max_value=counted_submissions),
           E.ExpectColumnSumToBeBetween(column="adopted", min_value=counted_adoptions, max_value=counted_adoptions)]
    # counts are never negative and never exceed the year's; points may be negative (deductions)
    for count in counts:
        out.append(E.ExpectColumnValuesToBeBetween(column=count, min_value=0))
        out.append(E.ExpectColumnPairValuesAToBeGreaterThanB(column_A=f"{count}_ytd", column_B=count, or_equal=True))
    return out


def validate_annex(con, period_id: str, start: dt.date, end: dt.date, kept: Path | None = None) -> list[MartResult]:
    """Run the annex suite on marts.annex for the period (first and last day given by the caller, which
    owns the period rules); raises MartValidationError on any failure. The columns to check are the period's
    printed count columns (marts.annex_columns); the points must be the sum of the components (annex_figures).
    kept: a file holding the fingerprint and outcomes of the last suite that passed (expectations/gx_run.py):
    the same frame under the same checks is not run again."""
    # in a fixed order: the fingerprint reads the frame as it is (a copied table's rows may come in another order)
    annex = con.execute("SELECT * FROM marts.annex WHERE period_id = ? ORDER BY unit_name", [period_id]).df()
    columns = con.execute(
        "SELECT column_name, header_middle IS NOT NULL FROM marts.annex_columns WHERE period_id = ? AND is_total "
        "AND NOT is_points AND NOT ends_with(column_name, '_ytd') ORDER BY position", [period_id]).fetchall()
    counts = [name for name, _ in columns]
    components = con.execute(
        "SELECT unit_name, sum(points) AS component_points, sum(points_ytd) AS component_points_ytd "
        "FROM marts.annex_figures WHERE period_id = ? GROUP BY unit_name", [period_id]).df()
    annex = annex.merge(components, on="unit_name", how="left").fillna({"component_points": 0,
                                                                        "component_points_ytd": 0})
    annex["adopted_by_column"] = annex[[name for name, is_adoption in columns if is_adoption]].sum(axis=1)
    units = con.execute("SELECT count(*) FROM intermediate.int_period_units WHERE period_id = ?",
                        [period_id]).fetchone()[0]
    submissions, adoptions = con.execute(
        "SELECT (SELECT count(*) FROM intermediate.int_submissions s JOIN intermediate.int_period_units u "
        "        USING (unit_name) WHERE u.period_id = ? AND s.status = 'counted' AND s.submitted_on BETWEEN ? AND ?),"
        "       (SELECT count(*) FROM intermediate.int_adoptions a JOIN intermediate.int_period_units u "
        "        USING (unit_name) WHERE u.period_id = ? AND a.status = 'counted' AND a.adopted_on BETWEEN ? AND ?)",
        [period_id, start, end] * 2).fetchone()
    from .gx_run import SuiteRunner, outcomes_from_json, outcomes_json

    name = f"annex {period_id}"
    passed = _passed(kept)
    runner = SuiteRunner("govinfo_marts", {key: outcomes_from_json(text) for key, text in passed.values()})
    # the expectations are _annex_expectations' of these figures: described by them and this file, they are built
    # (and Great Expectations imported) only when the suite runs
    figures = (units, counts, submissions, adoptions)
    outcomes = runner.run(name, annex, lambda: _annex_expectations(*figures), ("period_id", "unit"),
                          checks=[Path(__file__).read_text(encoding="utf-8"), *figures])
    results = [MartResult(o.expectation, o.column, o.success, len(o.failed_positions)) for o in outcomes]
    failed = [r for r in results if not r.success]
    if failed:
        # a table-wide expectation (a sum, the row count) fails on no row in particular
        raise MartValidationError(f"marts.annex for {period_id} breaks its suite, so nothing is published: "
                                  + "; ".join(f"{r.expectation}({r.column or ''}) failed"
                                              + (f" on {r.failed} rows" if r.failed else "") for r in failed))
    key = runner.fingerprints[name][0]
    if kept is not None and passed.get(name, [None])[0] != key:
        passed[name] = [key, outcomes_json(outcomes)]
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.with_name(kept.name + ".tmp").write_text(json.dumps(passed), encoding="utf-8")
        os.replace(kept.with_name(kept.name + ".tmp"), kept)
    return results


def _passed(kept: Path | None) -> dict[str, list[str]]:
    """suite name → [fingerprint, outcomes] of the last annex suite that passed for each period."""
    try:
        return json.loads(kept.read_text(encoding="utf-8")) if kept is not None else {}
    except (OSError, ValueError):
        return {}
