"""Errors that stop a run because the inputs cannot be used at all."""
from __future__ import annotations


class InputError(Exception):
    """Structurally unusable inputs; the message names the file, sheet and column at fault."""

    def __init__(self, message: str, *, file: str | None = None, sheet: str | None = None,
                 column: str | None = None):
        where = " / ".join(p for p in (file, f"sheet {sheet}" if sheet else None,
                                       f"column {column}" if column else None) if p)
        super().__init__(f"{where}: {message}" if where else message)
        self.file, self.sheet, self.column = file, sheet, column


class Rejected(Exception):
    """One input file (or sheet) that cannot be used: it is landed as an ingest issue and the run goes on."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason, self.detail = reason, detail
