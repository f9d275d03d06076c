"""The CSV files the clerk opens in Excel: UTF-8 with a BOM, reason codes with their Chinese text beside them
(rules.reason_texts, a seed: one mapping of code → text, as data)."""
from __future__ import annotations

import pandas as pd

from .cells import csv_text

COMMISSION_COLUMNS = ["commission_no", "topic", "unit", "due_on", "state", "first_response_at",
                      "first_response_title", "adopted"]


def clerk_csv_text(frame: pd.DataFrame) -> str:
    """CSV text that Excel on Chinese Windows opens as UTF-8 (a BOM before the header), no cell a formula."""
    return "\ufeff" + csv_text(frame)


def reason_texts(con) -> dict[str, str]:
    return dict(con.execute("SELECT code, text FROM rules.reason_texts").fetchall())


def with_reason_text(frame: pd.DataFrame, texts: dict[str, str], code: str = "reason",
                     column: str = "reason_text") -> pd.DataFrame:
    """Insert the Chinese text of each code right after the code column (the code itself when unmapped)."""
    out = frame.copy()
    out.insert(out.columns.get_loc(code) + 1, column, [texts.get(c, c) for c in out[code]])
    return out


def _response_time(at, channel: str | None) -> str:
    if at is None or pd.isna(at):
        return ""
    # a paper response has a date, not a time
    return f"{at:%Y-%m-%d}" if channel == "paper" else f"{at:%Y-%m-%d %H:%M}"


def commission_rows(con, period_id: str) -> pd.DataFrame:
    """commissions.csv: one row per (约稿, responsible unit) of the period, by 编号 then registry order."""
    frame = con.execute(
        "SELECT commission_no, topic, unit, due_on, state, first_response_at, first_response_channel, "
        "first_response_title, adopted FROM marts.commissions WHERE period_id = ? "
        "ORDER BY commission_no, registry_order", [period_id]).df()
    frame["due_on"] = [f"{d:%Y-%m-%d}" for d in frame["due_on"]]
    frame["first_response_at"] = [_response_time(at, ch) for at, ch in
                                  zip(frame["first_response_at"], frame["first_response_channel"])]
    frame["adopted"] = ["是" if a else "否" for a in frame["adopted"]]
    return frame[COMMISSION_COLUMNS]


def clerk_texts(con, period_id: str) -> dict[str, str]:
    """The period's clerk-facing CSVs beyond the annex, by file name."""
    return {"commissions.csv": clerk_csv_text(commission_rows(con, period_id))}
