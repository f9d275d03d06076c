"""Period forms of scheme.md: ids and bounds of every 考核周期, years of different forms, wrong forms refused."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import duckdb
import pytest
from conftest import dbt_env

from govinfo.config import DBT_PROJECT
from ingestion.errors import InputError
from ingestion.periods import Calendar
from ingestion.raw_tables import create_raw_schema, insert_rows

D = dt.date
# one form a year: 2020 月, 2021 双月, 2022 季度, 2023 半年, 2024 年 (the default before the first row: 双月)
MIXED = Calendar([(D(2020, 1, 1), "月"), (D(2021, 1, 1), "双月"), (D(2022, 1, 1), "季度"), (D(2023, 1, 1), "半年"),
                  (D(2024, 1, 1), "年")], "双月")


@pytest.mark.parametrize("year,ids,starts", [
    (2020, [f"2020-{m:02}" for m in range(1, 13)], [D(2020, m, 1) for m in range(1, 13)]),
    (2021, [f"2021-{m:02}" for m in (1, 3, 5, 7, 9, 11)], [D(2021, m, 1) for m in (1, 3, 5, 7, 9, 11)]),
    (2022, ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"], [D(2022, m, 1) for m in (1, 4, 7, 10)]),
    (2023, ["2023-H1", "2023-H2"], [D(2023, 1, 1), D(2023, 7, 1)]),
    (2024, ["2024"], [D(2024, 1, 1)]),
], ids=["月", "双月", "季度", "半年", "年"])
def test_each_form_gives_its_periods_back_to_back_over_the_year(year, ids, starts):
    periods = MIXED.periods_of(year)
    assert [p.id for p in periods] == ids
    assert [p.start for p in periods] == starts
    assert [p.end for p in periods] == starts[1:] + [D(year + 1, 1, 1)]
    assert all(MIXED.period(p.id) == p for p in periods)


def test_bounds_of_one_period_of_each_form():
    assert (MIXED.period("2020-02").start, MIXED.period("2020-02").last_day) == (D(2020, 2, 1), D(2020, 2, 29))
    assert (MIXED.period("2021-11").start, MIXED.period("2021-11").last_day) == (D(2021, 11, 1), D(2021, 12, 31))
    assert (MIXED.period("2022-Q2").start, MIXED.period("2022-Q2").end) == (D(2022, 4, 1), D(2022, 7, 1))
    assert (MIXED.period("2023-H2").start, MIXED.period("2023-H2").end) == (D(2023, 7, 1), D(2024, 1, 1))
    assert (MIXED.period("2024").start, MIXED.period("2024").end) == (D(2024, 1, 1), D(2025, 1, 1))


@pytest.mark.parametrize("period_id,message", [
    ("2021-02", "period '2021-02' is not a period of 2021, whose 考核周期 is 双月: expected YYYY-MM with an odd month"),
    ("2022-05", "period '2022-05' is not a period of 2022, whose 考核周期 is 季度: expected YYYY-Qn"),
    ("2022-Q5", "period '2022-Q5' is not a period id: YYYY-MM (月, 双月), YYYY-Qn (季度), YYYY-Hn (半年) or YYYY (年)"),
    ("2023-Q1", "period '2023-Q1' is not a period of 2023, whose 考核周期 is 半年: expected YYYY-Hn"),
    ("2024-H1", "period '2024-H1' is not a period of 2024, whose 考核周期 is 年: expected YYYY"),
    ("2020", "period '2020' is not a period of 2020, whose 考核周期 is 月: expected YYYY-MM, any month"),
    ("2020-13", "period '2020-13' is not a period id"),
    ("May", "period 'May' is not a period id"),
])
def test_an_id_of_another_form_than_its_years_is_refused_naming_the_expected_form(period_id, message):
    with pytest.raises(InputError) as caught:
        MIXED.period(period_id)
    assert str(caught.value).startswith(message)


def test_between_spans_years_of_different_forms():
    assert [p.id for p in MIXED.between("2021-09", "2023-H1")] == [
        "2021-09", "2021-11", "2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4", "2023-H1"]
    assert [p.id for p in MIXED.between("2020-12", "2020-12")] == ["2020-12"]
    with pytest.raises(InputError, match="comes before"):
        MIXED.between("2022-Q2", "2021-01")


def test_every_day_is_in_exactly_one_period():
    day = D(2020, 1, 1)
    while day < D(2025, 1, 1):
        holding = [p for p in MIXED.periods(2020, 2024) if p.start <= day < p.end]
        assert holding == [MIXED.containing(day)]
        day += dt.timedelta(days=1)
    assert len(MIXED.periods(2020, 2024)) == 12 + 6 + 4 + 2 + 1


def test_without_a_row_the_default_applies_and_an_undated_row_replaces_it():
    assert Calendar([], "双月").form_of(2030).name == "双月"
    assert Calendar([(None, "季度")], "双月").form_of(2030).name == "季度"
    later = Calendar([(None, "季度"), (D(2025, 1, 1), "月")], "双月")
    assert [later.form_of(y).name for y in (2024, 2025, 2026)] == ["季度", "月", "月"]


# dbt's period macros over raw.scheme_periods (read through stg_scheme_periods, built first), run by dbt itself
# in a child process (dbt keeps its DuckDB open)
_DBT_SHOW = """
import json, sys
from dbt.cli.main import dbtRunner

project, state = sys.argv[1], sys.argv[2]
common = ["--project-dir", project, "--profiles-dir", project, "--target-path", state + "/target",
          "--log-path", state + "/logs", "--quiet"]
# parsed once, as the dbt child does: dbt would parse the whole project again for each period's --vars
parsed = dbtRunner().invoke(["parse", *common])
assert parsed.success, parsed.exception
runner, out = dbtRunner(manifest=parsed.result), {}
built = runner.invoke(["run", "--select", "stg_scheme_periods", *common])
assert built.success, built.exception

def show(sql, period):
    result = runner.invoke(["show", "--inline", sql, "--limit", "-1", "--vars", json.dumps({"period": period}),
                            *common])
    assert result.success, result.exception
    return [[str(v) for v in row] for row in result.result.results[0].agate_table.rows]

for period in sys.argv[3:]:
    out[period] = show("select {{ period_start() }} as s, {{ period_end() }} as e, {{ year_start() }} as y", period)[0]
out["days"] = show("select cast(d as date) as d, {{ period_of('cast(d as date)') }} as p "
                   "from range(timestamp '2020-01-01', timestamp '2025-01-01', interval 1 day) as t(d) order by 1",
                   sys.argv[3])
print("RESULT " + json.dumps(out))
"""


@pytest.mark.pipeline
def test_the_dbt_macros_agree_with_python_for_every_form(tmp_path):
    warehouse = tmp_path / "g.duckdb"
    periods = MIXED.periods(2020, 2024)
    with duckdb.connect(str(warehouse)) as con:
        create_raw_schema(con)
        insert_rows(con, "scheme_periods", [{"period_id": p.id, "form": p.form, "period_start": p.start,
                                             "period_end": p.end} for p in periods])
    chosen = ["2020-02", "2021-11", "2022-Q2", "2023-H2", "2024"]
    done = subprocess.run([sys.executable, "-c", _DBT_SHOW, str(DBT_PROJECT), str(tmp_path / "state"), *chosen],
                          env=dbt_env(GOVINFO_WAREHOUSE=str(warehouse)),
                          capture_output=True, text=True, timeout=300)
    result = next((line for line in done.stdout.splitlines() if line.startswith("RESULT ")), None)
    assert result, done.stdout[-3000:] + done.stderr[-3000:]
    shown = json.loads(result[len("RESULT "):])
    for period_id in chosen:
        period = MIXED.period(period_id)
        assert shown[period_id] == [str(period.start), str(period.end), str(D(period.start.year, 1, 1))], period_id
    assert [(d, p) for d, p in shown["days"]] == [
        (str(day), MIXED.containing(day).id)
        for day in (D(2020, 1, 1) + dt.timedelta(days=n) for n in range((D(2025, 1, 1) - D(2020, 1, 1)).days))]
