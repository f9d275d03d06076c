"""Periods of the scheme's 考核周期 (scheme.md): their ids and bounds, the one place they are computed.

A year has one 考核周期 (a change takes effect on 1 January only), so a period id is read against the
form of its year: 月 `YYYY-MM` (any month), 双月 `YYYY-MM` (odd month), 季度 `YYYY-Qn`, 半年 `YYYY-Hn`,
年 `YYYY`. Pure functions, used by the validate step, the CLI, the DAG and the warehouse's
raw.scheme_periods (which dbt reads).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import InputError


@dataclass(frozen=True)
class Form:
    name: str        # as written in 考核设置
    months: int      # months in one period
    pattern: str     # the id as a regex of its year and its number within the year
    shape: str       # the id as the clerk reads it

    def id_of(self, year: int, index: int) -> str:
        """The id of the index-th period (0-based) of the year."""
        first_month = index * self.months + 1
        if self.months == 12:
            return f"{year:04d}"
        if self.months == 3:
            return f"{year:04d}-Q{index + 1}"
        if self.months == 6:
            return f"{year:04d}-H{index + 1}"
        return f"{year:04d}-{first_month:02d}"

    def index_of(self, period_id: str) -> tuple[int, int] | None:
        """(year, 0-based index) of a period id of this form, or None."""
        match = re.fullmatch(self.pattern, period_id)
        if not match:
            return None
        year = int(match.group(1))
        number = int(match.group(2)) if match.lastindex and match.lastindex > 1 else 1
        if self.months in (1, 2):  # the number is the first month
            if not 1 <= number <= 12 or (number - 1) % self.months:
                return None
            return year, (number - 1) // self.months
        if not 1 <= number <= 12 // self.months:
            return None
        return year, number - 1


FORMS: dict[str, Form] = {f.name: f for f in (
    Form("月", 1, r"(\d{4})-(\d{2})", "YYYY-MM, any month (2024-02 = February)"),
    Form("双月", 2, r"(\d{4})-(\d{2})", "YYYY-MM with an odd month (2024-05 = May and June)"),
    Form("季度", 3, r"(\d{4})-Q(\d)", "YYYY-Qn (2024-Q2 = April to June)"),
    Form("半年", 6, r"(\d{4})-H(\d)", "YYYY-Hn (2024-H2 = July to December)"),
    Form("年", 12, r"(\d{4})", "YYYY (2024 = the whole year)"),
)}
ANY_FORM = "YYYY-MM (月, 双月), YYYY-Qn (季度), YYYY-Hn (半年) or YYYY (年)"


@dataclass(frozen=True)
class Period:
    id: str
    form: str
    start: dt.date      # first day
    end: dt.date        # the day after the last (exclusive)

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)


def _month_start(year: int, month0: int) -> dt.date:
    """First day of the month month0 (0-based, may run past December) of the year."""
    return dt.date(year + month0 // 12, month0 % 12 + 1, 1)


def make_period(form: Form, year: int, index: int) -> Period:
    first = index * form.months
    return Period(form.id_of(year, index), form.name, _month_start(year, first),
                  _month_start(year, first + form.months))


def year_of(period_id: object) -> int:
    """The year of a period id of any form; InputError when it has none of the forms."""
    text = str(period_id)
    for form in FORMS.values():
        found = form.index_of(text)
        if found:
            return found[0]
    raise InputError(f"period '{text}' is not a period id: {ANY_FORM}")


class Calendar:
    """The 考核周期 of each year, from the validated 考核设置 rows (effective_from None = from the start)."""

    def __init__(self, cycles: list[tuple[dt.date | None, str]], default: str):
        self.default = default
        self.changes = sorted((d, FORMS[f].name) for d, f in cycles if d is not None)
        undated = [f for d, f in cycles if d is None]
        self.base = undated[-1] if undated else default

    def form_of(self, year: int) -> Form:
        name = self.base
        for since, form in self.changes:
            if since <= dt.date(year, 1, 1):
                name = form
        return FORMS[name]

    def periods_of(self, year: int) -> list[Period]:
        form = self.form_of(year)
        return [make_period(form, year, i) for i in range(12 // form.months)]

    def problem(self, period_id: object) -> str | None:
        """Why the id is not a period of its year's 考核周期 (naming the expected form), or None."""
        text = str(period_id)
        try:
            year = year_of(text)
        except InputError:
            return f"is not a period id: {ANY_FORM}"
        form = self.form_of(year)
        if form.index_of(text) is None:
            return f"is not a period of {year}, whose 考核周期 is {form.name}: expected {form.shape}"
        return None

    def period(self, period_id: object) -> Period:
        """The period of that id; InputError naming the expected form when it is not a period of its year."""
        problem = self.problem(period_id)
        if problem:
            raise InputError(f"period '{period_id}' {problem}")
        form = self.form_of(year_of(period_id))
        return make_period(form, *form.index_of(str(period_id)))

    def containing(self, day: dt.date) -> Period:
        return next(p for p in self.periods_of(day.year) if p.start <= day < p.end)

    def between(self, first: object, last: object) -> list[Period]:
        """Every period from first to last, in order (the years between may have other forms)."""
        start, stop = self.period(first), self.period(last)
        if stop.start < start.start:
            raise InputError(f"backfill: --to {last} comes before --from {first}")
        return [p for year in range(start.start.year, stop.start.year + 1) for p in self.periods_of(year)
                if start.start <= p.start <= stop.start]

    def periods(self, first_year: int, last_year: int) -> list[Period]:
        return [p for year in range(first_year, last_year + 1) for p in self.periods_of(year)]
