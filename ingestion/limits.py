"""Bounds on what one input may cost, so that no single file can hang a run or fill its memory.

Each limit is a setting with a default; the environment variable beside it overrides it (README).
"""
from __future__ import annotations

import functools
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


# DuckDB's memory in a step's process: beyond it DuckDB spills to disk or drops what it cached; unbounded it takes
# up to 80% of RAM. With a step's Python (~300 MB with Great Expectations and pandas) a step stays under 1 GiB.
DUCKDB_MEMORY = "256MB"


def bound_memory(con):
    """con, its database limited to DUCKDB_MEMORY."""
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    return con


def limits() -> Limits:
    """The limits in force: read from the environment on every call, so a run takes what is set now."""
    return _limits(tuple(os.environ.get(variable, "") for variable, _, _ in _SETTINGS.values()))


@functools.lru_cache(maxsize=8)
def _limits(texts: tuple[str, ...]) -> Limits:
    """The limits for these settings' texts (cached: a message reader asks for them twice a message)."""
    values = {}
    for (field, (variable, default, unit)), text in zip(_SETTINGS.items(), texts):
        text = text.strip()
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
