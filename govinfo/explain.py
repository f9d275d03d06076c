"""Every figure of a unit explained, in Chinese, from the built warehouse alone (no dbt, no Great Expectations):
each submission (date, source, counted or why not), each adoption with its register row, each month's quota
check, the 考核调整 applied, the 约稿 pairs, and the points by component adding up to the annex.

`govinfo explain --period P --unit NAME` prints it; the 明细 sheet of annex.xlsx holds the same rows for every
unit; not_counted.csv lists the submissions read but not counted."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ingestion.text import clean

from .clerk_files import reason_texts
from .periods import period_bounds

DETAIL_COLUMNS = ["单位", "事项", "日期", "内容", "结果", "说明", "来源"]
NOT_COUNTED_COLUMNS = ["unit", "submitted_at", "title", "reason", "reason_text", "detail", "channel",
                       "source_file", "row_number", "message_id"]


def _points(value) -> str:
    """Points as the annex prints them: 12.5, 13 (DECIMAL → no trailing zeros)."""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


class UnknownUnit(LookupError):
    """The name is no 单位名称, 表内名称 or alias of the registry."""


@dataclass
class Fact:
    unit: str
    topic: str      # 报送, 采用, 月度考核, 考核结论, 约稿, 积分
    date: str
    what: str
    result: str
    note: str
    source: str

    def row(self) -> list[str]:
        return [self.unit, self.topic, self.date, self.what, self.result, self.note, self.source]


def resolve_unit(con, name: str) -> tuple[str, str]:
    """(单位名称, 表内名称) of a name as the clerk types it."""
    row = con.execute("SELECT u.unit_name, u.short_name FROM intermediate.int_unit_names n "
                      "JOIN intermediate.int_units u USING (unit_name) WHERE n.name_key = ?", [clean(name)]).fetchone()
    if row is None:
        raise UnknownUnit(f"“{name}”不是单位名册中的单位名称、表内名称或别名")
    return row


def _source(channel, source_file, message_id, row_number) -> str:
    if channel == "paper" or message_id is None:
        return f"{source_file} 第{row_number}行" if row_number is not None else str(source_file)
    return f"{source_file}（Message-ID {message_id}）"


def _submissions(con, period_id: str, unit_name: str | None, texts: dict) -> list[Fact]:
    where, args = ("AND unit_name = ?", [period_id, unit_name]) if unit_name else ("", [period_id])
    rows = con.execute(
        "SELECT unit, submitted_at, title, status, status_detail, channel, source_file, message_id, row_number, "
        f"commission_no FROM marts.submissions WHERE period_id = ? AND unit_name IS NOT NULL {where} "
        "ORDER BY unit_name, submitted_at, item_ref", args).fetchall()
    out = []
    for unit, at, title, status, detail, channel, source_file, message_id, row_number, commission in rows:
        counted = status == "counted"
        note = "" if counted else f"{texts.get(status, status)}（{status}）" + (f"：{detail}" if detail else "")
        if commission is not None:
            note = (note + "；" if note else "") + f"约稿{commission}"
        when = f"{at:%Y-%m-%d}" if channel == "paper" else f"{at:%Y-%m-%d %H:%M}"
        out.append(Fact(unit, "报送", when, title, "计入" if counted else "不计入", note,
                        _source(channel, source_file, message_id, row_number)))
    return out


def _adoptions(con, period_id: str, unit_name: str | None, texts: dict) -> list[Fact]:
    start, end = period_bounds(con, period_id)
    where, args = ("AND unit_name = ?", [start, end, unit_name]) if unit_name else ("", [start, end])
    rows = con.execute(
        "SELECT unit, adopted_on, title, level, adoption_type, publication, issue_no, status, counted, points, "
        f"source_file, row_number FROM marts.adoptions WHERE adopted_on BETWEEN ? AND ? AND unit_name IS NOT NULL "
        f"{where} ORDER BY unit_name, adopted_on, item_ref", args).fetchall()
    out = []
    for unit, on, title, level, kind, publication, issue, status, counted, points, source_file, row_number in rows:
        what = f"{title}（{level}级{kind}" + (f"，{publication}" if publication else "") + \
            (f" {issue}" if issue else "") + "）"
        out.append(Fact(unit, "采用", f"{on:%Y-%m-%d}", what, f"计入，{_points(points)}分" if counted else "不计入",
                        "" if counted else f"{texts.get(status, status)}（{status}）",
                        f"{source_file} 第{row_number}行"))
    return out


def _month_checks(con, period_id: str, unit_name: str | None) -> list[Fact]:
    where, args = ("AND unit_name = ?", [period_id, unit_name]) if unit_name else ("", [period_id])
    rows = con.execute(
        "SELECT unit, month, tier, submitted, min_submissions, adopted, min_adoptions, submissions_ok, "
        f"adoptions_ok FROM marts.unit_month_checks WHERE period_id = ? {where} ORDER BY unit_name, month",
        args).fetchall()
    out = []
    for unit, month, tier, subs, min_subs, adopted, min_adopted, subs_ok, adopted_ok in rows:
        if tier is None:
            out.append(Fact(unit, "月度考核", f"{month:%Y-%m}", "无考核类别，不考核", "达标", "", "单位名册"))
            continue
        what = f"考核类别{tier}：报送{subs}期（每月最少{min_subs if min_subs is not None else '—'}期），" \
               f"采用{adopted}期（每月最少{min_adopted if min_adopted is not None else '—'}期）"
        failed = [r for r, ok in (("报送数量不合格", subs_ok), ("采用量不合格", adopted_ok)) if not ok]
        out.append(Fact(unit, "月度考核", f"{month:%Y-%m}", what, "不达标" if failed else "达标", "、".join(failed),
                        "考核标准"))
    return out


def _verdicts(con, period_id: str, unit_name: str | None) -> list[Fact]:
    where, args = ("AND unit_name = ?", [period_id, unit_name]) if unit_name else ("", [period_id])
    rows = con.execute(
        "SELECT unit, computed_verdict, computed_reasons, adjusted_verdict, adjustment_reason, adjustment_ref, "
        f"verdict FROM marts.period_verdicts WHERE period_id = ? {where} ORDER BY unit_name", args).fetchall()
    out = []
    for unit, computed, reasons, adjusted, why, ref, verdict in rows:
        note = f"按考核标准为{computed}" + (f"（{reasons}）" if reasons else "")
        if adjusted:
            note += f"；考核调整为{adjusted}：{why or '未写原因'}"
        out.append(Fact(unit, "考核结论", period_id, "是否合格", verdict, note, ref or "考核标准"))
    return out


def _commissions(con, period_id: str, unit_name: str | None) -> list[Fact]:
    where, args = ("AND unit_name = ?", [period_id, unit_name]) if unit_name else ("", [period_id])
    rows = con.execute(
        "SELECT unit, commission_no, topic, due_on, state, first_response_at, first_response_title, "
        f"first_response_ref, first_response_channel, adopted FROM marts.commissions WHERE period_id = ? {where} "
        "ORDER BY registry_order, commission_no", args).fetchall()
    out = []
    for unit, number, topic, due, state, at, title, ref, channel, adopted in rows:
        when = "" if at is None else f"{at:%Y-%m-%d}" if channel == "paper" else f"{at:%Y-%m-%d %H:%M}"
        note = "未报送" if at is None else f"首次报送 {when}《{title}》，{'已采用' if adopted else '未采用'}"
        out.append(Fact(unit, "约稿", f"{due:%Y-%m-%d}", f"约稿{number}：{topic}（截止{due:%m月%d日}）", state, note,
                        ref or ""))
    return out


def _points_by_component(con, period_id: str, unit_name: str | None) -> list[Fact]:
    """Points by component of the scheme (marts.annex_figures), with the annex's figure beside their sum."""
    where, extra = ("AND unit_name = ?", [unit_name]) if unit_name else ("", [])
    parts = con.execute(
        "SELECT unit_name, unit, item, level, publication, count, points FROM marts.annex_figures "
        f"WHERE period_id = ? AND (count <> 0 OR points <> 0) {where} ORDER BY unit_name, component_order",
        [period_id, *extra]).fetchall()
    annex = dict(con.execute("SELECT unit_name, points FROM marts.annex WHERE period_id = ?", [period_id]).fetchall())
    out, totals = [], {}
    for key, unit, item, level, publication, count, points in parts:
        component = (f"{level}级" if level else "") + item + (f"（{publication}）" if publication else "")
        out.append(Fact(unit, "积分", period_id, component, f"{_points(points)}分", f"{count}条", "积分标准"))
        totals[(key, unit)] = totals.get((key, unit), 0) + points
    for (key, unit), total in totals.items():
        shown = annex.get(key)
        out.append(Fact(unit, "积分", period_id, "本期积分合计", f"{_points(total)}分",
                        f"附件本期积分 {_points(shown or 0)} 分" + ("" if shown == total else "（不一致）"),
                        "marts.annex"))
    return out


def unit_facts(con, period_id: str, unit_name: str | None = None) -> list[Fact]:
    """Every fact of one unit (or of all units), in the order the clerk reads them."""
    texts = reason_texts(con)
    facts = (_submissions(con, period_id, unit_name, texts) + _adoptions(con, period_id, unit_name, texts)
             + _month_checks(con, period_id, unit_name) + _verdicts(con, period_id, unit_name)
             + _commissions(con, period_id, unit_name) + _points_by_component(con, period_id, unit_name))
    return facts


def details_frame(con, period_id: str) -> pd.DataFrame:
    """The 明细 sheet: every unit's facts, units in annex order."""
    order = {u: i for i, (u,) in enumerate(con.execute(
        "SELECT unit FROM marts.annex WHERE period_id = ? ORDER BY position", [period_id]).fetchall())}
    topics = {t: i for i, t in enumerate(("报送", "采用", "月度考核", "考核结论", "约稿", "积分"))}
    facts = sorted(unit_facts(con, period_id), key=lambda f: (order.get(f.unit, len(order)), topics[f.topic]))
    return pd.DataFrame([f.row() for f in facts], columns=DETAIL_COLUMNS)


def explain_text(con, period_id: str, name: str) -> str:
    unit_name, short = resolve_unit(con, name)
    start, end = period_bounds(con, period_id)
    facts = unit_facts(con, period_id, unit_name)
    lines = [f"{unit_name}（表内名称 {short}），{period_id} 期间 {start:%Y-%m-%d} 至 {end:%Y-%m-%d}"]
    headings = {"报送": "一、报送", "采用": "二、采用", "月度考核": "三、月度考核", "考核结论": "四、考核结论",
                "约稿": "五、约稿", "积分": "六、积分"}
    for topic, heading in headings.items():
        mine = [f for f in facts if f.topic == topic]
        counted = sum(1 for f in mine if f.result.startswith("计入"))
        suffix = f"（{len(mine)}条，计入{counted}条）" if topic in ("报送", "采用") else ""
        lines.append(f"{heading}{suffix}")
        if not mine:
            lines.append("  无")
        for f in mine:
            lines.append(f"  {f.date}  {f.what}  → {f.result}" + (f"；{f.note}" if f.note else "")
                         + (f"  [{f.source}]" if f.source else ""))
    return "\n".join(lines)


def not_counted_rows(con, period_id: str) -> pd.DataFrame:
    """not_counted.csv: every submission of the period read but not counted, with why and where it came from."""
    frame = con.execute(
        "SELECT unit, submitted_at, title, status AS reason, status_detail AS detail, channel, source_file, "
        "row_number, message_id FROM marts.submissions WHERE period_id = ? AND NOT counted "
        "ORDER BY unit_name, submitted_at, item_ref", [period_id]).df()
    texts = reason_texts(con)
    frame.insert(4, "reason_text", [texts.get(code, code) for code in frame["reason"]])
    frame["submitted_at"] = [f"{at:%Y-%m-%d %H:%M}" if pd.notna(at) else "" for at in frame["submitted_at"]]
    frame["row_number"] = frame["row_number"].astype("Int64")
    return frame[NOT_COUNTED_COLUMNS]


def explain_unit(warehouse, period_id: str, name: str) -> str:
    """What `govinfo explain` prints, read-only from a built warehouse file."""
    import duckdb

    from .periods import check_period

    check_period(period_id)
    if not warehouse.exists():
        raise UnknownUnit(f"没有已建成的仓库 {warehouse}：请先运行 govinfo run --period {period_id}")
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.IOException as exc:
        raise UnknownUnit(f"仓库 {warehouse} 正在被写入（{exc}）：请在本次运行结束后再查") from None
    with con:
        if not con.execute("SELECT count(*) FROM marts.annex WHERE period_id = ?", [period_id]).fetchone()[0]:
            raise UnknownUnit(f"期间 {period_id} 尚未统计：请先运行 govinfo run --period {period_id}")
        return explain_text(con, period_id, name)
