"""Writing .xlsx register workbooks with openpyxl, reproducibly: fixed document properties and,
after saving, the zip entries rewritten in order with a fixed time stamp (openpyxl stamps the
entries, and the 'modified' property, with the clock when it saves). Cell values are whatever
the caller gives (text, numbers, dates)."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

CORE_PART = "docProps/core.xml"

FIXED_TIME = dt.datetime(2024, 7, 10, 9, 0, 0)


def write_workbook(path: Path, sheets: list[tuple[str, list[str], list[list[object]]]],
                   *, when: dt.datetime = FIXED_TIME, creator: str = "govinfo samplegen") -> None:
    """One workbook; each sheet is (name, header row, data rows). Dates get a yyyy-mm-dd format."""
    book = Workbook()
    book.remove(book.active)
    for name, headers, rows in sheets:
        sheet = book.create_sheet(name)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        for column, header in enumerate(headers, start=1):
            width = max([len(str(header)) * 2] + [len(str(r[column - 1])) * 2 if column - 1 < len(r) and
                                                   r[column - 1] is not None else 0 for r in rows])
            sheet.column_dimensions[get_column_letter(column)].width = min(max(width, 8), 60)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, (dt.date, dt.datetime)):
                    cell.number_format = "yyyy-mm-dd"
    book.properties.creator = creator
    book.properties.lastModifiedBy = creator
    book.properties.created = when
    book.properties.modified = when
    buffer = io.BytesIO()
    book.save(buffer)
    book.properties.modified = when   # save() set it to the current time
    core = tostring(book.properties.to_tree())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_fixed_zip(buffer.getvalue(), when, {CORE_PART: core}))


def _fixed_zip(data: bytes, when: dt.datetime, replace: dict[str, bytes]) -> bytes:
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, replace.get(item.filename) or source.read(item.filename))
    return out.getvalue()


def sheet_values(path: Path) -> dict[str, list[tuple]]:
    """Every sheet of a workbook as rows of cell values (for comparing two workbooks)."""
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    finally:
        book.close()
