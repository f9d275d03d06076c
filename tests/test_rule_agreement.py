"""Rules both Python and SQL apply, on the same real inputs (an .xlsx registry landed in a real DuckDB file):
the validate step's Python (expectations/) is the source, and dbt's models must agree with it on tricky cases.
(The text keys are one source already: dbt calls ingestion.text through govinfo.dbt_functions.)"""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from builders import RULES, message, write_eml, write_workbook

from expectations.input_suites import INPUT_SUITES
from expectations.rules import unit_names
from expectations.validate_inputs import input_frame
from govinfo.config import Paths
from govinfo.pipeline import ingest_step, transform_step, validate_step
from ingestion.text import clean

pytestmark = pytest.mark.pipeline

HEADER = ["单位名称", "表内名称", "别名", "报送邮箱", "考核类别", "启用日期", "停用日期"]
UNITS = [
    ["格尔木市甲局", "市甲局", "甲局、共用", "jia@example.org", "A", None, None],
    ["格尔木市乙局", "市乙局", "乙局,共用", "yi@example.org", "B", None, None],       # 共用: two units' 别名, a tie
    ["格尔木市丙局", "甲局", None, "bing@example.org", "C", None, None],              # 表内名称 outranks 甲局's 别名
    ["格尔木市戊局", "格尔木市乙局", "戊", "wu@example.org", "C", None, None],         # 单位名称 outranks 表内名称
    ["ＡＢＣ局", "ABC", None, "abc@example.org", "C", None, dt.datetime(2024, 3, 31)],  # one unit, two rows:
    ["ABC局", "ＡＢＣ", None, "abc@example.org", "C", dt.datetime(2024, 4, 1), None],  # NFKC-equal names, dated
    ["格尔木市丁局", "市丁局", None, "ding@example.org", "C", None, None],
    ["格尔木市丁局", "丁局", "丁", "ding2@example.org", "B", None, None],              # registered twice: rejected
    ["格尔木市甲局", "市甲局", "甲局、共用", "jia@example.org", "A", None, None],      # an exact repeat
    [None, "无名", None, None, "C", None, None],                                       # no 单位名称: rejected
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("agreement")
    write_workbook(root / "inputs" / "sheets" / "registry.xlsx", {"单位名册": [HEADER, *UNITS], **RULES})
    # an empty title twice: a 纸质报送 row (the validate step's check) and a mail whose subject is only a tag (dbt's)
    write_workbook(root / "inputs" / "sheets" / "paper.xlsx",
                   {"纸质报送": [["报送日期", "单位名称", "信息标题"], ["2024-05-06", "市甲局", "【】！"]]})
    write_eml(root / "inputs" / "mail", "tag-only.eml", message(sender="jia@example.org", subject="【甲局】", body="正文"))
    paths = Paths.resolve(root / "inputs", root / "wh" / "govinfo.duckdb", root / "publish")
    ingest_step(paths, progress=lambda _: None)
    validate_step(paths, "2024-05")
    transform_step(paths, "2024-05", progress=lambda _: None)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        suite = next(s for s in INPUT_SUITES if s.table == "sheet_units")
        yield input_frame(con, suite), con


def test_the_names_that_resolve_are_the_same_in_python_and_dbt(built):
    frame, con = built
    python = unit_names(frame)
    dbt = {key for (key,) in con.execute("SELECT name_key FROM intermediate.int_unit_names").fetchall()}
    assert python == dbt
    # the tricky cases are really exercised
    assert {"甲局", "格尔木市乙局", "ABC局", "ABC"} <= python and "共用" not in python


def test_the_units_are_the_same_in_python_and_dbt(built):
    frame, con = built
    # the validate step's units: every named row it does not reject as a later copy (duplicate_unit), by key
    python = {clean(name) for name, later in zip(frame["unit_name"], frame["later_copy"]) if clean(name) and not later}
    rows = con.execute("SELECT unit_key, count(*) OVER (PARTITION BY unit_key) FROM intermediate.int_units").fetchall()
    assert {key for key, _ in rows} == python
    assert all(copies == 1 for _, copies in rows)  # ＡＢＣ局 and ABC局 are one unit with two registry rows
    rejected = con.execute("SELECT row_number, reason FROM raw.row_rejections WHERE sheet = '单位名册' "
                           "ORDER BY row_number").fetchall()
    assert rejected == [(9, "duplicate_unit"), (11, "empty_unit_name")]


def test_an_empty_title_gets_the_same_sentence_from_python_and_dbt(built):
    _, con = built
    (python,) = con.execute("SELECT detail FROM raw.row_rejections WHERE reason = 'empty_title'").fetchone()
    (dbt,) = con.execute("SELECT detail FROM intermediate.int_input_items WHERE reason = 'empty_title' "
                         "AND source_file = 'mail/tag-only.eml'").fetchone()
    assert python == "信息标题 “【】！” is empty once 【】 tags, spaces and punctuation are removed"
    assert dbt == "信息标题 “（空）” is empty once 【】 tags, spaces and punctuation are removed"
