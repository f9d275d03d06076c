"""ingestion/dates.py: register dates as offices type them, and mail times in Asia/Shanghai."""
from __future__ import annotations

import datetime as dt

import pytest

from ingestion.dates import parse_mail_date, parse_register_date, received_date

MAY_8 = dt.date(2024, 5, 8)


@pytest.mark.parametrize("value", [
    "2024-05-08", "2024/5/8", "2024.5.8", "2024年5月8日", "2024 年 5 月 8 日", "20240508", "2024-05-08 10:30",
    "2024-05-08T10:30:00", dt.datetime(2024, 5, 8, 10, 30), MAY_8, 45420, 45420.0, "45420", " 45420.5 ",
])
def test_register_dates_in_every_form_the_contract_allows(value):
    assert parse_register_date(value) == MAY_8


@pytest.mark.parametrize("value", [
    None, "", "明天", "2024-02-30", "2024-13-01", "20241340", "5/8", True, 12, "123", 99999, "2024-05",
])
def test_what_is_not_a_date_is_none(value):
    assert parse_register_date(value) is None


def test_excel_serials_outside_1954_2119_are_not_dates():
    assert parse_register_date(19999) is None and parse_register_date(80001) is None
    assert parse_register_date(20000) == dt.date(1954, 10, 3)


@pytest.mark.parametrize("header, shanghai", [
    ("Mon, 06 May 2024 10:00:00 +0800", dt.datetime(2024, 5, 6, 10, 0)),
    ("Mon, 06 May 2024 02:00:00 +0000", dt.datetime(2024, 5, 6, 10, 0)),
    ("Sun, 30 Jun 2024 20:30:00 -0400", dt.datetime(2024, 7, 1, 8, 30)),   # the next period in Shanghai
    ("Mon, 06 May 2024 10:00:00", dt.datetime(2024, 5, 6, 10, 0)),         # no zone: Shanghai time
    ("Mon, 06 May 2024 10:00:00 -0000", dt.datetime(2024, 5, 6, 10, 0)),   # zone unknown (RFC 5322): likewise
    ("  Mon, 06 May 2024 10:00:00 GMT ", dt.datetime(2024, 5, 6, 18, 0)),
])
def test_mail_dates_become_shanghai_wall_clock(header, shanghai):
    assert parse_mail_date(header) == shanghai


@pytest.mark.parametrize("header", [None, "", "yesterday", "Mon, 06 May 2024 10:00:00 +9999", "Mon, 99 Foo"])
def test_unreadable_mail_dates_are_none(header):
    assert parse_mail_date(header) is None


def test_received_takes_the_time_after_the_last_semicolon():
    assert received_date("from a.example (a [1.2.3.4]) by mx; id 1; Mon, 06 May 2024 02:00:00 +0000") == \
        dt.datetime(2024, 5, 6, 10, 0)
    assert received_date("from a.example by mx") is None
    assert received_date(None) is None
