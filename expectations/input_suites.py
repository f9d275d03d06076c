"""The input suites: one per landed input, each check naming the reason code its failures get.

A `row` check moves each failing row (or message) to the rejected table and the run goes on;
a `structural` check stops the run before dbt. Checks run in order and a row is rejected once,
for the first check it fails.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from ingestion.text import clean, split_list, title_key

from .gx_import import great_expectations
from .rules import Rules
from .scheme import CODE, SETTING_VALUES, TEXT_SETTINGS

WHOLE_NUMBER = r"^\d+$"
DECIMAL = r"^[+-]?\d+(?:\.\d{1,2})?$"          # 分值: at most two decimals, may be negative
# 积分标准 项目 that are not an 采用类型: those that take no 级别, and 批示, which takes one
PLAIN_ITEMS = ("报送", "约稿按时", "约稿逾期", "约稿未报", "达标")
LEVELLED_ITEMS = ("批示",)


@dataclass(frozen=True)
class Expect:
    """A Great Expectations expectation as data: its class in gx.expectations and its arguments. The suite's
    fingerprint digests these, and the expectation is built only when the suite has to run: a validation whose
    suites are all unchanged never imports Great Expectations (seconds, ~300 MB)."""
    type: str
    kwargs: dict

    def build(self):
        return getattr(great_expectations().expectations, self.type)(**self.kwargs)


@dataclass(frozen=True)
class Check:
    reason: str
    column: str
    expectation: Callable[[Rules], Expect]
    detail: str                     # formatted with the failing row's columns
    severity: str = "row"           # row | structural


@dataclass(frozen=True)
class InputSuite:
    name: str
    table: str                      # raw.<table>
    lineage: tuple[str, ...]
    prepare: Callable[[pd.DataFrame], pd.DataFrame]
    checks: tuple[Check, ...] = field(default_factory=tuple)
    # columns that need the scheme (levels, kinds, calendar), added once the rules are read
    annotate: Callable[[pd.DataFrame, Rules], pd.DataFrame] | None = None
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
    return lambda rules: Expect("ExpectColumnValuesToNotBeNull", {"column": column})


def _in_set(column, values: Callable[[Rules], frozenset | set | list]):
    return lambda rules: Expect("ExpectColumnValuesToBeInSet", {"column": column, "value_set": sorted(values(rules))})


def _regex(column, pattern):
    return lambda rules: Expect("ExpectColumnValuesToMatchRegex", {"column": column, "regex": pattern})


UNKNOWN_UNIT = Check("unknown_unit", "unit_key", _in_set("unit_key", lambda r: r.unit_names),
                     "单位名称 “{unit_name}” is not a 单位名称, 表内名称 or 别名 of 单位名册 (or names several units)")
EMPTY_UNIT = Check("unknown_unit", "unit_key", _not_null("unit_key"), "单位名称 is empty")
EMPTY_TITLE = Check("empty_title", "title_key", _not_null("title_key"),
                    "信息标题 “{title}” is empty once 【】 tags, spaces and punctuation are removed")
SHEET_LINEAGE = ("source_file", "sheet", "row_number")

TRUE = {True}
FALSE = {False}


def _true(column, reason, detail, severity="row"):
    """The precomputed flag column holds True (None: not judged)."""
    return Check(reason, column, _in_set(column, lambda r: TRUE), detail, severity)


def _false(column, reason, detail, severity="row"):
    return Check(reason, column, _in_set(column, lambda r: FALSE), detail, severity)


def _date_ok(frame: pd.DataFrame, column: str) -> list[bool]:
    """False where the cell holds text that is not a date (an empty cell is fine)."""
    return [not (text and clean(text)) or day is not None for day, text in zip(frame[column], frame[f"{column}_text"])]


def _repeats(frame: pd.DataFrame) -> list[bool]:
    """True for a row that repeats an earlier row exactly (it counts once)."""
    seen: set[str] = set()
    out = []
    for key in frame["row_key"]:
        out.append(key in seen)
        seen.add(key)
    return out


def _scheme_sheet(name_column: str):
    """采用级别 / 采用类型: codes ASCII identifiers, codes and spellings each naming one row, 顺序 a whole number."""
    def prepare(frame: pd.DataFrame) -> pd.DataFrame:
        repeat = _repeats(frame)
        codes, spellings = set(), {}
        dup_code, taken = [], []
        for again, name, code, aliases in zip(repeat, frame["name"], frame["code"], frame["aliases"]):
            code_key = (clean(code) or "").lower()
            if again:
                dup_code.append(None), taken.append(None)
                continue
            dup_code.append(bool(code_key) and code_key in codes)
            codes.add(code_key)
            mine = [k for k in [clean(name), *(clean(a) for a in split_list(aliases))] if k]
            taken.append(next((k for k in mine if k in spellings), None))
            spellings.update({k: True for k in mine})
        return frame.assign(repeat=repeat, name_key=[clean(v) for v in frame["name"]],
                            code_key=[clean(v) for v in frame["code"]],
                            code_ok=[None if not clean(c) else bool(CODE.match(clean(c))) for c in frame["code"]],
                            dup_code=dup_code, taken=taken, spelling_free=[t is None for t in taken],
                            order_key=[clean(v) for v in frame["sort_order"]])
    return prepare, (
        Check("bad_scheme", "name_key", _not_null("name_key"), f"{name_column} is empty", "structural"),
        Check("bad_scheme", "code_key", _not_null("code_key"), "代码 is empty", "structural"),
        _true("code_ok", "bad_scheme", "代码 “{code}” is not an ASCII identifier (letters, digits and _, not "
              "starting with a digit): it names the annex's columns", "structural"),
        _false("dup_code", "bad_scheme", "代码 “{code}” is already the 代码 of an earlier row", "structural"),
        _true("spelling_free", "bad_scheme", f"{name_column} or 别名 “{{taken}}” already names an earlier row",
              "structural"),
        Check("bad_scheme", "order_key", _regex("order_key", WHOLE_NUMBER), "顺序 “{sort_order}” is not a whole number",
              "structural"),
    )


def _settings(frame: pd.DataFrame) -> pd.DataFrame:
    """考核设置: known 项目, allowed 值, 考核周期 changing on 1 January only, one 值 per 项目 and 生效日期."""
    repeat = _repeats(frame)
    items = [clean(v) for v in frame["item"]]
    values = [clean(v) for v in frame["value"]]
    known = [None if i is None else (i in SETTING_VALUES or i in TEXT_SETTINGS) for i in items]
    value_ok = [None if i not in SETTING_VALUES else v in SETTING_VALUES[i] for i, v in zip(items, values)]
    allowed = ["、".join(SETTING_VALUES.get(i, ())) for i in items]
    cycle_day = [None if i != "考核周期" or d is None else (d.month, d.day) == (1, 1)
                 for i, d in zip(items, frame["effective_from"])]
    first_value: dict[tuple, str | None] = {}
    conflict = []
    for again, item, value, since in zip(repeat, items, values, frame["effective_from"]):
        key = (item, since)
        conflict.append(None if again or item is None else first_value.setdefault(key, value) != value)
    return frame.assign(repeat=repeat, item_key=items, item_known=known, value_ok=value_ok, allowed=allowed,
                        date_ok=_date_ok(frame, "effective_from"), cycle_day=cycle_day, conflict=conflict)


def _points(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(repeat=_repeats(frame), item_key=[clean(v) for v in frame["item"]],
                        value=[clean(v) for v in frame["points"]], date_ok=_date_ok(frame, "effective_from"),
                        cap_ok=[None if not clean(c) else _positive(clean(c)) for c in frame["cap"]])


def _positive(text: str) -> bool:
    return bool(re.match(DECIMAL, text)) and float(text) > 0


def _points_by_scheme(frame: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """积分标准 read against the scheme: which 项目 and 级别 each row names, and rows given twice."""
    kinds, levels = rules.scheme.spelling("kind"), rules.scheme.spelling("level")
    level_names = rules.texts()["level_names"]
    item_ok, level_problem, kind_of, seen, conflict = [], [], [], {}, []
    for row in frame.itertuples():
        item, level, publication = row.item_key, clean(row.level), clean(row.publication)
        kind = kinds.get(item) if item else None
        item_ok.append(None if item is None else (kind is not None or item in PLAIN_ITEMS or item in LEVELLED_ITEMS))
        kind_of.append(item if item in PLAIN_ITEMS else None)
        if item is None or not item_ok[-1]:
            problem = None
        elif level is not None and level not in levels and item not in PLAIN_ITEMS:
            problem = f"级别 “{level}” is not a 采用级别 ({level_names})"
        elif item in PLAIN_ITEMS and (level or publication):
            problem = f"{item} takes no 级别 or 刊物"
        elif item in LEVELLED_ITEMS and (not level or publication):
            problem = f"{item} needs a 级别 and no 刊物"
        elif kind is not None and not level and not publication:
            problem = f"{item} needs a 级别 (or a 刊物)"
        else:
            problem = ""
        level_problem.append(problem)
        key = (kind or item, levels.get(level), publication, row.effective_from)
        price = (row.value, clean(row.cap))
        conflict.append(None if row.repeat or not item_ok[-1] else seen.setdefault(key, price) != price)
    return frame.assign(item_ok=item_ok, level_problem=level_problem, level_ok=[p == "" if p is not None else None
                                                                             for p in level_problem],
                        plain_item=kind_of, conflict=conflict)


def _adoptions_by_scheme(frame: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    kinds, levels = rules.scheme.spelling("kind"), rules.scheme.spelling("level")
    kind_codes = [kinds.get(k) for k in frame["type_key"]]
    level_codes = [levels.get(k) for k in frame["level_key"]]
    return frame.assign(priced=[rules.has_points(k, l, d) for k, l, d in zip(kind_codes, level_codes, frame["adopted_on"])])


def _overrides_by_scheme(frame: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    problems = [rules.calendar.problem(p) if p is not None else None for p in frame["period"]]
    return frame.assign(period_ok=[None if p is None else q is None for p, q in zip(frame["period"], problems)],
                        period_problem=problems)


def _registry(frame: pd.DataFrame) -> pd.DataFrame:
    """单位名册: several rows of one unit when their 启用日期–停用日期 ranges do not overlap.

    A later row of a unit whose range overlaps an earlier one: without any dates on either, the unit is
    registered twice (duplicate_unit, a row rejection, as inputs.md); with dates, the history is wrong and
    the run stops.
    """
    ranges: dict[str, list[tuple]] = {}
    later, overlap = [], []
    for unit, key, start, end in zip(frame["unit_name"], frame["row_key"], frame["active_from"], frame["active_to"]):
        unit = clean(unit)
        mine = (key, start, end)
        earlier = [r for r in ranges.get(unit, []) if r[0] != key] if unit else []
        clash = next((r for r in earlier if (r[1] is None or end is None or r[1] <= end)
                      and (start is None or r[2] is None or start <= r[2])), None)
        undated = clash is not None and not any((clash[1], clash[2], start, end))
        later.append(undated)
        overlap.append(clash is not None and not undated)
        if unit and not undated and not overlap[-1]:
            ranges.setdefault(unit, []).append(mine)
    return frame.assign(later_copy=later, overlap=overlap,
                        range_ok=[s is None or e is None or s <= e for s, e in zip(frame["active_from"], frame["active_to"])],
                        from_ok=_date_ok(frame, "active_from"), to_ok=_date_ok(frame, "active_to"))


def _quotas(frame: pd.DataFrame) -> pd.DataFrame:
    seen, conflict = {}, []
    for again, tier, since, key in zip(_repeats(frame), frame["tier"], frame["effective_from"], frame["row_key"]):
        conflict.append(None if again or not clean(tier) else seen.setdefault((_upper(tier), since), key) != key)
    return _keys(frame, tier_key=("tier", _upper), min_sub=("min_submissions", clean),
                 min_adopt=("min_adoptions", clean), period_sub=("period_min_submissions", clean),
                 period_adopt=("period_min_adoptions", clean), period_points=("period_min_points", clean),
                 mode=("rule_mode", clean)).assign(date_ok=_date_ok(frame, "effective_from"), conflict=conflict)


LEVEL_SHEET, LEVEL_CHECKS = _scheme_sheet("级别")
KIND_SHEET, KIND_CHECKS = _scheme_sheet("类型")

INPUT_SUITES: tuple[InputSuite, ...] = (
    InputSuite("考核设置", "sheet_settings", SHEET_LINEAGE, _settings, (
        Check("bad_setting", "item_key", _not_null("item_key"), "项目 is empty", "structural"),
        _true("item_known", "bad_setting", "项目 “{item}” is not a setting: " + "、".join((*SETTING_VALUES, *TEXT_SETTINGS)),
              "structural"),
        _true("value_ok", "bad_setting", "值 “{value}” is not allowed for {item_key}: {allowed}", "structural"),
        _true("date_ok", "bad_setting", "生效日期 “{effective_from_text}” is not a date", "structural"),
        _true("cycle_day", "bad_setting", "考核周期 may only change on 1 January, not on 生效日期 {effective_from}",
              "structural"),
        _false("conflict", "bad_setting", "{item_key} has another 值 from the same 生效日期 in an earlier row",
               "structural"))),
    InputSuite("采用级别", "sheet_levels", SHEET_LINEAGE, LEVEL_SHEET, LEVEL_CHECKS),
    InputSuite("采用类型", "sheet_kinds", SHEET_LINEAGE, KIND_SHEET, KIND_CHECKS),
    InputSuite("采用登记", "sheet_adoptions", SHEET_LINEAGE,
               lambda f: _keys(_register_years(f, "adopted_on"), unit_key=("unit_name", clean),
                               level_key=("level", clean), type_key=("adoption_type", clean)),
               (Check("bad_date", "adopted_on", _not_null("adopted_on"), "采用日期 “{adopted_on_text}” is not a date"),
                Check("date_outside_register_year", "in_register_year", _in_set("in_register_year", lambda r: TRUE),
                      "采用日期 “{adopted_on_text}” is not in {register_year}, the year of this sheet's other rows: "
                      "check the year"),
                EMPTY_UNIT, UNKNOWN_UNIT,
                Check("bad_level", "level_key", _not_null("level_key"), "采用级别 is empty"),
                Check("bad_level", "level_key", _in_set("level_key", lambda r: r.levels),
                      "采用级别 “{level}” is not {level_names}"),
                Check("bad_type", "type_key", _not_null("type_key"), "采用类型 is empty"),
                Check("bad_type", "type_key", _in_set("type_key", lambda r: r.types),
                      "采用类型 “{adoption_type}” is not {kind_names}"),
                _true("priced", "missing_points", "采用类型 {adoption_type} at 采用级别 {level} has no row in 积分标准 "
                      "(项目 {adoption_type}, 级别 {level}, no 刊物) in force on {adopted_on}", "structural")),
               annotate=_adoptions_by_scheme),
    InputSuite("纸质报送", "sheet_paper", SHEET_LINEAGE,
               lambda f: _keys(_register_years(f, "submitted_on"), unit_key=("unit_name", clean),
                               title_key=("title", title_key)),
               (Check("bad_date", "submitted_on", _not_null("submitted_on"),
                      "报送日期 “{submitted_on_text}” is not a date"),
                Check("date_outside_register_year", "in_register_year", _in_set("in_register_year", lambda r: TRUE),
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
                _true("period_ok", "bad_period", "期间 “{period_id}” {period_problem}"),
                EMPTY_UNIT, UNKNOWN_UNIT,
                Check("bad_verdict", "verdict_key", _not_null("verdict_key"), "结论 is empty"),
                Check("bad_verdict", "verdict_key", _in_set("verdict_key", lambda r: {"合格", "不合格"}),
                      "结论 “{verdict}” is not 合格 or 不合格")),
               annotate=_overrides_by_scheme),
    InputSuite("约稿", "sheet_commissions", SHEET_LINEAGE,
               lambda f: _keys(f, number=("commission_no", clean)),
               (Check("bad_commission", "number", _not_null("number"), "编号 is empty"),)),
    InputSuite("批示登记", "sheet_endorsements", SHEET_LINEAGE,
               lambda f: _keys(_register_years(f, "endorsed_on"), unit_key=("unit_name", clean),
                               title_key=("title", title_key), level_key=("level", clean)),
               (Check("bad_date", "endorsed_on", _not_null("endorsed_on"), "批示日期 “{endorsed_on_text}” is not a date"),
                Check("date_outside_register_year", "in_register_year", _in_set("in_register_year", lambda r: TRUE),
                      "批示日期 “{endorsed_on_text}” is not in {register_year}, the year of this sheet's other rows: "
                      "check the year"),
                EMPTY_UNIT, UNKNOWN_UNIT, EMPTY_TITLE,
                Check("bad_level", "level_key", _not_null("level_key"), "批示级别 is empty"),
                Check("bad_level", "level_key", _in_set("level_key", lambda r: r.levels),
                      "批示级别 “{level}” is not a 采用级别: {level_names}"))),
    InputSuite("加减分登记", "sheet_adjustments", SHEET_LINEAGE,
               lambda f: _keys(_register_years(f, "adjusted_on"), unit_key=("unit_name", clean),
                               value=("points", clean)),
               (Check("bad_date", "adjusted_on", _not_null("adjusted_on"), "日期 “{adjusted_on_text}” is not a date"),
                Check("date_outside_register_year", "in_register_year", _in_set("in_register_year", lambda r: TRUE),
                      "日期 “{adjusted_on_text}” is not in {register_year}, the year of this sheet's other rows: "
                      "check the year"),
                EMPTY_UNIT, UNKNOWN_UNIT,
                Check("bad_points", "value", _not_null("value"), "分值 is empty"),
                Check("bad_points", "value", _regex("value", DECIMAL),
                      "分值 “{points}” is not a signed number with at most two decimals (-30, 2.5)"))),
    InputSuite("单位名册", "sheet_units", SHEET_LINEAGE,
               lambda f: _keys(_registry(f), unit_key=("unit_name", clean), tier_key=("tier", _upper)),
               (Check("empty_unit_name", "unit_key", _not_null("unit_key"), "单位名称 is empty"),
                _true("from_ok", "bad_registry", "启用日期 “{active_from_text}” is not a date", "structural"),
                _true("to_ok", "bad_registry", "停用日期 “{active_to_text}” is not a date", "structural"),
                _true("range_ok", "bad_registry", "停用日期 {active_to} is before 启用日期 {active_from}", "structural"),
                _false("overlap", "bad_registry", "单位名称 “{unit_name}”: its 启用日期–停用日期 range overlaps an earlier "
                       "row of the same unit", "structural"),
                Check("duplicate_unit", "later_copy", _in_set("later_copy", lambda r: FALSE),
                      "单位名称 “{unit_name}” is registered by an earlier row with other values"),
                Check("unknown_tier", "tier_key", _in_set("tier_key", lambda r: r.tiers),
                      "考核类别 “{tier}” has no row in 考核标准", severity="structural"))),
    InputSuite("考核标准", "sheet_quotas", SHEET_LINEAGE, _quotas,
               (Check("bad_quota", "tier_key", _not_null("tier_key"), "考核类别 is empty", "structural"),
                Check("bad_quota", "min_sub", _regex("min_sub", WHOLE_NUMBER),
                      "每月最少报送 “{min_submissions}” is not a whole number", "structural"),
                Check("bad_quota", "min_adopt", _regex("min_adopt", WHOLE_NUMBER),
                      "每月最少采用 “{min_adoptions}” is not a whole number", "structural"),
                Check("bad_quota", "period_sub", _regex("period_sub", WHOLE_NUMBER),
                      "本期最少报送 “{period_min_submissions}” is not a whole number", "structural"),
                Check("bad_quota", "period_adopt", _regex("period_adopt", WHOLE_NUMBER),
                      "本期最少采用 “{period_min_adoptions}” is not a whole number", "structural"),
                Check("bad_quota", "period_points", _regex("period_points", DECIMAL),
                      "本期最少积分 “{period_min_points}” is not a number with at most two decimals", "structural"),
                Check("bad_quota", "mode", _in_set("mode", lambda r: {"全部", "任一"}),
                      "判定方式 “{rule_mode}” is not 全部 or 任一", "structural"),
                _true("date_ok", "bad_quota", "生效日期 “{effective_from_text}” is not a date", "structural"),
                _false("conflict", "bad_quota", "考核类别 {tier_key} has other quotas from the same 生效日期 in an "
                       "earlier row", "structural"))),
    InputSuite("积分标准", "sheet_points", SHEET_LINEAGE, _points,
               (Check("bad_points", "item_key", _not_null("item_key"), "项目 is empty", "structural"),
                _true("item_ok", "bad_points", "项目 “{item}” is not 报送, " + "、".join(LEVELLED_ITEMS + PLAIN_ITEMS[1:])
                      + " or an 采用类型 ({kind_names})", "structural"),
                _true("level_ok", "bad_points", "{level_problem}", "structural"),
                Check("bad_points", "value", _not_null("value"), "分值 is empty", "structural"),
                Check("bad_points", "value", _regex("value", DECIMAL),
                      "分值 “{points}” is not a number with at most two decimals", "structural"),
                _true("cap_ok", "bad_points", "上限 “{cap}” is not a positive number with at most two decimals",
                      "structural"),
                _true("date_ok", "bad_points", "生效日期 “{effective_from_text}” is not a date", "structural"),
                _false("conflict", "bad_points", "项目 {item_key} / 级别 {level} / 刊物 {publication} from the same "
                       "生效日期 is given twice with different 分值 or 上限", "structural"),
                Check("missing_points", "plain_item", lambda r: Expect(
                    "ExpectColumnDistinctValuesToContainSet", {"column": "plain_item", "value_set": ["报送"]}), "the standard must give 分值 for 报送", "structural")),
               annotate=_points_by_scheme),
    InputSuite("邮件", "mail_messages", ("source_file",),
               lambda f: f.assign(truncated=[bool(d) and any(m in d for m in _TRUNCATION) for d in f["defects"]]),
               (Check("no_date", "sent_at", _not_null("sent_at"),
                      "neither the Date header (“{date_header}”) nor a Received header holds a readable date"),
                Check("truncated_message", "truncated", _in_set("truncated", lambda r: FALSE),
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
