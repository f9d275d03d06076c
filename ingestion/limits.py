"""Bounds on what one input may cost, so that no single file can hang a run or fill its memory.

Each limit is a setting with a default; the environment variable beside it overrides it (README).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import InputError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    sheet_bytes: int        # uncompressed size of one sheet (or the shared strings) of a workbook
    register_rows: int      # rows of one register sheet
    cell_chars: int         # characters of one cell (Excel's own limit is 32,767)
    message_bytes: int      # one mail file
    attachment_bytes: int   # one decoded attachment


_SETTINGS = {  # field: (environment variable, default, unit)
    "sheet_bytes": ("GOVINFO_MAX_SHEET_MB", 50, MB),
    "register_rows": ("GOVINFO_MAX_REGISTER_ROWS", 100_000, 1),
    "cell_chars": ("GOVINFO_MAX_CELL_CHARS", 32_767, 1),
    "message_bytes": ("GOVINFO_MAX_MESSAGE_MB", 50, MB),
    "attachment_bytes": ("GOVINFO_MAX_ATTACHMENT_MB", 30, MB),
}


def limits() -> Limits:
    """The limits in force: read from the environment on every call, so a run takes what is set now."""
    values = {}
    for field, (variable, default, unit) in _SETTINGS.items():
        text = os.environ.get(variable, "").strip()
        try:
            number = int(text) if text else default
        except ValueError:
            raise InputError(f"{variable}={text!r} is not a whole number") from None
        if number <= 0:
            raise InputError(f"{variable}={text!r} must be above 0")
        values[field] = number * unit
    return Limits(**values)


def megabytes(size: int) -> str:
    return f"{size / MB:,.1f} MB"
