"""The period's documents beyond the annex's CSV, each from the warehouse only: commissions.csv, not_counted.csv,
annex.xlsx (the annex and its 明细 sheet), the notice (notice.md, notice.docx) and report.html. Returned as bytes by
file name; the publish step writes them."""
from __future__ import annotations

import datetime as dt
from copy import copy

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .annex_xlsx import FONT_NAME, annex_workbook, deterministic_bytes
from .clerk_files import clerk_csv_text, clerk_texts
from .explain import details_frame, not_counted_rows
from .notice import build_notice, notice_markdown
from .notice_docx import notice_docx_bytes
from .periods import period_bounds
from .publish import annex_columns, annex_rows, xlsx_notes
from .report import report_html


def add_details_sheet(book: Workbook, details) -> None:
    """A second sheet 明细 in annex.xlsx: every unit's submissions, adoptions, monthly checks, verdict and points,
    so the clerk can answer a unit without a terminal."""
    sheet = book.create_sheet("明细")
    sheet.append(list(details.columns))
    for row in details.itertuples(index=False):
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(name=FONT_NAME, bold=True)
    for column, width in zip("ABCDEFG", (22, 10, 17, 60, 12, 60, 50)):
        sheet.column_dimensions[column].width = width
    # the first row's cells aligned, the others given their column's style (every column is text: the style is the
    # alignment alone), copied as openpyxl copies one; setting cell.alignment on each of thousands of cells hashes
    # the Alignment twice a cell (a quarter of the sheet's time)
    wrapped, plain = Alignment(vertical="top", wrap_text=True), Alignment(vertical="top", wrap_text=False)
    rows = sheet.iter_rows(min_row=2)
    first = next(rows, ())
    for cell in first:
        cell.alignment = wrapped if cell.column_letter in "DF" else plain
    for row in rows:
        for cell, above in zip(row, first):
            cell._style = copy(above._style)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def period_documents(con, period_id: str, notice_date: dt.date) -> dict[str, bytes]:
    out = {name: text.encode("utf-8") for name, text in clerk_texts(con, period_id).items()}
    out["not_counted.csv"] = clerk_csv_text(not_counted_rows(con, period_id)).encode("utf-8")
    columns = annex_columns(con, period_id)
    rows, notes = annex_rows(con, period_id, columns), xlsx_notes(con, period_id)
    start, end = period_bounds(con, period_id)
    # one workbook, both sheets, written once
    book = annex_workbook(rows, columns=columns, notes=notes,
                          title=f"各部门各单位 {start.year} 年 {start.month}-{end.month} 月份信息报送采用情况统计表")
    add_details_sheet(book, details_frame(con, period_id))
    out["annex.xlsx"] = deterministic_bytes(book)
    notice = build_notice(con, period_id, notice_date, rows, notes, columns)
    out["notice.md"] = notice_markdown(notice).encode("utf-8")
    out["notice.docx"] = notice_docx_bytes(notice)
    out["report.html"] = report_html(con, period_id, notice).encode("utf-8")
    return out
