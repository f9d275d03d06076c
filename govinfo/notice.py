"""The notice (通知) of a period, built from the warehouse only (../shared/spec/notice.md): what it says, as a
list of blocks that notice_md and notice_docx lay out. Nothing in it is typed by hand: the office's own texts
come from 考核设置, the figures from the marts."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from .periods import calendar, period_bounds
from .annex_xlsx import AnnexColumn, header_cells
from .scheme_tables import scheme_settings

REASONS = ("报送数量不合格", "采用量不合格", "积分不合格")
_LIST_TITLES = {"报送数量不合格": "信息报送数量不合格的部门有：", "采用量不合格": "信息采用量不合格的部门有：",
                "积分不合格": "信息积分不合格的部门有："}
_NUMERALS = "一二三四五六七八九十"


@dataclass
class Block:
    kind: str     # title, addressees, body, h1, h2 (a lead-in heading run before text), item, closing, attachment,
    text: str     # signature, date
    lead: str = ""


@dataclass
class Notice:
    blocks: list[Block]
    annex_title: str
    annex: pd.DataFrame                 # the annex rows as published, in order
    header: list[tuple[str, int, int, int, int]] = field(default_factory=list)  # cells (text, r0, c0, r1, c1)
    notes: list[str] = field(default_factory=list)


def _months(start: dt.date, end: dt.date) -> str:
    return f"{start.month}月份" if start.month == end.month else f"{start.month}—{end.month}月份"


def _span(start: dt.date, end: dt.date) -> str:
    return f"{start.year}年{_months(start, end)}"


def _names(names: list[str]) -> str:
    return "、".join(names)


def next_period_bounds(con, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period after the one that ends on `end`, by the scheme's 考核周期."""
    period = calendar(con).containing(end + dt.timedelta(days=1))
    return period.start, period.last_day


def _commission_facts(con, period_id: str) -> tuple[int, int, list[str]]:
    """N responses (pairs that have one), M adopted, and the units whose every pair came on time and adopted."""
    n, m = con.execute("SELECT count(*) FILTER (WHERE state <> '未报'), count(*) FILTER (WHERE adopted) "
                       "FROM marts.commissions WHERE period_id = ?", [period_id]).fetchone()
    praised = [r[0] for r in con.execute(
        "SELECT unit_name FROM marts.commissions WHERE period_id = ? GROUP BY unit_name, registry_order "
        "HAVING bool_and(state = '按时' AND adopted_responses = responses) ORDER BY registry_order",
        [period_id]).fetchall()]
    return n, m, praised


def _received(con, period_id: str) -> int:
    """Submissions of registered units dated in the period, repeats once, before the exclusions."""
    return con.execute("SELECT count(*) FROM marts.submissions WHERE period_id = ? AND unit_name IS NOT NULL "
                       "AND status IN ('counted', 'excluded_keyword', 'excluded_by_review')", [period_id]).fetchone()[0]


def _adopted(con, period_id: str) -> int:
    start, end = period_bounds(con, period_id)
    return con.execute("SELECT count(*) FROM marts.adoptions WHERE counted AND adopted_on BETWEEN ? AND ?",
                       [start, end]).fetchone()[0]


def _quota_sentences(con, period_id: str, office: str) -> list[str]:
    """One sentence per tier that has a condition, its units in registry order."""
    rows = con.execute(
        "SELECT c.tier, any_value(c.min_submissions), any_value(c.min_adoptions), "
        "list(DISTINCT c.unit_name ORDER BY c.unit_name) FROM marts.unit_month_checks AS c "
        "WHERE c.period_id = ? AND c.tier IS NOT NULL GROUP BY c.tier ORDER BY c.tier", [period_id]).fetchall()
    order = dict(con.execute("SELECT unit_name, registry_order FROM intermediate.int_units").fetchall())
    sentences = []
    for _tier, subs, adopts, units in rows:
        parts = []
        if subs is not None:
            parts.append(f"每月向{office}报送政务信息不少于{subs}期")
        if adopts:
            parts.append(f"每月被采用不少于{adopts}期")
        if parts:
            sentences.append(_names(sorted(units, key=lambda u: order.get(u, 0))) + "，".join(parts))
    return sentences


def _failures(con, period_id: str) -> dict[str, list[str]]:
    """The final verdicts' reasons (after 考核调整): an adjusted 不合格 takes the reasons its 原因 names."""
    rows = con.execute(
        "SELECT v.unit_name, v.computed_reasons, v.adjusted_verdict, v.adjustment_reason FROM marts.period_verdicts v "
        "JOIN intermediate.int_units u USING (unit_name) WHERE v.period_id = ? AND v.verdict = '不合格' "
        "ORDER BY u.registry_order", [period_id]).fetchall()
    lists: dict[str, list[str]] = {reason: [] for reason in REASONS}
    for unit, computed, adjusted, why in rows:
        named = [r for r in REASONS if adjusted and why and r in why]
        reasons = named or [r for r in REASONS if computed and r in computed] or ["考核不合格"]
        for reason in reasons:
            lists.setdefault(reason, []).append(unit)
    return {reason: units for reason, units in lists.items() if units}


def _topics(con, start: dt.date, end: dt.date) -> list[tuple[str, str, dt.date]]:
    return con.execute("SELECT topic, units, due_on FROM marts.commission_topics WHERE due_on BETWEEN ? AND ? "
                       "ORDER BY commission_no, due_on", [start, end]).fetchall()


def annex_title(con, period_id: str) -> str:
    start, end = period_bounds(con, period_id)
    return f"各部门各单位{_span(start, end)}信息报送采用情况统计表"


def annex_header(columns: list[AnnexColumn]) -> list[tuple[str, int, int, int, int]]:
    """The annex's grouped header as annex.xlsx prints it, columns counted from 0."""
    return [(text, r0, c0 - 1, r1, c1 - 1) for text, r0, c0, r1, c1 in header_cells(columns)]


def build_notice(con, period_id: str, notice_date: dt.date, annex: pd.DataFrame, notes: list[str],
                 columns: list[AnnexColumn]) -> Notice:
    start, end = period_bounds(con, period_id)
    settings = scheme_settings(con, start)
    office = settings.get("发文单位") or "本机关"
    nstart, nend = next_period_bounds(con, end)
    span, next_span = _span(start, end), _span(nstart, nend)
    blocks = [Block("title", f"{office}关于{span}政务信息报送采用情况及{next_span}信息报送重点的通知")]
    if settings.get("文号"):
        blocks.insert(0, Block("number", settings["文号"]))
    if settings.get("主送"):
        blocks.append(Block("addressees", settings["主送"].rstrip("：:") + "："))
    blocks.append(Block("body", f"现将{span}各部门、各单位政务信息报送采用情况及{next_span}信息报送重点通知如下。"))

    blocks.append(Block("h1", f"一、{span}政务信息报送及采用情况"))
    n, m, praised = _commission_facts(con, period_id)
    text = f"{office}共向各部门、各单位约稿{n}篇，采用{m}篇。"
    if praised:
        text += f"其中：{_names(praised)}约稿信息报送及时且信息质量较高，符合约稿要求。"
    blocks.append(Block("body", text, lead="（一）约稿信息。"))
    text = f"{office}共收到各类政务信息{_received(con, period_id)}条，采用{_adopted(con, period_id)}条次。"
    quotas = _quota_sentences(con, period_id, office)
    if quotas:
        text += "根据政务信息报送相关要求，" + "；".join(quotas) + "。"
    blocks.append(Block("body", text, lead="（二）政务信息。"))
    for reason, units in _failures(con, period_id).items():
        blocks.append(Block("body", _LIST_TITLES.get(reason, "考核不合格的部门有：") + _names(units) + "。"))

    topics = _topics(con, nstart, nend)
    blocks.append(Block("h1", f"二、{next_span}信息报送要点"))
    for i, (topic, units, due) in enumerate(topics, start=1):
        end_mark = "。" if i == len(topics) else "；"
        blocks.append(Block("item", f"{i}. {topic}（责任单位：{units}，{due.month}月{due.day}日前报送）{end_mark}"))
    if not topics:
        blocks.append(Block("body", "本期无约稿要点。"))
    how = []
    if settings.get("纸质报送地址"):
        how.append(f"纸质报至{settings['纸质报送地址']}")
    if settings.get("报送邮箱"):
        how.append(f"电子版报送至邮箱：{settings['报送邮箱']}")
    if how:
        blocks.append(Block("body", "以上约稿信息由各部门、各单位主要负责人审阅签字后报送，" + "，".join(how) + "。"))
    contact = "　".join(p for p in (settings.get("联系人") and f"联系人：{settings['联系人']}",
                                    settings.get("联系电话") and f"电话：{settings['联系电话']}") if p)
    if contact:
        blocks.append(Block("body", contact))
    blocks.append(Block("attachment", f"附件：{annex_title(con, period_id)}"))
    blocks.append(Block("signature", office))
    blocks.append(Block("date", f"{notice_date.year}年{notice_date.month}月{notice_date.day}日"))
    return Notice(blocks, annex_title(con, period_id), annex, annex_header(columns), notes)


def plain_lines(notice: Notice) -> list[str]:
    """The text of the notice, one paragraph a line (what notice.md shows and a reader of the PDF sees)."""
    return [b.lead + b.text for b in notice.blocks]


_TABLE_ESCAPE = re.compile(r"([|\\])")


def notice_markdown(notice: Notice) -> str:
    out = []
    for block in notice.blocks:
        text = block.lead + block.text
        if block.kind == "title":
            out += [f"# {text}", ""]
        elif block.kind == "h1":
            out += [f"## {text}", ""]
        else:
            out += [text, ""]
    out += ["---", "", "附件", "", f"### {notice.annex_title}", ""]
    header = [" / ".join(p for p in parts if p) for parts in _leaf_labels(notice)]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    for row in _table_rows(notice):
        out.append("| " + " | ".join(_TABLE_ESCAPE.sub(r"\\\1", str(v)) for v in row) + " |")
    out.append("")
    out += [f"{note}" for note in notice.notes]
    return "\n".join(out).rstrip() + "\n"


def _leaf_labels(notice: Notice) -> list[list[str]]:
    """For each annex column, its header texts from the top row down."""
    labels: list[list[str]] = [[] for _ in notice.annex.columns]
    for text, _r0, c0, _r1, c1 in notice.header:
        for c in range(c0, c1 + 1):
            labels[c].append(text)
    return labels


def _cell(value) -> object:
    """A count as an integer, points with at most two decimals (as annex.csv prints them)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return round(value, 2) if isinstance(value, float) else value


def _table_rows(notice: Notice) -> list[list[object]]:
    """The annex rows, then the 合计 row summing every numeric column."""
    frame = notice.annex
    rows = [[_cell(v) for v in r] for r in frame.itertuples(index=False)]
    total = []
    for i, column in enumerate(frame.columns):
        if i == 0:
            total.append("合计")
        elif pd.api.types.is_numeric_dtype(frame[column]) and column != "rank":
            total.append(_cell(float(frame[column].sum())))
        else:
            total.append("")
    return rows + [total]
