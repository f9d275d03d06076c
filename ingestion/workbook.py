"""Reading the register workbooks: sheets recognised by name, columns by their Chinese header."""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .dates import parse_register_date
from .errors import InputError, Rejected
from .limits import Limits, limits, megabytes
from .sheet_specs import BY_NAME, SheetSpec
from .text import clean

# Offices put a title line or two above the table: the header is the first of these rows naming a column.
_HEADER_SEARCH_ROWS = 5
_SPACES = re.compile(r"\s+")


@dataclass
class SheetRows:
    spec: SheetSpec
    sheet: str                       # the sheet's name as written in the workbook
    header_row: int
    rows: Iterator[dict]             # field -> value, plus row_number and row_key; read as it is consumed
    issues: list[dict] = field(default_factory=list)   # cells cut to the limit, filled while rows are read


@dataclass
class UnusedSheet:
    sheet: str
    detail: str


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


def _check_part_size(info: zipfile.ZipInfo, limit: int, what: str) -> None:
    # zipfile reads no more than a part's declared size (a part that holds more fails its CRC),
    # so checking the declared size before parsing bounds what any part can cost
    if info.file_size > limit:
        raise Rejected("oversized_workbook", f"{what} is {megabytes(info.file_size)} uncompressed, above the "
                                             f"limit of {megabytes(limit)} (GOVINFO_MAX_SHEET_MB)")


def read_workbook(path: Path, display_name: str) -> Iterator[SheetRows | UnusedSheet]:
    """Every contract sheet of one workbook, its rows read as they are consumed; sheets with other
    names come back as unused, not read beyond their first value.

    Raises InputError when a contract sheet lacks a required column, Rejected when the workbook is
    over a limit or unsafe, and other exceptions (reported by the caller) when it is not readable.
    """
    bounds = limits()
    with zipfile.ZipFile(path) as archive:
        # every part, whatever its name (the content types may call any part the shared strings), and
        # every sheet, used or not: openpyxl walks a whole sheet that lacks a <dimension> when it opens it
        for info in archive.infolist():
            _check_part_size(info, bounds.sheet_bytes, info.filename)
    from openpyxl import load_workbook   # 0.15 s to import: only once a workbook is read

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in book.worksheets:
            ws.reset_dimensions()   # rows and columns from the data, not from the declared <dimension>
            spec = BY_NAME.get(clean(ws.title) or "")
            if spec is None:
                if any(cell_text(v) for row in ws.iter_rows(values_only=True) for v in row):
                    yield UnusedSheet(ws.title, "sheet name is not one of the contract's; its rows are not used")
                continue
            yield _read_sheet(ws.iter_rows(values_only=True), spec, display_name, ws.title, bounds)
    finally:
        book.close()


def _read_sheet(rows: Iterator[tuple], spec: SheetSpec, file: str, sheet: str, bounds: Limits) -> SheetRows:
    top = list(itertools.islice(rows, _HEADER_SEARCH_ROWS))
    header_offset, positions = _find_header(top, spec, file, sheet)
    result = SheetRows(spec, sheet, header_offset + 1, iter(()))

    def records() -> Iterator[dict]:
        count = 0
        following = itertools.chain(top[header_offset + 1:], rows)
        for row_number, row in enumerate(following, start=header_offset + 2):
            raw = {f: (row[i] if i < len(row) else None) for f, i in positions.items()}
            if all(cell_text(v) is None for v in raw.values()):
                continue  # a blank line between blocks of rows is not data
            count += 1
            if count > bounds.register_rows:
                raise Rejected("oversized_workbook", f"sheet {sheet} has more than {bounds.register_rows:,} rows, "
                                                     "the limit of one register (GOVINFO_MAX_REGISTER_ROWS)")
            for column in spec.columns:
                value = raw.get(column.field)
                if isinstance(value, str) and len(value) > bounds.cell_chars:
                    raw[column.field] = value[:bounds.cell_chars]
                    result.issues.append({"row_number": row_number, "reason": "long_cell", "detail": (
                        f"column {column.header}: {len(value):,} characters, cut to {bounds.cell_chars:,} "
                        "(GOVINFO_MAX_CELL_CHARS)")})
            record = {"row_number": row_number, "row_key": _row_key([raw.get(c.field) for c in spec.columns])}
            for column in spec.columns:
                value = raw.get(column.field)
                if column.is_date:
                    record[f"{column.field}_text"] = cell_text(value)
                    record[column.field] = parse_register_date(value)
                else:
                    record[column.field] = cell_text(value)
            yield record

    result.rows = records()
    return result
