"""The input suites: one per landed input, each check naming the reason code its failures get.

A `row` check moves each failing row (or message) to the rejected table and the run goes on;
a `structural` check stops the run before dbt. Checks run in order and a row is rejected once,
for the first check it fails.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import great_expectations as gx
import pandas as pd

from ingestion.text import clean, title_key

from .rules import Rules, seed

PERIOD_PATTERN = r"^\d{4}-(?:01|03|05|07|09|11)$"
WHOLE_NUMBER = r"^\d+$"
# 积分标准 must give points for each of these 项目|级别 categories
POINT_CATEGORIES = ("报送|", "信息|省", "信息|州", "信息|市", "动态|省", "动态|州", "动态|市")


@dataclass(frozen=True)
class Check:
    reason: str
    column: str
    expectation: Callable[[Rules], gx.expectations.Expectation]
    detail: str                     # formatted with the failing row's columns
    severity: str = "row"           # row | structural


@dataclass(frozen=True)
class InputSuite:
    name: str
    table: str                      # raw.<table>
    lineage: tuple[str, ...]
    prepare: Callable[[pd.DataFrame], pd.DataFrame]
    checks: tuple[Check, ...] = field(default_factory=tuple)
    # the raw columns the checks, their details and the rejections use (None: all); the mail
    # table's bodies would make a province's validation hold every message in memory
    columns: tuple[str, ...] | None = None


def _keys(frame: pd.DataFrame, **columns: tuple[str, Callable]) -> pd.DataFrame:
    out = frame.copy()
    for new, (source, func) in columns.items():
        out[new] = [func(v) for v in out[source]]
    return out


def _upper(value):
    text = clean(value)
    return text.upper() if text else None


def _not_null(column):
    return lambda rules: gx.expectations.ExpectColumnValuesToNotBeNull(column=column)


def _in_set(column, values: Callable[[Rules], frozenset | set | list]):
    return lambda rules: gx.expectations.ExpectColumnValuesToBeInSet(column=column, value_set=sorted(values(rules)))


def _regex(column, pattern):
    return lambda rules: gx.expectations.ExpectColumnValuesToMatchRegex(column=column, regex=pattern)


UNKNOWN_UNIT = Check("unknown_unit", "unit_key", _in_set("unit_key", lambda r: r.unit_names),
                     "单位名称 “{unit_name}” is not a 单位名称, 表内名称 or 别名 of 单位名册 (or names several units)")
EMPTY_UNIT = Check("unknown_unit", "unit_key", _not_null("unit_key"), "单位名称 is empty")
EMPTY_TITLE = Check("empty_title", "title_key", _not_null("title_key"),
                    "信息标题 “{title}” is empty once spaces and punctuation are removed")
SHEET_LINEAGE = ("source_file", "sheet", "row_number")

INPUT_SUITES: tuple[InputSuite, ...] = (
    InputSuite("采用登记", "sheet_adoptions", SHEET_LINEAGE,
               lambda f: _keys(_register_years(f, "adopted_on"), unit_key=("unit_name", clean),
                               level_key=("level", clean), type_key=("adoption_type", clean)),
               (Check("bad_date", "adopted_on", _not_null("adopted_on"), "采用日期 “{adopted_on_text}” is not a date"),
                Check("date_outside_register_year", "in_register_year", _in_set("in_register_year", lambda r: {True}),
                      "采用日期 “{adopted_on_text}” is not in {register_year}, the year of this sheet's other rows: "
                      "check the year"),
                EMPTY_UNIT, UNKNOWN_UNIT,
                Check("bad_level", "level_key", _not_null("level_key"), "采用级别 is empty"),
                Check("bad_level", "level_key", _in_set("level_key", lambda r: r.levels),
                      "采用级别 “{level}” is not 省, 州 or 市 (省级/州级/市级)"),
                Check("bad_type", "type_key", _not_null("type_key"), "采用类型 is empty"),
                Check("bad_type", "type_key", _in_set("type_key", lambda r: r.types),
                      "采用类型 “{adoption_type}” is not 信息 or 动态"))),
    InputSuite("纸质报送", "sheet_paper", SHEET_LINEAGE,
               lambda f: _keys(_register_years(f, "submitted_on"), unit_key=("unit_name", clean),
                               title_key=("title", title_key)),
               (Check("bad_date", "submitted_on", _not_null("submitted_on"),
                      "报送日期 “{submitted_on_text}” is not a date"),
                Check("date_outside_register_year", "in_register_year", _in_set("in_register_year", lambda r: {True}),
                      "报送日期 “{submitted_on_text}” is not in {register_year}, the year of this sheet's other rows: "
                      "check the year"),
                EMPTY_UNIT, UNKNOWN_UNIT, EMPTY_TITLE)),
    InputSuite("审核登记", "sheet_reviews", SHEET_LINEAGE,
               lambda f: _keys(f, unit_key=("unit_name", clean), title_key=("title", title_key),
                               decision=("counted", clean)),
               (EMPTY_UNIT, UNKNOWN_UNIT, EMPTY_TITLE,
                Check("bad_decision", "decision", _in_set("decision", lambda r: {"是", "否"}),
                      "是否计入 “{counted}” is not 是 or 否"),
                Check("bad_decision", "decision", _not_null("decision"), "是否计入 is empty"))),
    InputSuite("考核调整", "sheet_overrides", SHEET_LINEAGE,
               lambda f: _keys(f, unit_key=("unit_name", clean), period=("period_id", clean),
                               verdict_key=("verdict", clean)),
               (Check("bad_period", "period", _not_null("period"), "期间 is empty"),
                Check("bad_period", "period", _regex("period", PERIOD_PATTERN),
                      "期间 “{period_id}” is not YYYY-MM with an odd month (2024-05 = 5—6月)"),
                EMPTY_UNIT, UNKNOWN_UNIT,
                Check("bad_verdict", "verdict_key", _not_null("verdict_key"), "结论 is empty"),
                Check("bad_verdict", "verdict_key", _in_set("verdict_key", lambda r: {"合格", "不合格"}),
                      "结论 “{verdict}” is not 合格 or 不合格"))),
    InputSuite("约稿", "sheet_commissions", SHEET_LINEAGE,
               lambda f: _keys(f, number=("commission_no", clean)),
               (Check("bad_commission", "number", _not_null("number"), "编号 is empty"),)),
    InputSuite("单位名册", "sheet_units", SHEET_LINEAGE,
               lambda f: _keys(f.assign(later_copy=_later_copies(f)), unit_key=("unit_name", clean),
                               tier_key=("tier", _upper)),
               (Check("empty_unit_name", "unit_key", _not_null("unit_key"), "单位名称 is empty"),
                Check("duplicate_unit", "later_copy", _in_set("later_copy", lambda r: {False}),
                      "单位名称 “{unit_name}” is registered by an earlier row with other values"),
                Check("unknown_tier", "tier_key", _in_set("tier_key", lambda r: r.tiers),
                      "考核类别 “{tier}” has no row in 考核标准", severity="structural"))),
    InputSuite("考核标准", "sheet_quotas", SHEET_LINEAGE,
               lambda f: _keys(f, tier_key=("tier", _upper), min_sub=("min_submissions", clean),
                               min_adopt=("min_adoptions", clean)),
               (Check("bad_quota", "tier_key", _not_null("tier_key"), "考核类别 is empty", "structural"),
                Check("bad_quota", "min_sub", _regex("min_sub", WHOLE_NUMBER),
                      "每月最少报送 “{min_submissions}” is not a whole number", "structural"),
                Check("bad_quota", "min_sub", _not_null("min_sub"), "每月最少报送 is empty", "structural"),
                Check("bad_quota", "min_adopt", _regex("min_adopt", WHOLE_NUMBER),
                      "每月最少采用 “{min_adoptions}” is not a whole number", "structural"),
                Check("bad_quota", "min_adopt", _not_null("min_adopt"), "每月最少采用 is empty", "structural"))),
    InputSuite("积分标准", "sheet_points", SHEET_LINEAGE,
               lambda f: f.assign(category=_point_categories(f), value=[clean(v) for v in f["points"]]),
               (Check("bad_points", "category", _in_set("category", lambda r: POINT_CATEGORIES),
                      "项目/级别 “{item}/{level}” is not 报送 or 信息/动态 at 省/州/市", "structural"),
                Check("bad_points", "value", _regex("value", WHOLE_NUMBER), "分值 “{points}” is not a whole number",
                      "structural"),
                Check("bad_points", "value", _not_null("value"), "分值 is empty", "structural"),
                Check("bad_points", "category", lambda r: gx.expectations.ExpectColumnValuesToBeUnique(
                    column="category"), "项目/级别 “{item}/{level}” is given twice with different 分值",
                    "structural"),
                Check("missing_points", "category", lambda r: gx.expectations.ExpectColumnDistinctValuesToContainSet(
                    column="category", value_set=list(POINT_CATEGORIES)),
                    "the standard must give 分值 for 报送 and for 信息/动态 at 省, 州 and 市", "structural"))),
    InputSuite("邮件", "mail_messages", ("source_file",),
               lambda f: f.assign(truncated=[bool(d) and any(m in d for m in _TRUNCATION) for d in f["defects"]]),
               (Check("no_date", "sent_at", _not_null("sent_at"),
                      "neither the Date header (“{date_header}”) nor a Received header holds a readable date"),
                Check("truncated_message", "truncated", _in_set("truncated", lambda r: {False}),
                      "the message is cut off ({defects}): ask the unit to send it again")),
               columns=("source_file", "message_id", "sent_at", "date_header", "defects")),
)

_TRUNCATION = ("CloseBoundaryNotFoundDefect", "StartBoundaryNotFoundDefect", "InvalidBase64")


def _register_years(frame: pd.DataFrame, date_column: str) -> pd.DataFrame:
    """Adds register_year (the year most rows of the same sheet are dated in) and in_register_year.

    A row dated in another year is most likely a typo (2023 typed in the 2024 register); it is only
    judged when the sheet has at least 3 dated rows and one year holds most of them.
    """
    years = [d.year if d is not None else None for d in frame[date_column]]
    sheets = list(zip(frame["source_file"], frame["sheet"]))
    by_sheet: dict[tuple, Counter] = {}
    for sheet, year in zip(sheets, years):
        if year is not None:
            by_sheet.setdefault(sheet, Counter())[year] += 1
    usual = {sheet: counts.most_common(1)[0][0] for sheet, counts in by_sheet.items()
             if counts.total() >= 3 and counts.most_common(1)[0][1] * 2 > counts.total()}
    register_year = [usual.get(sheet) for sheet in sheets]
    in_year = [ry is None or y is None or y == ry for y, ry in zip(years, register_year)]
    return frame.assign(register_year=register_year, in_register_year=in_year)


def _later_copies(frame: pd.DataFrame) -> list[bool]:
    """True for a row naming a unit an earlier row registered with other values (an exact repeat is not one)."""
    first_row_key: dict[str, str] = {}
    out = []
    for name, row_key in zip(frame["unit_name"], frame["row_key"]):
        key = clean(name)
        out.append(key is not None and first_row_key.setdefault(key, row_key) != row_key)
    return out


def _point_categories(frame: pd.DataFrame) -> list[str]:
    written = seed("adoption_levels")
    levels = dict(zip(written["written"], written["level"]))
    return [f"{clean(item) or ''}|{levels.get(clean(level), clean(level) or '')}"
            for item, level in zip(frame["item"], frame["level"])]

