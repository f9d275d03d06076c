"""Bad schemes (scheme.md) are stopped before dbt: each case is a real workbook with one mistake, and the run
stops with exactly one message naming file, sheet, row and the column's value; register rows that break the
scheme are rejected with their reason. Valid scheme sheets give the rule tables raw.scheme_*."""
from __future__ import annotations

import duckdb
import pytest
from builders import RULES, registry, write_workbook

from govinfo.config import Paths
from govinfo.pipeline import ingest_step, validate_step
from ingestion.errors import InputError

pytestmark = pytest.mark.pipeline

UNITS = [["格尔木市甲局", "市甲局", "甲局", "jia@example.org", "A"]]
SETTINGS = ["项目", "值", "生效日期"]
LEVELS = ["级别", "代码", "别名", "顺序"]
KINDS = ["类型", "代码", "别名", "顺序"]
POINTS = ["项目", "级别", "刊物", "分值", "上限", "生效日期"]
ADOPT = ["采用日期", "单位名称", "信息标题", "采用级别", "采用类型"]
ROSTER = ["单位名称", "表内名称", "别名", "报送邮箱", "考核类别", "单位类别", "启用日期", "停用日期"]
QUOTAS = ["考核类别", "每月最少报送", "每月最少采用", "本期最少报送", "本期最少采用", "本期最少积分", "判定方式", "生效日期"]
F = "sheets/case.xlsx"
DEFAULT_LEVELS = "省 (省级), 州 (州级) or 市 (市级)"


def _points(*rows):
    return {"积分标准": [POINTS, ["报送", None, None, 1, None, None], *rows]}


# (case, sheets of case.xlsx, the one message) — each case listed once
BAD_SCHEMES = [
    ("积分标准 names a level the scheme does not have", _points(["信息", "国家", None, 50, None, None]),
     f"{F} / sheet 积分标准 / row 3: 级别 “国家” is not a 采用级别 ({DEFAULT_LEVELS})"),
    ("积分标准 names an item that is neither a kind nor a component", _points(["转载", None, None, 2, None, None]),
     f"{F} / sheet 积分标准 / row 3: 项目 “转载” is not 报送, 批示、约稿按时、约稿逾期、约稿未报、达标 or an 采用类型 "
     "(信息 or 动态)"),
    ("分值 with three decimals", _points(["信息", "省", None, "1.255", None, None]),
     f"{F} / sheet 积分标准 / row 3: 分值 “1.255” is not a number with at most two decimals"),
    ("分值 that is not a number", _points(["信息", "省", None, "三十", None, None]),
     f"{F} / sheet 积分标准 / row 3: 分值 “三十” is not a number with at most two decimals"),
    ("上限 that is not positive", _points(["信息", "省", None, 30, 0, None]),
     f"{F} / sheet 积分标准 / row 3: 上限 “0” is not a positive number with at most two decimals"),
    ("报送 given a 级别", {"积分标准": [POINTS, ["报送", "省", None, 1, None, None]]},
     f"{F} / sheet 积分标准 / row 2: 报送 takes no 级别 or 刊物"),
    ("批示 without a 级别", _points(["批示", None, None, 5, None, None]),
     f"{F} / sheet 积分标准 / row 3: 批示 needs a 级别 and no 刊物"),
    ("one row given twice with other points", _points(["信息", "省", None, 30, None, None], ["信息", "省级", None, 25, None, None]),
     f"{F} / sheet 积分标准 / row 4: 项目 信息 / 级别 省级 / 刊物 （空） from the same 生效日期 is given twice with "
     "different 分值 or 上限"),
    ("生效日期 that is not a date", _points(["信息", "省", None, 30, None, "明年"]),
     f"{F} / sheet 积分标准 / row 3: 生效日期 “明年” is not a date"),
    ("代码 that is not an ASCII identifier", {"采用级别": [LEVELS, ["省", "province", None, 1], ["州", "prefecture", None, 2],
                                                        ["市", "市级", None, 3]]},
     f"{F} / sheet 采用级别 / row 4: 代码 “市级” is not an ASCII identifier"),
    ("代码 starting with a digit", {"采用类型": [KINDS, ["信息", "1info", None, 1], ["动态", "brief", None, 2]]},
     f"{F} / sheet 采用类型 / row 2: 代码 “1info” is not an ASCII identifier"),
    ("two kinds with one 代码", {"采用类型": [KINDS, ["信息", "info", None, 1], ["动态", "Info", None, 2]]},
     f"{F} / sheet 采用类型 / row 3: 代码 “Info” is already the 代码 of an earlier row"),
    ("an 别名 naming another level", {"采用级别": [LEVELS, ["省", "province", "省级", 1], ["州", "prefecture", "省级", 2],
                                                 ["市", "city", None, 3]]},
     f"{F} / sheet 采用级别 / row 3: 级别 or 别名 “省级” already names an earlier row"),
    ("顺序 that is not a whole number", {"采用级别": [LEVELS, ["省", "province", None, "第一"], ["州", "prefecture", None, 2],
                                                  ["市", "city", None, 3]]},
     f"{F} / sheet 采用级别 / row 2: 顺序 “第一” is not a whole number"),
    ("考核周期 changing on another day than 1 January", {"考核设置": [SETTINGS, ["考核周期", "季度", "2024-07-01"]]},
     f"{F} / sheet 考核设置 / row 2: 考核周期 may only change on 1 January, not on 生效日期 2024-07-01"),
    ("unknown 考核周期", {"考核设置": [SETTINGS, ["考核周期", "周", None]]},
     f"{F} / sheet 考核设置 / row 2: 值 “周” is not allowed for 考核周期: 月、双月、季度、半年、年"),
    ("unknown 多级采用计分", {"考核设置": [SETTINGS, ["多级采用计分", "最高", None]]},
     f"{F} / sheet 考核设置 / row 2: 值 “最高” is not allowed for 多级采用计分: 累加、取最高"),
    ("unknown 显示排名", {"考核设置": [SETTINGS, ["显示排名", "Y", None]]},
     f"{F} / sheet 考核设置 / row 2: 值 “Y” is not allowed for 显示排名: 是、否"),
    ("unknown 排名依据", {"考核设置": [SETTINGS, ["排名依据", "积分", None]]},
     f"{F} / sheet 考核设置 / row 2: 值 “积分” is not allowed for 排名依据: 本期积分、累计积分"),
    ("unknown 排序", {"考核设置": [SETTINGS, ["排序", "积分优先", None]]},
     f"{F} / sheet 考核设置 / row 2: 值 “积分优先” is not allowed for 排序: 合格优先、排名、名册"),
    ("unknown setting", {"考核设置": [SETTINGS, ["考核方式", "季度", None]]},
     f"{F} / sheet 考核设置 / row 2: 项目 “考核方式” is not a setting"),
    ("one setting with two values from one date", {"考核设置": [SETTINGS, ["排序", "名册", None], ["排序", "排名", None]]},
     f"{F} / sheet 考核设置 / row 3: 排序 has another 值 from the same 生效日期 in an earlier row"),
    ("判定方式 other than 全部/任一", {"考核标准": [QUOTAS, ["A", 5, 1, None, None, None, "部分", None]]},
     f"{F} / sheet 考核标准 / row 2: 判定方式 “部分” is not 全部 or 任一"),
    ("本期最少积分 that is not a number", {"考核标准": [QUOTAS, ["A", 5, 1, None, None, "十", None, None]]},
     f"{F} / sheet 考核标准 / row 2: 本期最少积分 “十” is not a number with at most two decimals"),
    ("overlapping 启用日期 ranges of one unit", {"单位名册": [
        ROSTER, ["格尔木市甲局", "市甲局", "甲局", "jia@example.org", "A", "部门", "2024-01-01", "2024-06-30"],
        ["格尔木市甲局", "市甲局", "甲局", "jia@example.org", "A", "乡镇", "2024-06-30", None]]},
     f"{F} / sheet 单位名册 / row 3: 单位名称 “格尔木市甲局”: its 启用日期–停用日期 range overlaps an earlier row of the "
     "same unit"),
    ("停用日期 before 启用日期", {"单位名册": [
        ROSTER, ["格尔木市甲局", "市甲局", "甲局", "jia@example.org", "A", None, "2024-06-01", "2024-01-31"]]},
     f"{F} / sheet 单位名册 / row 2: 停用日期 2024-01-31 is before 启用日期 2024-06-01"),
    ("a kind × level pair in use without a 积分标准 row", {
        "采用级别": [LEVELS, ["国家", "national", "国家级", 1], ["省", "province", None, 2]],
        **_points(["信息", "省", None, 30, None, None], ["信息", "国家", "人民日报", 80, None, None]),
        "采用登记": [ADOPT, ["2024-05-08", "市甲局", "国家级采用", "国家级", "信息"]]},
     f"{F} / sheet 采用登记 / row 2: 采用类型 信息 at 采用级别 国家级 has no row in 积分标准 (项目 信息, 级别 国家级, "
     "no 刊物) in force on 2024-05-08"),
    ("a pair whose 积分标准 row takes effect after the adoption", {
        **_points(["信息", "省", None, 30, None, "2024-06-01"]),
        "采用登记": [ADOPT, ["2024-05-08", "市甲局", "早于标准", "省", "信息"]]},
     f"{F} / sheet 采用登记 / row 2: 采用类型 信息 at 采用级别 省 has no row in 积分标准"),
]


def _validate(tmp_path, sheets):
    base = {k: v for k, v in RULES.items() if k not in sheets}
    book = registry(UNITS, base)
    if "单位名册" in sheets:
        book.pop("单位名册")
    write_workbook(tmp_path / "in" / "sheets" / "registry.xlsx", book)
    if sheets:
        write_workbook(tmp_path / "in" / "sheets" / "case.xlsx", sheets)
    paths = Paths.resolve(tmp_path / "in", tmp_path / "g.duckdb", tmp_path / "pub")
    ingest_step(paths, progress=lambda _: None)
    return paths, validate_step(paths)


@pytest.mark.parametrize("case,sheets,message", BAD_SCHEMES, ids=[c[0] for c in BAD_SCHEMES])
def test_a_bad_scheme_stops_before_dbt_with_one_message_naming_where(tmp_path, case, sheets, message):
    with pytest.raises(InputError) as caught:
        _validate(tmp_path, sheets)
    problems = str(caught.value).split("\n  ")[1:]  # "the inputs cannot be counted:" then one line each
    assert len(problems) == 1 and problems[0].startswith(message), f"{case}: {problems}"
    assert not (tmp_path / "pub").exists()


def test_register_rows_that_break_the_scheme_are_rejected_with_their_reason(tmp_path):
    sheets = {
        "采用级别": [LEVELS, ["国家", "national", "国家级", 1], ["省", "province", "省级", 2]],
        **_points(["信息", "国家", None, 80, None, None], ["信息", "省", None, 30, None, None],
                  ["批示", "省", None, 5, None, None]),
        "采用登记": [ADOPT, ["2024-05-08", "市甲局", "市级采用", "市", "信息"]],
        "批示登记": [["批示日期", "单位名称", "信息标题", "批示级别", "批示领导"],
                    ["2024-05-09", "市甲局", "一篇", "州", "某领导"], ["2024-05-09", "市甲局", "二篇", "省级", None]],
        "加减分登记": [["日期", "单位名称", "事项", "分值", "说明"], ["2024-05-10", "市甲局", "失实", "扣三十", None],
                     ["2024-05-11", "市甲局", "失实", "-30", None], ["2024-05-12", "市甲局", "表扬", "2.555", None]],
        "考核调整": [["期间", "单位名称", "结论", "原因"], ["2024-Q2", "市甲局", "合格", "x"], ["2024-05", "市甲局", "合格", "x"]],
    }
    paths, _ = _validate(tmp_path, sheets)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        rejected = con.execute("SELECT sheet, row_number, reason, detail FROM raw.row_rejections "
                               "ORDER BY sheet, row_number").fetchall()
    assert rejected == [
        ("加减分登记", 2, "bad_points", "分值 “扣三十” is not a signed number with at most two decimals (-30, 2.5)"),
        ("加减分登记", 4, "bad_points", "分值 “2.555” is not a signed number with at most two decimals (-30, 2.5)"),
        ("批示登记", 2, "bad_level", "批示级别 “州” is not a 采用级别: 国家 (国家级) or 省 (省级)"),
        ("考核调整", 2, "bad_period", "期间 “2024-Q2” is not a period of 2024, whose 考核周期 is 双月: expected "
                                   "YYYY-MM with an odd month (2024-05 = May and June)"),
        ("采用登记", 2, "bad_level", "采用级别 “市” is not 国家 (国家级) or 省 (省级)"),
    ]


def test_the_scheme_sheets_become_the_rule_tables(tmp_path):
    sheets = {
        "考核设置": [SETTINGS, ["考核周期", "季度", None], ["考核周期", "月", "2025-01-01"], ["显示排名", "是", None],
                  ["发文单位", "某市人民政府办公室", None]],
        "采用级别": [LEVELS, ["省", "prov", "省级、省里", 2], ["国家", "nation", "国家级；中央", 1]],
        "采用类型": [KINDS, ["信息", "info", None, None], ["图片", "photo", "照片", None]],
        **_points(["信息", "国家", None, 50, None, None], ["图片", "省", None, "0.5", 10, None]),
    }
    paths, _ = _validate(tmp_path, sheets)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        levels = con.execute("SELECT code, name, position FROM raw.scheme_levels ORDER BY position").fetchall()
        kinds = con.execute("SELECT code, name, position FROM raw.scheme_kinds ORDER BY position").fetchall()
        spellings = con.execute("SELECT dimension, written_key, code FROM raw.scheme_spellings ORDER BY ALL").fetchall()
        settings = con.execute("SELECT item, value, CAST(effective_from AS VARCHAR) FROM raw.scheme_settings "
                               "ORDER BY ALL").fetchall()
    assert levels == [("nation", "国家", 1), ("prov", "省", 2)]
    assert kinds == [("info", "信息", 1), ("photo", "图片", 2)]  # no 顺序: the rows' order
    assert spellings == sorted([("kind", "信息", "info"), ("kind", "图片", "photo"), ("kind", "照片", "photo"),
                                ("level", "中央", "nation"), ("level", "国家", "nation"), ("level", "国家级", "nation"),
                                ("level", "省", "prov"), ("level", "省级", "prov"), ("level", "省里", "prov")])
    assert settings == sorted([("多级采用计分", "累加", None), ("排名依据", "本期积分", None), ("排序", "合格优先", None),
                               ("考核周期", "季度", None), ("考核周期", "月", "2025-01-01"), ("显示排名", "是", None),
                               ("发文单位", "某市人民政府办公室", None), ("附注显示考核调整", "是", None)])


def test_without_scheme_sheets_the_defaults_are_the_rule_tables(tmp_path):
    paths, _ = _validate(tmp_path, {})
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        levels = con.execute("SELECT code, name FROM raw.scheme_levels ORDER BY position").fetchall()
        kinds = con.execute("SELECT code, name FROM raw.scheme_kinds ORDER BY position").fetchall()
        cycle = con.execute("SELECT value FROM raw.scheme_settings WHERE item = '考核周期'").fetchall()
    assert levels == [("province", "省"), ("prefecture", "州"), ("city", "市")]
    assert kinds == [("info", "信息"), ("brief", "动态")]
    assert cycle == [("双月",)]
