"""The periods of a warehouse's scheme: its calendar (考核周期 per year, from raw.scheme_settings) and
raw.scheme_periods, the bounds dbt and the publish step read (computed by ingestion.periods only)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from expectations.scheme import DEFAULTS
from ingestion.periods import Calendar, Period, year_of
from ingestion.raw_tables import insert_rows
from ingestion.sheet_specs import SHEETS

# the register dates that place an input in a period (rule sheets' 生效日期 and the registry's dates do not)
_EVENT_DATES = [(spec.table, column.field) for spec in SHEETS for column in spec.columns
                if column.is_date and spec.table not in ("sheet_settings", "sheet_points", "sheet_quotas",
                                                         "sheet_units")]


def check_period(period_id: object) -> str:
    """The id when it has one of the period forms (which one its year needs is known once the scheme is read)."""
    year_of(period_id)
    return str(period_id)


def calendar(con) -> Calendar:
    """The calendar of the validated 考核设置 (raw.scheme_settings)."""
    rows = con.execute("SELECT effective_from, value FROM raw.scheme_settings WHERE item = '考核周期'").fetchall()
    return Calendar(rows, DEFAULTS["考核设置"]["考核周期"])


def _input_years(con) -> tuple[int, int] | None:
    parts = [f"SELECT min({c}) AS lo, max({c}) AS hi FROM raw.{t}" for t, c in _EVENT_DATES]
    parts.append("SELECT min(CAST(sent_at AS DATE)), max(CAST(sent_at AS DATE)) FROM raw.mail_messages")
    lo, hi = con.execute(f"SELECT min(lo), max(hi) FROM ({' UNION ALL '.join(parts)})").fetchone()
    return (lo.year, hi.year) if lo else None


def write_periods(warehouse: Path, period_id: str | None = None) -> Period | None:
    """Rebuild raw.scheme_periods: every period of every year from the earliest dated input (or the
    requested period) to the latest. Returns the requested period; InputError when its id is not of its
    year's form."""
    with duckdb.connect(str(warehouse)) as con:
        cal = calendar(con)
        requested = cal.period(period_id) if period_id else None
        years = [y for y in (_input_years(con) or ()) if y is not None]
        if requested:
            years.append(requested.start.year)
        rows = [{"period_id": p.id, "form": p.form, "period_start": p.start, "period_end": p.end}
                for p in (cal.periods(min(years), max(years)) if years else [])]
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM raw.scheme_periods")
        insert_rows(con, "scheme_periods", rows)
        con.execute("COMMIT")
    return requested


def stored_period(con, period_id: str) -> Period:
    """The period as raw.scheme_periods holds it (in a built warehouse or its serving copy)."""
    row = con.execute("SELECT form, period_start, period_end FROM raw.scheme_periods WHERE period_id = ?",
                      [period_id]).fetchone()
    if row is None:
        raise LookupError(f"period {period_id} is not in raw.scheme_periods: was it built?")
    return Period(period_id, *row)


def period_bounds(con, period_id: str) -> tuple[dt.date, dt.date]:
    """First and last day of a built period."""
    period = stored_period(con, period_id)
    return period.start, period.last_day


def period_ending(warehouse: Path, month: dt.date) -> str | None:
    """The id of the period whose last month holds that day, or None when the period goes on."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        period = calendar(con).containing(month)
    next_month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return period.id if period.end == next_month else None


def periods_between(warehouse: Path, first: str, last: str) -> list[str]:
    """Every period id from first to last, in order, by the warehouse's scheme."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [p.id for p in calendar(con).between(first, last)]
