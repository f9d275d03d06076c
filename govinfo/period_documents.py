"""The period's documents beyond the annex, each from the warehouse only: commissions.csv, the notice
(notice.md, notice.docx). Returned as bytes by file name; the publish step writes them."""
from __future__ import annotations

import datetime as dt

from .clerk_files import clerk_texts
from .notice import build_notice, notice_markdown
from .notice_docx import notice_docx_bytes
from .publish import xlsx_notes


def annex_frame(con, period_id: str):
    """The published annex rows in order, every column the mart has but its keys."""
    return con.execute("SELECT * EXCLUDE (period_id, position) FROM marts.annex WHERE period_id = ? "
                       "ORDER BY position", [period_id]).df()


def period_documents(con, period_id: str, notice_date: dt.date) -> dict[str, bytes]:
    out = {name: text.encode("utf-8") for name, text in clerk_texts(con, period_id).items()}
    notice = build_notice(con, period_id, notice_date, annex_frame(con, period_id), xlsx_notes(con, period_id))
    out["notice.md"] = notice_markdown(notice).encode("utf-8")
    out["notice.docx"] = notice_docx_bytes(notice)
    return out
