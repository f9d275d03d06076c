"""The annex suite: checked on the built marts before anything is published."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class MartValidationError(RuntimeError):
    """The built annex breaks an expectation: nothing is published."""


@dataclass
class MartResult:
    expectation: str
    column: str | None
    success: bool
    failed: int


def _annex_expectations(units: int, counts: list[str], counted_submissions: int, counted_adoptions: int) -> list:
    import great_expectations as gx   # seconds and ~300 MB: only where a suite runs, not where the error is caught

    E = gx.expectations
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


def validate_annex(con, period_id: str, start: dt.date, end: dt.date) -> list[MartResult]:
    """Run the annex suite on marts.annex for the period (first and last day given by the caller, which
    owns the period rules); raises MartValidationError on any failure. The columns to check are the period's
    printed count columns (marts.annex_columns); the points must be the sum of the components (annex_figures)."""
    annex = con.execute("SELECT * FROM marts.annex WHERE period_id = ?", [period_id]).df()
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
    from .gx_run import SuiteRunner

    outcomes = SuiteRunner("govinfo_marts").run(
        f"annex {period_id}", annex, _annex_expectations(units, counts, submissions, adoptions),
        ("period_id", "unit"))
    results = [MartResult(o.expectation, o.column, o.success, len(o.failed_positions)) for o in outcomes]
    failed = [r for r in results if not r.success]
    if failed:
        # a table-wide expectation (a sum, the row count) fails on no row in particular
        raise MartValidationError(f"marts.annex for {period_id} breaks its suite, so nothing is published: "
                                  + "; ".join(f"{r.expectation}({r.column or ''}) failed"
                                              + (f" on {r.failed} rows" if r.failed else "") for r in failed))
    return results
