"""Cells safe to open in Excel: no text an input wrote can become a formula in a file the clerk opens.

Excel (and LibreOffice, WPS) read a CSV field or an xlsx value that starts with ``=``, ``+``, ``-``
or ``@`` (or a tab or carriage return before one) as a formula: a Message-ID, title or 表内名称 from
a hostile sender would run when the clerk opens annex.csv or rejected.csv. Every clerk-facing writer
goes through this module:

* CSV: ``csv_text(frame)`` — text cells that would start a formula get a leading ``'`` (the OWASP
  advice); numbers, negative ones included (also as text: "-3"), stay numbers.
* xlsx (openpyxl): ``no_formulas(workbook)`` before saving — openpyxl stores any string starting
  with ``=`` as a formula; this turns every such cell back into a plain string cell.
"""
from __future__ import annotations

import csv
import io
import re

import pandas as pd

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# a signed number written as text ("-3") is read as that number, not as a formula: it stays as it is
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def safe_text(value: object) -> object:
    """The value, with ``'`` in front when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of frame whose text cells (and text headers) cannot start a formula; numbers untouched."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(safe_text)
    out.columns = [safe_text(c) for c in out.columns]
    return out


def csv_text(frame: pd.DataFrame) -> str:
    """frame as CSV text (header, no index, "\\n" lines) with every formula lead neutralised."""
    buffer = io.StringIO()
    safe_frame(frame).to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue()


def no_formulas(workbook) -> None:
    """Make every formula cell of an openpyxl workbook a string cell (govinfo writes no formulas of its own)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
