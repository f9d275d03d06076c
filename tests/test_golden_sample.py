"""The acceptance test of the core pipeline: the bundled sample reproduces the notice's annex."""
from __future__ import annotations

import csv

import duckdb
import pytest
from conftest import SPEC, copy_build
from openpyxl import load_workbook

from govinfo.pipeline import transform_step

pytestmark = pytest.mark.pipeline

GOLDEN = SPEC / "annex-2024-05.csv"


def _read(path):
    with open(path, encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def sample_run(sample_build):
    return sample_build  # built once for the session (conftest.py)


def test_every_figure_and_verdict_of_the_notice(sample_run):
    paths, _ = sample_run
    expected = {r["unit"]: r for r in _read(GOLDEN)}
    published = _read(paths.publish_dir / "2024-05" / "annex.csv")
    assert list(published[0].keys()) == list(_read(GOLDEN)[0].keys())
    assert {r["unit"]: r for r in published} == expected


def test_rows_follow_the_contract_order(sample_run):
    paths, _ = sample_run
    rows = _read(paths.publish_dir / "2024-05" / "annex.csv")
    keys = [(r["verdict"] != "合格", -int(r["points"]), -int(r["points_ytd"])) for r in rows]
    assert keys == sorted(keys)


def test_verdict_reasons_and_the_office_adjustments(sample_run):
    paths, _ = sample_run
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        rows = con.execute("SELECT unit, computed_verdict, computed_reasons, adjusted_verdict, verdict "
                           "FROM marts.period_verdicts WHERE period_id = '2024-05' AND verdict = '不合格' "
                           "OR adjusted_verdict IS NOT NULL ORDER BY unit").fetchall()
    assert {r[0]: r[1:] for r in rows} == {
        "市教育局": ("不合格", "报送数量不合格", None, "不合格"),
        "投资控股公司": ("不合格", "报送数量不合格", None, "不合格"),
        "市自然资源局": ("不合格", "采用量不合格", None, "不合格"),
        "市住房和城乡建设局": ("不合格", "采用量不合格", None, "不合格"),
        # the notice's verdicts that its written rules do not give: 考核调整, computed verdict kept beside
        "市民政局": ("不合格", "采用量不合格", "合格", "合格"),
        "市林业和草原局": ("合格", None, "不合格", "不合格"),
        "市生态环境局": ("合格", None, "不合格", "不合格"),
        "国家税务总局格尔木市税务局": ("合格", None, "不合格", "不合格"),
    }


def test_the_printable_annex_carries_the_same_figures(sample_run):
    paths, _ = sample_run
    sheet = load_workbook(paths.publish_dir / "2024-05" / "annex.xlsx").active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    total = next(r for r in values if r[0] == "合计")
    assert total[1:17] == [479, 1287, 0, 2, 24, 58, 43, 146, 19, 38, 13, 54, 18, 90, 1458, 4057]
    notes = " ".join(str(r[0]) for r in values[values.index(total) + 1:] if r[0])
    assert "5月1日—6月30日" in notes and "省级采用信息1篇积30分" in notes


def _period_rows(paths, period):
    """The period's rows of the annex (dbt's incremental materialization) and of two period_slice marts."""
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return [con.execute(f"SELECT * FROM marts.{table} WHERE period_id = ? ORDER BY ALL", [period]).fetchall()
                for table in ("annex", "annex_figures", "unit_months")]


def test_periods_are_kept_apart(sample_run, tmp_path):
    paths = copy_build(sample_run[0], tmp_path)  # builds other periods: on a copy of the shared build
    may = _period_rows(paths, "2024-05")
    transform_step(paths, "2024-03", progress=lambda _: None)
    march = _period_rows(paths, "2024-03")
    transform_step(paths, "2024-05", progress=lambda _: None)
    transform_step(paths, "2024-03", progress=lambda _: None)
    assert _period_rows(paths, "2024-05") == may and _period_rows(paths, "2024-03") == march
    assert len(march[0]) == 34 and all(m and m != y for m, y in zip(march, may))


def test_a_mart_whose_columns_differ_from_its_contract_fails_and_keeps_its_rows(sample_run, tmp_path):
    """period_slice (dbt/macros/materializations) as on_schema_change='fail': a table that no longer matches its
    contract is neither filled nor replaced (it holds other periods' rows), and the build names it."""
    from govinfo.transform import TransformError

    paths = copy_build(sample_run[0], tmp_path)
    may = _period_rows(paths, "2024-05")
    with duckdb.connect(str(paths.warehouse)) as con:
        con.execute("ALTER TABLE marts.unit_months ADD COLUMN note VARCHAR")
    with pytest.raises(TransformError, match="unit_months"):
        transform_step(paths, "2024-03", progress=lambda _: None)
    assert _period_rows(paths, "2024-05") == [*may[:2], [(*row, None) for row in may[2]]]
    assert _period_rows(paths, "2024-03")[2] == []


def test_a_whole_table_mart_whose_columns_differ_from_its_contract_is_made_again(sample_run, tmp_path):
    """period_slice without a unique_key holds every row: a table that no longer matches its contract is replaced."""
    paths = copy_build(sample_run[0], tmp_path)

    def submissions():
        with duckdb.connect(str(paths.warehouse), read_only=True) as con:
            return (con.execute("SELECT * FROM marts.submissions ORDER BY ALL").fetchall(),
                    con.execute("DESCRIBE marts.submissions").fetchall())

    before = submissions()
    with duckdb.connect(str(paths.warehouse)) as con:
        con.execute("ALTER TABLE marts.submissions ADD COLUMN note VARCHAR")
    transform_step(paths, "2024-05", progress=lambda _: None)
    assert submissions() == before and before[0]


def test_the_annex_suite_that_passed_is_reused_for_the_same_annex(sample_run, monkeypatch):
    from expectations import gx_run
    from expectations.mart_suites import validate_annex
    from govinfo.periods import period_bounds
    from govinfo.transform import annex_suite_kept

    paths, _ = sample_run
    kept = annex_suite_kept(paths.warehouse)   # written by the run's publish step
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        start, end = period_bounds(con, "2024-05")
        ran = validate_annex(con, "2024-05", start, end)

        def not_again(*_):
            raise AssertionError("the annex suite ran again on the same annex")

        monkeypatch.setattr(gx_run.SuiteRunner, "_run", not_again)
        assert validate_annex(con, "2024-05", start, end, kept) == ran
