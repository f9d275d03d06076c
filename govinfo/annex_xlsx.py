"""Write the annex table as a print-ready .xlsx laid out like the notice's annex.

The layout (top to bottom):

* row 1: ``附件``;
* row 2: the title, merged across the table width;
* rows 3-5: grouped Chinese headers with merged cells (repeated on every printed page);
* one row per unit, then a ``合计`` row summing every numeric column;
* the notes, one merged, wrapped row each.

Nothing city- or year-specific lives here: the title and the notes come from the caller.
The file content is deterministic (fixed document timestamps and zip entry dates), and it
is written through a temporary file in the target folder then renamed into place, so a
failed write never leaves a partial ``.xlsx`` behind.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import numbers
import os
import re
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .cells import no_formulas

COLUMNS: tuple[str, ...] = (
    "unit",
    "submitted",
    "submitted_ytd",
    "info_province",
    "info_province_ytd",
    "info_prefecture",
    "info_prefecture_ytd",
    "info_city",
    "info_city_ytd",
    "brief_province",
    "brief_province_ytd",
    "brief_prefecture",
    "brief_prefecture_ytd",
    "brief_city",
    "brief_city_ytd",
    "points",
    "points_ytd",
    "verdict",
)
NUMERIC_COLUMNS: tuple[str, ...] = COLUMNS[1:-1]

FONT_NAME = "宋体"
ONE_PAGE_UNITS = 40
SHEET_TITLE = "附件"
TOTAL_LABEL = "合计"

# Header block: rows 3-5 of the sheet (1 = "附件", 2 = title).
HEADER_FIRST_ROW = 3
HEADER_LAST_ROW = 5

# Leaf headers carry an explicit line break so they print as two short lines in the
# narrow numeric columns, whatever the renderer (Excel, WPS, LibreOffice).
_MONTH_ADOPTED = "本月\n采用"
_YTD_ADOPTED = "累计\n采用"

# (text, first_row, first_col, last_row, last_col); rows are offsets 0..2 inside the
# header block, columns are 1-based sheet columns (A = 1).
HEADER_CELLS: tuple[tuple[str, int, int, int, int], ...] = (
    ("单位", 0, 1, 2, 1),
    ("信息报送情况", 0, 2, 1, 3),
    ("本月\n报送", 2, 2, 2, 2),
    ("累计\n报送", 2, 3, 2, 3),
    ("信息采用情况", 0, 4, 0, 9),
    ("省", 1, 4, 1, 5),
    ("州", 1, 6, 1, 7),
    ("市", 1, 8, 1, 9),
    ("动态采用情况", 0, 10, 0, 15),
    ("省", 1, 10, 1, 11),
    ("州", 1, 12, 1, 13),
    ("市", 1, 14, 1, 15),
    ("积分", 0, 16, 1, 17),
    ("本月\n积分", 2, 16, 2, 16),
    ("累计\n积分", 2, 17, 2, 17),
    ("是否\n合格", 0, 18, 2, 18),
) + tuple(
    (text, 2, col, 2, col)
    for first in range(4, 16, 2)
    for text, col in ((_MONTH_ADOPTED, first), (_YTD_ADOPTED, first + 1))
)

NCOLS = len(COLUMNS)

# Fixed timestamp for document properties and zip entries (deterministic output).
_FIXED_TIME = _dt.datetime(1980, 1, 1, 0, 0, 0)

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _display_width(text: str) -> int:
    """Width in Excel character units: CJK / full-width characters count double."""
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in text)


def _as_int(value: object, column: str, row: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        raise ValueError(f"annex row {row}, column {column!r}: not a number: {value!r}")
    if isinstance(value, float) and not value.is_integer():  # NaN, inf, fractions
        raise ValueError(f"annex row {row}, column {column!r}: not an integer: {value!r}")
    return int(value)


def _check_rows(rows: pd.DataFrame) -> list[list[object]]:
    if tuple(rows.columns) != COLUMNS:
        raise ValueError(
            f"annex columns must be exactly {list(COLUMNS)}, got {list(rows.columns)}"
        )
    records: list[list[object]] = []
    for i, rec in enumerate(rows.itertuples(index=False, name=None), start=1):
        unit, *nums, verdict = rec
        if not isinstance(unit, str) or not unit:
            raise ValueError(f"annex row {i}: unit must be a non-empty string: {unit!r}")
        ints = [_as_int(v, c, i) for v, c in zip(nums, NUMERIC_COLUMNS)]
        if verdict is None or (isinstance(verdict, float) and math.isnan(verdict)):
            verdict = ""
        records.append([unit, *ints, str(verdict)])
    return records


def _build_workbook(records: list[list[object]], title: str, notes: list[str]) -> Workbook:
    wb = Workbook()
    wb.properties.creator = "govinfo"
    wb.properties.title = title
    wb.properties.created = _FIXED_TIME
    ws = wb.active
    ws.title = SHEET_TITLE

    font = Font(name=FONT_NAME, size=10)
    bold = Font(name=FONT_NAME, size=10, bold=True)
    last_col = get_column_letter(NCOLS)

    # Row 1: "附件"; row 2: the title.
    c = ws.cell(row=1, column=1, value="附件")
    c.font = Font(name=FONT_NAME, size=12, bold=True)
    c.alignment = Alignment(horizontal="left", vertical="center")
    ws.merge_cells(f"A2:{last_col}2")
    c = ws.cell(row=2, column=1, value=title)
    c.font = Font(name=FONT_NAME, size=16, bold=True)
    c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[2].height = 32

    # Header block: border every cell first so merged ranges print fully outlined.
    for r in range(HEADER_FIRST_ROW, HEADER_LAST_ROW + 1):
        for col in range(1, NCOLS + 1):
            cell = ws.cell(row=r, column=col)
            cell.border = _BORDER
            cell.font = bold
            cell.alignment = _CENTER
    for text, r0, c0, r1, c1 in HEADER_CELLS:
        top, bottom = HEADER_FIRST_ROW + r0, HEADER_FIRST_ROW + r1
        ws.cell(row=top, column=c0, value=text)
        if (top, c0) != (bottom, c1):
            ws.merge_cells(start_row=top, start_column=c0, end_row=bottom, end_column=c1)
    ws.row_dimensions[HEADER_FIRST_ROW].height = 20
    ws.row_dimensions[HEADER_FIRST_ROW + 1].height = 18
    ws.row_dimensions[HEADER_LAST_ROW].height = 28

    # Data rows, then the total row.
    totals = [0] * len(NUMERIC_COLUMNS)
    r = HEADER_LAST_ROW
    for rec in records:
        r += 1
        for col, value in enumerate(rec, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.font = font
            cell.border = _BORDER
            cell.alignment = _LEFT if col == 1 else _CENTER
        for k, value in enumerate(rec[1:-1]):
            totals[k] += value
    r += 1
    total_row = [TOTAL_LABEL, *totals, None]
    for col, value in enumerate(total_row, start=1):
        cell = ws.cell(row=r, column=col, value=value)
        cell.font = bold
        cell.border = _BORDER
        cell.alignment = _CENTER

    # Column widths: unit column fits the longest name; numeric columns are narrow
    # (the two-line leaf headers and up to 5-digit numbers fit).
    unit_width = max([_display_width(str(rec[0])) for rec in records] + [12]) + 2
    ws.column_dimensions["A"].width = min(unit_width, 40)
    for col in range(2, NCOLS):
        ws.column_dimensions[get_column_letter(col)].width = 6.5
    ws.column_dimensions[last_col].width = 8
    total_width = sum(ws.column_dimensions[get_column_letter(col)].width for col in range(1, NCOLS + 1))

    # Notes: one merged, wrapped row each, directly under the table.
    for note in notes:
        r += 1
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=NCOLS)
        cell = ws.cell(row=r, column=1, value=note)
        cell.font = font
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        lines = max(1, math.ceil(_display_width(note) / (total_width * 0.9)))
        ws.row_dimensions[r].height = 14 * lines + 4

    # Print setup: A4 landscape, one page wide, header rows on every page; up to ONE_PAGE_UNITS units the
    # whole table with its 合计 row and notes is scaled onto one page.
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if len(records) <= ONE_PAGE_UNITS else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_title_rows = f"{HEADER_FIRST_ROW}:{HEADER_LAST_ROW}"
    ws.print_area = f"A1:{last_col}{r}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.font = FONT_NAME
    ws.freeze_panes = ws.cell(row=HEADER_LAST_ROW + 1, column=2)
    return wb


_MODIFIED_RE = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def deterministic_bytes(wb: Workbook) -> bytes:
    """Serialise the workbook with fixed timestamps so equal input gives equal bytes."""
    no_formulas(wb)  # a unit name or note from the inputs never becomes a formula
    raw = io.BytesIO()
    wb.save(raw)  # openpyxl stamps docProps "modified" with the current time
    fixed = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED_RE.sub(rb"\g<1>" + fixed + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()


def write_annex_xlsx(
    rows: pd.DataFrame, path: Path, *, title: str, notes: list[str]
) -> None:
    """Write ``rows`` (the annex.csv contract columns, already ordered) to ``path``.

    Raises ``ValueError`` if the columns are not exactly the contract columns in order
    or a numeric cell is not an integer. The file is written atomically.
    """
    path = Path(path)
    records = _check_rows(rows)
    data = deterministic_bytes(_build_workbook(records, title, list(notes)))

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
