"""Period ids: YYYY-MM naming the odd month a two-month period starts with."""
from __future__ import annotations

import datetime as dt
import re

from ingestion.errors import InputError

_PERIOD = re.compile(r"^(\d{4})-(01|03|05|07|09|11)$")


def check_period(period_id: str) -> str:
    if not _PERIOD.match(str(period_id)):
        raise InputError(f"period '{period_id}' is not YYYY-MM with an odd month (2024-05 = May and June)")
    return str(period_id)


def period_bounds(period_id: str) -> tuple[dt.date, dt.date]:
    """First day and last day of the period."""
    check_period(period_id)
    start = dt.date(int(period_id[:4]), int(period_id[5:]), 1)
    after = dt.date(start.year + 1, 1, 1) if start.month == 11 else dt.date(start.year, start.month + 2, 1)
    return start, after - dt.timedelta(days=1)


def periods_between(first: str, last: str) -> list[str]:
    """Every period id from first to last, in order."""
    start, _ = period_bounds(first)
    end, _ = period_bounds(last)
    out = []
    while start <= end:
        out.append(f"{start:%Y-%m}")
        start = dt.date(start.year + 1, 1, 1) if start.month == 11 else dt.date(start.year, start.month + 2, 1)
    return out
