"""Schemes of our own making (scheme.md), written as real .xlsx workbooks and run through the whole pipeline.
Every expected figure is worked out by hand below from the scheme's text, never by calling the code."""
from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

import duckdb
import pytest
from builders import write_workbook

from govinfo.config import Paths
from govinfo.pipeline import run_period

pytestmark = pytest.mark.pipeline

REGISTRY_HEADER = ["单位名称", "表内名称", "别名", "报送邮箱", "考核类别", "单位类别", "启用日期", "停用日期"]
PAPER_HEADER = ["报送日期", "单位名称", "信息标题"]
ADOPTION_HEADER = ["采用日期", "单位名称", "信息标题", "采用级别", "采用类型", "刊物", "期号"]


def _read(path):
    with open(path, encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _run(inputs, tmp_path, period):
    paths = Paths.resolve(inputs, tmp_path / "wh" / "govinfo.duckdb", tmp_path / "publish")
    run_period(paths, period, progress=lambda _: None, allow_empty=True)  # paper only, no mail
    folder = paths.publish_dir / period
    return paths, _read(folder / "annex.csv"), _read(folder / "points.csv")


def _points(rows, unit):
    return {(r["item"], r["level"], r["publication"]): (r["count"], r["count_ytd"], r["points"], r["points_ytd"])
            for r in rows if r["unit"] == unit}


def test_quarterly_scheme_with_a_national_level_decimals_publications_caps_and_highest_only(tmp_path):
    inputs = tmp_path / "inputs"
    write_workbook(inputs / "sheets" / "scheme.xlsx", {
        "考核设置": [["项目", "值", "生效日期"], ["考核周期", "季度", None], ["多级采用计分", "取最高", None]],
        "采用级别": [["级别", "代码", "别名", "顺序"], ["国家", "nation", "国家级", 1], ["省", "province", "省级", 2],
                     ["市", "city", "市级", 3]],
        "采用类型": [["类型", "代码", "别名", "顺序"], ["信息", "info", None, 1], ["图片", "photo", "照片", 2]],
        "积分标准": [["项目", "级别", "刊物", "分值", "上限", "生效日期"],
                     ["报送", None, None, 0.5, None, None],
                     ["信息", "国家", None, 50, None, None], ["信息", "省", None, 20, None, None],
                     ["信息", "市", None, 4.5, None, None], ["信息", "省", "人民日报", 60, None, None],
                     ["图片", "国家", None, 2, None, None], ["图片", "省", None, 1, None, None],
                     ["图片", "市", None, 0.5, None, None],
                     ["批示", "省", None, 10, 15, None]],
        "考核标准": [["考核类别", "每月最少报送", "每月最少采用", "本期最少积分"], ["A", 1, None, 10]],
    })
    write_workbook(inputs / "sheets" / "registry.xlsx", {"单位名册": [
        REGISTRY_HEADER[:5], ["示例市甲局", "甲局", None, "jia@example.org", "A"],
        ["示例市乙局", "乙局", None, "yi@example.org", None]]})
    write_workbook(inputs / "sheets" / "registers.xlsx", {
        "纸质报送": [PAPER_HEADER, ["2024-02-10", "甲局", "春耕备耕"], ["2024-04-03", "甲局", "春耕进展"],
                     ["2024-05-06", "甲局", "防汛准备"], ["2024-06-01", "甲局", "夏粮收购"],
                     ["2024-04-20", "乙局", "乙局工作"]],
        "采用登记": [ADOPTION_HEADER,
                     ["2024-02-20", "甲局", "春耕备耕", "市级", "信息", None, None],
                     ["2024-04-10", "甲局", "春耕备耕", "省", "信息", "人民日报", "3"],
                     ["2024-05-10", "甲局", "防汛准备", "国家级", "信息", None, None],
                     ["2024-05-12", "甲局", "防汛准备", "市", "照片", None, None],
                     ["2024-06-05", "乙局", "乙局工作", "省", "图片", None, None]],
        "批示登记": [["批示日期", "单位名称", "信息标题", "批示级别", "批示领导"],
                     ["2024-03-01", "甲局", "春耕备耕", "省", None], ["2024-05-15", "甲局", "防汛准备", "省", None],
                     ["2024-06-15", "甲局", "夏粮收购", "省级", None],
                     ["2024-05-20", "甲局", "防汛准备", "市", "王五"]],  # no 批示 row for 市: worth nothing, listed
        "加减分登记": [["日期", "单位名称", "事项", "分值", "说明"], ["2024-06-20", "甲局", "失实", -2.5, "一篇失实"]],
    })
    paths, annex, points = _run(inputs, tmp_path, "2024-Q2")
    assert list(annex[0]) == ["unit", "submitted", "submitted_ytd",
                              *[f"{k}_{lv}{s}" for k in ("info", "photo") for lv in ("nation", "province", "city")
                                for s in ("", "_ytd")],
                              "endorsed", "endorsed_ytd", "bonus", "bonus_ytd", "points", "points_ytd", "verdict"]
    jia, yi = annex
    # 甲局, Q2: 3 submissions × 0.5; 取最高: 春耕备耕 earned 4.5 in Q1, then 人民日报 省 (60) earns 55.5;
    # 防汛准备 国家 50, its 市 picture then earns nothing; 批示 10 each, 上限 15 a year: Q1 took 10, Q2 gets 5;
    # 失实 −2.5. Q2 = 1.5 + 55.5 + 50 + 5 − 2.5 = 109.5; year = 2 + 4.5 + 105.5 + 15 − 2.5 = 124.5
    assert jia == {"unit": "甲局", "submitted": "3", "submitted_ytd": "4",
                   "info_nation": "1", "info_nation_ytd": "1", "info_province": "1", "info_province_ytd": "1",
                   "info_city": "0", "info_city_ytd": "1", "photo_nation": "0", "photo_nation_ytd": "0",
                   "photo_province": "0", "photo_province_ytd": "0", "photo_city": "1", "photo_city_ytd": "1",
                   "endorsed": "2", "endorsed_ytd": "3", "bonus": "2.5", "bonus_ytd": "12.5",
                   "points": "109.5", "points_ytd": "124.5", "verdict": "合格"}
    # 乙局: one submission (0.5) and a 省 picture (1); no tier
    assert (yi["unit"], yi["submitted"], yi["photo_province"], yi["points"], yi["bonus"], yi["verdict"]) == (
        "乙局", "1", "1", "1.5", "0", "合格")
    assert _points(points, "甲局") == {
        ("报送", "", ""): ("3", "4", "1.5", "2"),
        ("信息", "国家", ""): ("1", "1", "50", "50"), ("信息", "省", ""): ("0", "0", "0", "0"),
        ("信息", "市", ""): ("0", "1", "0", "4.5"), ("信息", "省", "人民日报"): ("1", "1", "55.5", "55.5"),
        ("图片", "国家", ""): ("0", "0", "0", "0"), ("图片", "省", ""): ("0", "0", "0", "0"),
        ("图片", "市", ""): ("1", "1", "0", "0"),
        ("批示", "省", ""): ("2", "3", "5", "15"), ("加减分", "", ""): ("1", "1", "-2.5", "-2.5")}
    assert sum(float(r["points"]) for r in points if r["unit"] == "乙局") == 1.5
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        months = con.execute("SELECT month, in_period, item, kind_code, level_code, publication, count, points "
                             "FROM marts.unit_month_figures WHERE period_id = '2024-Q2' AND unit = '甲局' "
                             "AND component = 'adoption' ORDER BY month, component_order").fetchall()
    D = dt.date
    assert [tuple(str(v) if isinstance(v, Decimal) else v for v in row) for row in months] == [
        (D(2024, 2, 1), False, "信息", "info", "city", None, 1, "4.50"),
        (D(2024, 4, 1), True, "信息", "info", "province", "人民日报", 1, "55.50"),
        (D(2024, 5, 1), True, "信息", "info", "nation", None, 1, "50.00"),
        (D(2024, 5, 1), True, "图片", "photo", "city", None, 1, "0.00")]
    skipped = [(r["disposition"], r["reason"], r["sheet"], r["row_number"], r["detail"])
               for r in _read(paths.publish_dir / "2024-Q2" / "rejected.csv") if r["reason"] == "no_points_rule"]
    assert skipped == [("skipped", "no_points_rule", "批示登记", "5",
                        "积分标准 has no 批示 row for 级别 “市” in force on 2024-05-20: the 批示 earns nothing")]


def test_monthly_scheme_with_a_change_inside_the_month_quota_bonus_and_any_condition(tmp_path):
    inputs = tmp_path / "inputs"
    write_workbook(inputs / "sheets" / "scheme.xlsx", {
        "考核设置": [["项目", "值"], ["考核周期", "月"]],
        "积分标准": [["项目", "级别", "分值", "上限", "生效日期"], ["报送", None, 1, None, None],
                     ["信息", "省", 30, None, None], ["信息", "州", 15, None, None],
                     ["信息", "市", 5, None, None], ["信息", "市", 8, None, "2024-03-15"],
                     ["动态", "省", 15, None, None], ["动态", "州", 5, None, None], ["动态", "市", 3, None, None],
                     ["达标", None, 2, 5, None], ["约稿按时", None, 1, None, None],
                     ["约稿未报", None, -2, None, None]],
        "考核标准": [["考核类别", "每月最少报送", "每月最少采用", "本期最少报送", "判定方式"],
                     ["A", 2, 1, None, "全部"], ["B", None, 1, 3, "任一"]],
    })
    write_workbook(inputs / "sheets" / "registry.xlsx", {"单位名册": [
        REGISTRY_HEADER[:5], ["示例市甲局", "甲局", None, None, "A"], ["示例市乙局", "乙局", None, None, "B"]]})
    write_workbook(inputs / "sheets" / "registers.xlsx", {
        "纸质报送": [[*PAPER_HEADER, "约稿编号"],
                     *[[d, "甲局", f"甲局稿件{d}", None] for d in
                       ("2024-01-05", "2024-01-06", "2024-02-05", "2024-02-06", "2024-03-05")],
                     ["2024-03-20", "甲局", "甲局稿件2024-03-20", 1],  # the answer to 约稿 1, before it is due
                     ["2024-03-02", "乙局", "乙局稿件", None]],
        "约稿": [["编号", "主题", "责任单位", "截止日期"], [1, "春季安全生产", "甲局、乙局", "2024-03-25"]],
        "采用登记": [ADOPTION_HEADER, ["2024-01-10", "甲局", "一月", "市", "信息", None, None],
                     ["2024-02-10", "甲局", "二月", "市", "信息", None, None],
                     ["2024-03-10", "甲局", "三月上", "市", "信息", None, None],
                     ["2024-03-20", "甲局", "三月下", "市", "信息", None, None],
                     ["2024-01-15", "乙局", "乙局一月", "省", "动态", None, None]],
    })
    paths, annex, points = _run(inputs, tmp_path, "2024-03")
    assert list(annex[0])[-7:] == ["brief_city", "brief_city_ytd", "bonus", "bonus_ytd", "points", "points_ytd",
                                   "verdict"]
    jia, yi = annex
    # 甲局, March: 2 submissions; 市 信息 5 before 15 March, 8 from it; 达标 2 a month with 上限 5:
    # January 2, February 2, March 1; 约稿 1 answered in time +1. March = 2 + 5 + 8 + 1 + 1 = 17;
    # year = 6 + 23 + 5 + 1 = 35
    assert (jia["unit"], jia["submitted"], jia["submitted_ytd"], jia["info_city"], jia["info_city_ytd"],
            jia["bonus"], jia["bonus_ytd"], jia["points"], jia["points_ytd"], jia["verdict"]) == (
        "甲局", "2", "6", "2", "4", "2", "6", "17", "35", "合格")
    # 乙局 (B, 任一): in March one submission (< 3) and no adoption: both conditions fail; 约稿 1 unanswered −2.
    # January met its only monthly condition (one adoption): 达标 2. March = 1 − 2; year = 1 + 15 + 2 − 2 = 16
    assert (yi["submitted"], yi["brief_province_ytd"], yi["bonus"], yi["bonus_ytd"], yi["points"],
            yi["points_ytd"], yi["verdict"]) == ("1", "1", "-2", "0", "-1", "16", "不合格")
    assert _points(points, "甲局")[("达标", "", "")] == ("1", "3", "1", "5")
    assert _points(points, "甲局")[("约稿按时", "", "")] == ("1", "1", "1", "1")
    assert _points(points, "乙局")[("约稿未报", "", "")] == ("1", "1", "-2", "-2")
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        reasons = con.execute("SELECT computed_reasons FROM marts.period_verdicts "
                              "WHERE period_id = '2024-03' AND unit_name = '示例市乙局'").fetchone()
    assert reasons == ("报送数量不合格、采用量不合格",)
    # April has nothing of its own: the year to date still holds March's 约稿 (甲 +1, 乙 −2), judged at March's end
    _, annex, points = _run(inputs, tmp_path, "2024-04")
    jia, yi = annex
    assert (jia["points"], jia["bonus"], jia["bonus_ytd"], jia["points_ytd"]) == ("0", "0", "6", "35")
    assert (yi["points"], yi["bonus"], yi["bonus_ytd"], yi["points_ytd"]) == ("0", "0", "0", "16")
    assert _points(points, "甲局")[("约稿按时", "", "")] == ("0", "1", "0", "1")
    assert _points(points, "乙局")[("约稿未报", "", "")] == ("0", "1", "0", "-2")


def test_yearly_scheme_with_groups_ranks_and_registry_versions(tmp_path):
    inputs = tmp_path / "inputs"
    write_workbook(inputs / "sheets" / "scheme.xlsx", {
        "考核设置": [["项目", "值"], ["考核周期", "年"], ["显示排名", "是"], ["排名依据", "本期积分"], ["排序", "排名"]],
        "积分标准": [["项目", "级别", "分值"], ["报送", None, 1], ["信息", "省", 30], ["信息", "州", 15],
                     ["信息", "市", 5], ["动态", "省", 15], ["动态", "州", 5], ["动态", "市", 3]],
        "考核标准": [["考核类别", "每月最少报送", "每月最少采用"]],
    })
    write_workbook(inputs / "sheets" / "registry.xlsx", {"单位名册": [
        REGISTRY_HEADER,
        ["示例市甲局", "甲局", None, None, None, "部门", None, None],
        ["示例市乙局", "乙局", None, None, None, "部门", None, None],
        # 丙: a department until June, a township from July; the year's first day decides
        ["示例市丙局", "丙局", None, None, None, "部门", None, "2024-06-30"],
        ["丁镇人民政府", "丁镇", None, None, None, "乡镇", None, None],
        ["戊镇人民政府", "戊镇", None, None, None, "乡镇", None, None],
        ["示例市丙局", "丙镇", None, None, None, "乡镇", "2024-07-01", None],
        # 己 starts in March (its first row in the year decides), 庚 stopped before the year
        ["己镇人民政府", "己镇", None, None, None, "乡镇", "2024-03-01", None],
        ["示例市庚局", "庚局", None, None, None, "部门", None, "2023-12-31"],
    ]})
    subs = {"甲局": 3, "乙局": 3, "丙局": 1, "丁镇": 2, "戊镇": 4}
    write_workbook(inputs / "sheets" / "registers.xlsx", {
        "纸质报送": [PAPER_HEADER, *[[f"2024-0{n + 4}-1{n}", unit, f"{unit}稿件{n}"]
                                    for unit, count in subs.items() for n in range(count)],
                     ["2024-04-01", "己镇", "己镇稿件"],
                     ["2024-02-01", "己镇", "己镇早到的稿件"]],  # before 己 is active: unit_inactive
        "加减分登记": [["日期", "单位名称", "事项", "分值", "说明"], ["2024-02-02", "己镇", "表扬", 3, "早于启用"]],
        "采用登记": [ADOPTION_HEADER, ["2024-05-01", "甲局", "甲局稿件0", "市", "信息", None, None],
                     ["2024-05-02", "乙局", "乙局稿件0", "市", "信息", None, None]],
    })
    paths, annex, points = _run(inputs, tmp_path, "2024")
    assert list(annex[0])[:3] == ["unit", "group", "submitted"] and list(annex[0])[-4:] == [
        "points", "points_ytd", "rank", "verdict"]
    # 排序 排名: group (in order of their first unit), then rank (1, 1, 3: ties share the best), then registry order
    got = [(r["unit"], r["group"], r["points"], r["points_ytd"], r["rank"]) for r in annex]
    assert got == [("甲局", "部门", "8", "8", "1"), ("乙局", "部门", "8", "8", "1"), ("丙局", "部门", "1", "1", "3"),
                   ("戊镇", "乡镇", "4", "4", "1"), ("丁镇", "乡镇", "2", "2", "2"), ("己镇", "乡镇", "1", "1", "3")]
    assert {r["group"] for r in points} == {"部门", "乡镇"}
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        inactive = con.execute("SELECT sheet FROM marts.rejected WHERE reason = 'unit_inactive' "
                               "ORDER BY sheet NULLS FIRST").fetchall()
    assert inactive == [(None,), ("加减分登记",)]   # the paper row (a submission) and the 加减分 of 己 before March


def test_a_past_period_is_the_same_after_later_rules_and_registry_rows(tmp_path):
    inputs = tmp_path / "inputs"
    scheme = {"积分标准": [["项目", "级别", "分值", "生效日期"], ["报送", None, 1, None], ["信息", "省", 30, None],
                           ["信息", "州", 15, None], ["信息", "市", 5, None], ["动态", "省", 15, None],
                           ["动态", "州", 5, None], ["动态", "市", 3, None]],
              "考核标准": [["考核类别", "每月最少报送", "每月最少采用"], ["A", 1, 0], ["B", 1, 1]]}
    registry = [REGISTRY_HEADER, ["示例市甲局", "甲局", None, None, "A", None, None, None],
                ["示例市乙局", "乙局", None, None, "A", None, None, None]]
    write_workbook(inputs / "sheets" / "scheme.xlsx", scheme)
    write_workbook(inputs / "sheets" / "registry.xlsx", {"单位名册": registry})
    write_workbook(inputs / "sheets" / "registers.xlsx", {
        "纸质报送": [PAPER_HEADER, ["2024-01-05", "甲局", "一"], ["2024-02-05", "甲局", "二"],
                     ["2024-01-06", "乙局", "三"]],
        "采用登记": [ADOPTION_HEADER, ["2024-01-10", "甲局", "一", "市", "信息", None, None]]})
    paths = Paths.resolve(inputs, tmp_path / "wh" / "govinfo.duckdb", tmp_path / "publish")
    run_period(paths, "2024-01", progress=lambda _: None, allow_empty=True)
    folder = paths.publish_dir / "2024-01"
    published = {name: (folder / name).read_bytes() for name in ("annex.csv", "points.csv", "annex.xlsx")}

    # next year: 市 信息 is worth 8, 甲局 becomes tier B under another printed name, a new unit joins
    scheme["积分标准"].append(["信息", "市", 8, "2025-01-01"])
    write_workbook(inputs / "sheets" / "scheme.xlsx", scheme)
    registry[1][7] = "2024-12-31"
    registry += [["示例市甲局", "甲局（新）", None, None, "B", None, "2025-01-01", None],
                 ["示例市丙局", "丙局", None, None, "A", None, "2025-01-01", None]]
    write_workbook(inputs / "sheets" / "registry.xlsx", {"单位名册": registry})
    write_workbook(inputs / "sheets" / "registers2025.xlsx", {
        "纸质报送": [PAPER_HEADER, ["2025-01-05", "甲局（新）", "新年"]],
        "采用登记": [ADOPTION_HEADER, ["2025-01-10", "甲局（新）", "新年", "市", "信息", None, None]]})
    run_period(paths, "2024-01", progress=lambda _: None, allow_empty=True)
    assert {name: (folder / name).read_bytes() for name in published} == published

    # then the office adds a kind, 专报, which 乙局's first piece of 2025 is adopted as
    scheme["采用类型"] = [["类型", "代码", "顺序"], ["信息", "info", 1], ["动态", "brief", 2], ["专报", "special", 3]]
    scheme["积分标准"].append(["专报", "市", 20, None])
    write_workbook(inputs / "sheets" / "scheme.xlsx", scheme)
    write_workbook(inputs / "sheets" / "registers2025.xlsx", {
        "纸质报送": [PAPER_HEADER, ["2025-01-05", "甲局（新）", "新年"], ["2025-01-06", "乙局", "乙新"]],
        "采用登记": [ADOPTION_HEADER, ["2025-01-10", "甲局（新）", "新年", "市", "信息", None, None],
                     ["2025-01-11", "乙局", "乙新", "市", "专报", None, None]]})
    # and 2025 is scored by its own rows: 1 + 8, and 1 + 20
    run_period(paths, "2025-01", progress=lambda _: None, allow_empty=True)
    rows = {r["unit"]: r for r in _read(paths.publish_dir / "2025-01" / "annex.csv")}
    assert set(rows) == {"甲局（新）", "乙局", "丙局"} and rows["甲局（新）"]["points"] == "9"
    assert (rows["乙局"]["special_city"], rows["乙局"]["points"]) == ("1", "21")
    # marts.annex's columns follow the scheme (no contract): the kind's columns were added to the table, NULL in the
    # rows of 2024-01, which stay as they were
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        assert con.execute("SELECT period_id, unit, special_city, info_city FROM marts.annex ORDER BY ALL").fetchall() \
            == [("2024-01", "乙局", None, 0), ("2024-01", "甲局", None, 1), ("2025-01", "丙局", 0, 0),
                ("2025-01", "乙局", 1, 0), ("2025-01", "甲局（新）", 0, 1)]

