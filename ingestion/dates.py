"""Dates as offices type them in registers, and mail times, in Asia/Shanghai."""
from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# 2024-05-08, 2024/5/8, 2024.5.8, 2024年5月8日, each optionally followed by a time.
_YMD = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_SERIAL = re.compile(r"^\s*(\d{5})(?:\.\d+)?\s*$")


def parse_register_date(value: object) -> dt.date | None:
    """A register cell as a date; None when it is not one."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(int(value))
    text = str(value)
    for pattern in (_YMD, _COMPACT):
        match = pattern.match(text)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    match = _SERIAL.match(text)
    return _from_serial(int(match.group(1))) if match else None


def _from_serial(serial: int) -> dt.date | None:
    # Excel serial day numbers between 1954 and 2119: anything else is not a date.
    if 20000 <= serial <= 80000:
        return _EXCEL_EPOCH + dt.timedelta(days=serial)
    return None


def parse_mail_date(value: str | None) -> dt.datetime | None:
    """An RFC 5322 date as Shanghai wall-clock time (naive); a date without zone (or -0000, "zone unknown")
    is taken as Shanghai time. parsedate_to_datetime, not parsedate_tz: the latter reads a missing zone as UTC."""
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value.strip())
        return when if when.tzinfo is None else when.astimezone(SHANGHAI).replace(tzinfo=None)
    # an impossible zone (+9999), a time that overflows when converted or a string that is no date is unreadable
    except (ValueError, OverflowError, TypeError, IndexError):
        return None


def received_date(value: str | None) -> dt.datetime | None:
    """The time stamp of one Received header: what follows its last ';'."""
    if not value or ";" not in value:
        return None
    return parse_mail_date(value.rsplit(";", 1)[1])
