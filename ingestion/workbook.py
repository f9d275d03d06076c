"""Reading the register workbooks: sheets recognised by name, columns by their Chinese header."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .dates import parse_register_date
from .errors import InputError
from .sheet_specs import BY_NAME, SheetSpec
from .text import clean

# Offices put a title line or two above the table: the header is the first of these rows naming a column.
_HEADER_SEARCH_ROWS = 5
_SPACES = re.compile(r"\s+")


@dataclass
class SheetRows:
    spec: SheetSpec
    sheet: str          # the sheet's name as written in the workbook
    header_row: int
    rows: list[dict]    # field -> value, plus row_number and row_key


@dataclass
class UnusedSheet:
    sheet: str
    rows: int


def _header_key(value: object) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(value))) if value is not None else ""


def cell_text(value: object) -> str | None:
    """A cell as the office typed it: dates as ISO, whole numbers without '.0'."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() else None


def _row_key(values: list[object]) -> str:
    joined = "\x1f".join(clean(v) or "" for v in values)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def _find_header(rows: list[tuple], spec: SheetSpec, file: str, sheet: str) -> tuple[int, dict[str, int]]:
    wanted = {_header_key(c.header) for c in spec.columns}
    for offset, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        positions = {_header_key(v): i for i, v in reversed(list(enumerate(row))) if v is not None}
        if wanted & positions.keys():
            missing = [c.header for c in spec.columns if c.required and _header_key(c.header) not in positions]
            if missing:
                raise InputError(f"required column missing (header row {offset + 1} has: "
                                 f"{', '.join(str(v) for v in row if v is not None)})",
                                 file=file, sheet=sheet, column=missing[0])
            return offset, {c.field: positions[_header_key(c.header)] for c in spec.columns
                            if _header_key(c.header) in positions}
    raise InputError(f"no header row naming {', '.join(c.header for c in spec.columns)} in the first "
                     f"{_HEADER_SEARCH_ROWS} rows", file=file, sheet=sheet, column=spec.columns[0].header)


def read_workbook(path: Path, display_name: str) -> tuple[list[SheetRows], list[UnusedSheet]]:
    """Every contract sheet of one workbook; sheets with other names come back as unused.

    Raises InputError when a contract sheet lacks a required column, and OSError/ValueError
    subclasses (reported by the caller) when the file is not a readable workbook.
    """
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise ValueError(f"not a readable .xlsx workbook ({exc.__class__.__name__}: {exc})") from exc
    found, unused = [], []
    try:
        for ws in book.worksheets:
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
            spec = BY_NAME.get(clean(ws.title) or "")
            if spec is None:
                filled = sum(1 for r in rows if any(v is not None and str(v).strip() for v in r))
                if filled:
                    unused.append(UnusedSheet(ws.title, filled))
                continue
            found.append(_read_sheet(rows, spec, display_name, ws.title))
    finally:
        book.close()
    return found, unused


def _read_sheet(rows: list[tuple], spec: SheetSpec, file: str, sheet: str) -> SheetRows:
    header_offset, positions = _find_header(rows, spec, file, sheet)
    out = []
    for offset in range(header_offset + 1, len(rows)):
        row = rows[offset]
        raw = {f: (row[i] if i < len(row) else None) for f, i in positions.items()}
        if all(cell_text(v) is None for v in raw.values()):
            continue  # a blank line between blocks of rows is not data
        record = {"row_number": offset + 1, "row_key": _row_key([raw.get(c.field) for c in spec.columns])}
        for column in spec.columns:
            value = raw.get(column.field)
            if column.is_date:
                record[f"{column.field}_text"] = cell_text(value)
                record[column.field] = parse_register_date(value)
            else:
                record[column.field] = cell_text(value)
        out.append(record)
    return SheetRows(spec, sheet, header_offset + 1, out)
