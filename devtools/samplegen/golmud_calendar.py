"""Working days of the Golmud sample (mainland China 2023-12 to 2024-07, with the official
holidays and the weekend days worked in their place) and office-hour times."""
from __future__ import annotations

import datetime as dt
import random

HOLIDAYS = ({dt.date(2023, 12, 30), dt.date(2023, 12, 31), dt.date(2024, 1, 1)}
            | {dt.date(2024, 2, d) for d in range(10, 18)}
            | {dt.date(2024, 4, d) for d in (4, 5, 6)}
            | {dt.date(2024, 5, d) for d in range(1, 6)}
            | {dt.date(2024, 6, 10)})
WORKED_WEEKENDS = {dt.date(2024, 2, 4), dt.date(2024, 2, 18), dt.date(2024, 4, 7), dt.date(2024, 4, 28),
                   dt.date(2024, 5, 11)}


def is_working_day(day: dt.date) -> bool:
    return day in WORKED_WEEKENDS or (day.weekday() < 5 and day not in HOLIDAYS)


def working_days(year: int, month: int, first: int = 1, last: int = 31) -> list[dt.date]:
    out = []
    for d in range(first, last + 1):
        try:
            day = dt.date(year, month, d)
        except ValueError:
            break
        if is_working_day(day):
            out.append(day)
    return out


def next_working_day(day: dt.date, after: int = 1) -> dt.date:
    while after:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            after -= 1
    return day


def office_time(day: dt.date, rng: random.Random) -> dt.datetime:
    """A time on `day` between 08:30 and 18:59, busiest mid-morning and mid-afternoon."""
    hour = rng.choices(range(8, 19), weights=(2, 6, 8, 7, 3, 1, 4, 7, 7, 5, 2))[0]
    minute = rng.randrange(30, 60) if hour == 8 else rng.randrange(60)
    return dt.datetime(day.year, day.month, day.day, hour, minute, rng.randrange(60))
