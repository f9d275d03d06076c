"""Register workbooks through the whole pipeline: names, levels, dates, repeats, structural errors."""
from __future__ import annotations

import csv
import datetime as dt

import duckdb
import pytest
from builders import message, registry, write_eml, write_workbook

from govinfo.config import Paths
from govinfo.pipeline import ingest_step, run_period
from ingestion.errors import InputError

pytestmark = pytest.mark.pipeline

ADOPTION_HEADER = ["采用日期", "单位名称", "信息标题", "采用级别", "采用类型", "刊物", "期号"]


def _run(inputs, tmp_path, period="2024-05"):
    paths = Paths.resolve(inputs, tmp_path / "wh" / "g.duckdb", tmp_path / "pub")
    # registers only, no mail dated in the period: the empty-period guard is lifted on purpose
    run_period(paths, period, progress=lambda _: None, allow_empty=True)
    with open(paths.publish_dir / period / "annex.csv", encoding="utf-8-sig") as handle:
        return {r["unit"]: r for r in csv.DictReader(handle)}, paths


def _inputs(tmp_path, units, **sheets):
    inputs = tmp_path / "inputs"
    write_workbook(inputs / "sheets" / "registry.xlsx", registry(units))
    for name, book in sheets.items():
        write_workbook(inputs / "sheets" / f"{name}.xlsx", book)
    (inputs / "mail").mkdir(parents=True, exist_ok=True)
    return inputs


UNITS = [["格尔木农垦（集团）有限公司", "格尔木农垦(集团)", "农垦集团;农垦", "nk@example.org", "C"],
         ["格尔木市统计局", "市统计局", "统计局", "tj@example.org", None]]


def test_names_aliases_levels_and_dates_as_offices_write_them(tmp_path):
    inputs = _inputs(tmp_path, UNITS, adoptions={"采用登记": [
        ADOPTION_HEADER,
        [dt.datetime(2024, 5, 3), "格尔木农垦(集团)有限公司\u3000", "标题一", "省级", "信息", None, None],  # full name, NFKC
        ["2024年5月9日", "农垦集团", "标题二", "州级", "动态", None, None],                        # alias, text date
        ["2024/06/01", "格尔木农垦（集团）", "标题三", "市", "信息", None, None],                   # 表内名称 full-width
        [45450, " 市统计局 ", "标题四", "市级", "动态", None, None],                                 # Excel serial 2024-06-08
        ["2024-07-01", "市统计局", "标题五", "市", "动态", None, None],                              # next period
    ]})
    annex, _ = _run(inputs, tmp_path)
    nk, tj = annex["格尔木农垦(集团)"], annex["市统计局"]
    assert (nk["info_province"], nk["brief_prefecture"], nk["info_city"]) == ("1", "1", "1")
    assert nk["points"] == str(30 + 5 + 5)
    assert (tj["brief_city"], tj["brief_city_ytd"], tj["points"]) == ("1", "1", "3")


def test_same_row_in_two_workbooks_counts_once(tmp_path):
    row = ["2024-05-03", "市统计局", "标题", "市", "信息", "格尔木政务信息", "5"]
    inputs = _inputs(tmp_path, UNITS, a={"采用登记": [ADOPTION_HEADER, row]},
                     b={"采用登记": [ADOPTION_HEADER, row, ["2024-05-04", "市统计局", "标题", "市", "信息", None, None]]})
    annex, paths = _run(inputs, tmp_path)
    # the exact repeat counts once; the row that differs (another date) is another adoption
    assert annex["市统计局"]["info_city"] == "2"
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        skipped = con.execute("SELECT reason, source_file, row_number FROM marts.rejected").fetchall()
    assert skipped == [("exact_repeat", "sheets/b.xlsx", 2)]


def test_unusable_rows_are_rejected_with_row_numbers_and_the_rest_counted(tmp_path):
    inputs = _inputs(tmp_path, UNITS, a={"采用登记": [
        ADOPTION_HEADER,
        ["2024-05-03", "市统计局", "好", "市", "信息", None, None],
        ["2024-05-03", "市统计局", "区级的", "区级", "信息", None, None],
        ["2024-05-03", "市统计局", "简报的", "市", "简报", None, None],
        ["五月三日", "市统计局", "无日期", "市", "信息", None, None],
        ["2024-05-03", "市气象局", "外单位", "市", "信息", None, None],
    ]})
    annex, paths = _run(inputs, tmp_path)
    assert annex["市统计局"]["info_city"] == "1"
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        rejected = con.execute("SELECT row_number, reason FROM marts.rejected ORDER BY row_number").fetchall()
    assert rejected == [(3, "bad_level"), (4, "bad_type"), (5, "bad_date"), (6, "unknown_unit")]


def test_title_rows_above_the_header_and_extra_columns_are_accepted(tmp_path):
    inputs = _inputs(tmp_path, UNITS, paper={"纸质报送": [
        ["2024年纸质报送登记"], [],
        ["序号", "报送日期", "单位名称", "信息标题", "备注"],
        [1, "2024-05-06", "统计局", "统计局纸质报送一", "手写"],
    ]})
    annex, _ = _run(inputs, tmp_path)
    assert annex["市统计局"]["submitted"] == "1"


def test_missing_column_stops_the_run_naming_file_sheet_and_column(tmp_path):
    inputs = _inputs(tmp_path, UNITS, a={"采用登记": [["采用日期", "单位名称", "信息标题", "采用类型"],
                                                     ["2024-05-03", "市统计局", "x", "信息"]]})
    with pytest.raises(InputError) as caught:
        ingest_step(Paths.resolve(inputs, tmp_path / "g.duckdb", tmp_path / "pub"), progress=lambda _: None)
    assert str(caught.value).startswith("sheets/a.xlsx / sheet 采用登记 / column 采用级别:")


def test_no_registry_stops_the_run(tmp_path):
    inputs = tmp_path / "inputs"
    write_workbook(inputs / "sheets" / "a.xlsx", {"采用登记": [ADOPTION_HEADER]})
    with pytest.raises(InputError, match="no workbook has a sheet named 单位名册"):
        ingest_step(Paths.resolve(inputs, tmp_path / "g.duckdb", tmp_path / "pub"), progress=lambda _: None)


def test_a_file_that_is_not_a_workbook_is_reported_and_the_rest_used(tmp_path):
    inputs = _inputs(tmp_path, UNITS)
    (inputs / "sheets" / "broken.xlsx").write_text("this is not a zip file")
    write_eml(inputs / "mail", "m.eml", message(sender="tj@example.org", subject="统计局月度分析", body="正文"))
    annex, paths = _run(inputs, tmp_path)
    assert annex["市统计局"]["submitted"] == "1"
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        assert con.execute("SELECT reason, source_file FROM marts.rejected").fetchall() == [
            ("unreadable_workbook", "sheets/broken.xlsx")]
