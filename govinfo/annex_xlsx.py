"""Write the annex table as a print-ready .xlsx laid out like the notice's annex.

The layout (top to bottom):

* row 1: ``附件``;
* row 2: the title, merged across the table width;
* rows 3-5: grouped Chinese headers with merged cells (repeated on every printed page), laid out from the
  period's columns (``AnnexColumn``: the scheme's kinds and levels, marts.annex_columns);
* one row per unit (with groups, one section per group under a merged group row), then a ``合计`` row;
* the notes, one merged, wrapped row each.

Nothing city-, scheme- or year-specific lives here: the columns, title and notes come from the caller.
The file content is deterministic (fixed document timestamps and zip entry dates), and it
is written through a temporary file in the target folder then renamed into place, so a
failed write never leaves a partial ``.xlsx`` behind.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import io
import math
import numbers
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .cells import no_formulas


@dataclass(frozen=True)
class AnnexColumn:
    """One printed column of the annex, as marts.annex_columns gives it for the period's scheme."""
    name: str
    top: str                 # first header row, merged over the run of columns sharing it
    middle: str | None       # second header row (the level over an adoption column), merged likewise
    leaf: str | None         # third header row (本月/累计 …); a column with neither spans the whole header
    is_points: bool = False  # printed with at most two decimals
    is_total: bool = False   # summed in the 合计 row


FONT_NAME = "宋体"
ONE_PAGE_UNITS = 40
SHEET_TITLE = "附件"
TOTAL_LABEL = "合计"

# Header block: rows 3-5 of the sheet (1 = "附件", 2 = title).
HEADER_FIRST_ROW = 3
HEADER_LAST_ROW = 5


def _runs(values: list) -> list[tuple[int, int]]:
    """(first, last) index of each run of equal consecutive values."""
    runs, first = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[first]:
            runs.append((first, i - 1))
            first = i
    return runs


def header_cells(columns: list[AnnexColumn]) -> list[tuple[str, int, int, int, int]]:
    """The grouped headers as (text, first_row, first_col, last_row, last_col): rows are offsets 0..2 inside the
    header block, columns 1-based sheet columns. A top header spans down to the first row its columns fill."""
    cells = []
    tops = [(c.top, c.middle is None, c.leaf is None) for c in columns]
    for first, last in _runs(tops):
        col = columns[first]
        bottom = 2 if col.leaf is None and col.middle is None else 1 if col.middle is None else 0
        cells.append((col.top, 0, first + 1, bottom, last + 1))
        if col.middle is not None:
            middles = [c.middle for c in columns[first:last + 1]]
            for m_first, m_last in _runs(middles):
                cells.append((middles[m_first], 1, first + m_first + 1, 1, first + m_last + 1))
    cells += [(c.leaf, 2, i, 2, i) for i, c in enumerate(columns, start=1) if c.leaf is not None]
    return cells


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


def _as_points(value: object, column: str, row: int) -> int | float:
    """Points as printed: a whole number stays an int, else at most two decimals."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Number, decimal.Decimal)):
        raise ValueError(f"annex row {row}, column {column!r}: not a number: {value!r}")
    if not math.isfinite(float(value)):
        raise ValueError(f"annex row {row}, column {column!r}: not a number: {value!r}")
    rounded = round(float(value), 2)
    return int(rounded) if rounded.is_integer() else rounded


def _is_number(column: AnnexColumn) -> bool:
    return column.is_total or column.is_points or column.leaf is not None or column.name == "rank"


def _check_rows(rows: pd.DataFrame, columns: list[AnnexColumn]) -> list[list[object]]:
    names = [c.name for c in columns]
    if list(rows.columns) != names:
        raise ValueError(f"annex columns must be exactly {names}, got {list(rows.columns)}")
    records: list[list[object]] = []
    for i, rec in enumerate(rows.itertuples(index=False, name=None), start=1):
        out: list[object] = []
        for value, column in zip(rec, columns):
            if column.name == "unit" and (not isinstance(value, str) or not value):
                raise ValueError(f"annex row {i}: unit must be a non-empty string: {value!r}")
            if column.is_points:
                out.append(_as_points(value, column.name, i))
            elif _is_number(column):
                out.append(_as_int(value, column.name, i))
            else:
                out.append("" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value))
        records.append(out)
    return records


def _sections(records: list[list[object]], columns: list[AnnexColumn]) -> list[tuple[str | None, list[list[object]]]]:
    """With a group column: one section per group, in the order groups first appear, the column itself dropped."""
    names = [c.name for c in columns]
    if "group" not in names:
        return [(None, records)]
    at = names.index("group")
    groups: dict[str, list[list[object]]] = {}
    for rec in records:
        groups.setdefault(str(rec[at]), []).append(rec[:at] + rec[at + 1:])
    return list(groups.items())


def _build_workbook(records: list[list[object]], columns: list[AnnexColumn], title: str,
                    notes: list[str]) -> Workbook:
    sections = _sections(records, columns)
    columns = [c for c in columns if c.name != "group"]
    ncols = len(columns)
    wb = Workbook()
    wb.properties.creator = "govinfo"
    wb.properties.title = title
    wb.properties.created = _FIXED_TIME
    ws = wb.active
    ws.title = SHEET_TITLE

    font = Font(name=FONT_NAME, size=10)
    bold = Font(name=FONT_NAME, size=10, bold=True)
    last_col = get_column_letter(ncols)

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
        for col in range(1, ncols + 1):
            cell = ws.cell(row=r, column=col)
            cell.border = _BORDER
            cell.font = bold
            cell.alignment = _CENTER
    for text, r0, c0, r1, c1 in header_cells(columns):
        top, bottom = HEADER_FIRST_ROW + r0, HEADER_FIRST_ROW + r1
        ws.cell(row=top, column=c0, value=text)
        if (top, c0) != (bottom, c1):
            ws.merge_cells(start_row=top, start_column=c0, end_row=bottom, end_column=c1)
    ws.row_dimensions[HEADER_FIRST_ROW].height = 20
    ws.row_dimensions[HEADER_FIRST_ROW + 1].height = 18
    ws.row_dimensions[HEADER_LAST_ROW].height = 28

    # Data rows (a merged title row above each group's section), then the total row.
    summed = [k for k, column in enumerate(columns) if column.is_total]
    totals: dict[int, int | float] = {k: 0 for k in summed}
    r = HEADER_LAST_ROW
    for group, rows in sections:
        if group is not None:
            r += 1
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
            cell = ws.cell(row=r, column=1, value=group)
            cell.font = bold
            cell.alignment = _LEFT
            cell.border = _BORDER
        for rec in rows:
            r += 1
            for col, value in enumerate(rec, start=1):
                cell = ws.cell(row=r, column=col, value=value)
                cell.font = font
                cell.border = _BORDER
                cell.alignment = _LEFT if col == 1 else _CENTER
            for k in summed:
                totals[k] += rec[k]
    r += 1
    for col in range(1, ncols + 1):
        k = col - 1
        value = TOTAL_LABEL if col == 1 else _as_points(totals[k], columns[k].name, 0) if k in totals else None
        cell = ws.cell(row=r, column=col, value=value)
        cell.font = bold
        cell.border = _BORDER
        cell.alignment = _CENTER

    # Column widths: unit column fits the longest name; numeric columns are narrow
    # (the two-line leaf headers and up to 5-digit numbers fit).
    unit_width = max([_display_width(str(rec[0])) for rec in records] + [12]) + 2
    ws.column_dimensions["A"].width = min(unit_width, 40)
    for col in range(2, ncols):
        ws.column_dimensions[get_column_letter(col)].width = 6.5
    ws.column_dimensions[last_col].width = 8
    total_width = sum(ws.column_dimensions[get_column_letter(col)].width for col in range(1, ncols + 1))

    # Notes: one merged, wrapped row each, directly under the table.
    for note in notes:
        r += 1
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
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
    ws.freeze_panes = f"B{HEADER_LAST_ROW + 1}"  # a coordinate: the first row may be a merged group title
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


def annex_workbook(rows: pd.DataFrame, *, columns: list[AnnexColumn], title: str, notes: list[str]) -> Workbook:
    """The annex sheet of ``rows`` (the printed annex columns, already ordered), headed as ``columns`` say.

    Raises ``ValueError`` if the columns are not exactly ``columns`` in order, a count is not an
    integer or a points cell is not a number.
    """
    return _build_workbook(_check_rows(rows, columns), columns, title, list(notes))


def write_annex_xlsx(
    rows: pd.DataFrame, path: Path, *, columns: list[AnnexColumn], title: str, notes: list[str]
) -> None:
    """Write annex_workbook(rows, …) to ``path``, atomically."""
    path = Path(path)
    data = deterministic_bytes(annex_workbook(rows, columns=columns, title=title, notes=notes))

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
