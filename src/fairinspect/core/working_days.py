"""Working days in England, and the school terms workload is counted in.

Notice periods, deadlines and pause limits count working days: Monday to Friday, less the bank holidays
of England and Wales (the `holidays` library's calendar for the United Kingdom, subdivision England, which
Wales shares). The calendar comes from that maintained library, never a hand-kept list.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

import holidays
from django.utils import timezone

_SATURDAY = 5


@cache
def _bank_holidays(year: int) -> dict[date, str]:
    """The bank holidays of one year, built whole before anyone reads them. The library's own calendar fills
    in a year lazily and marks it loaded before adding its holidays, so a calendar shared between threads
    could briefly show another thread a bank holiday as a working day."""
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


def now() -> datetime:
    """The time now. Services ask this (and `today`) rather than the system clock, so tests can set it."""
    return timezone.now()


def today() -> date:
    """The date in England now."""
    return timezone.localdate(now())


def bank_holiday_name(day: date) -> str | None:
    return _bank_holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < _SATURDAY and day not in _bank_holidays(day.year)


def add_working_days(day: date, count: int) -> date:
    """The working day `count` working days after `day` (before it, when `count` is negative); `day`
    itself need not be a working day."""
    step = timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def next_working_day(day: date) -> date:
    return add_working_days(day, 1)


def years_from(day: date, years: int) -> date:
    """The same day `years` years later (earlier when negative); 28 February for 29 February in a year that has
    none."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def working_days_between(start: date, end: date) -> int:
    """How many working days fall in [start, end): the working days from `start` up to, not including, `end`."""
    count = 0
    day = start
    while day < end:
        if is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count


@dataclass(frozen=True)
class Term:
    name: str
    starts_on: date
    ends_on: date

    def __str__(self):
        return f"{self.name} term {self.starts_on.year}"


def school_term(day: date) -> Term:
    """The term `day` falls in. Inspection workload is counted by these fixed terms (autumn from
    September, spring from January, summer from April), not by each local authority's own term dates."""
    if day.month >= 9:
        return Term("Autumn", date(day.year, 9, 1), date(day.year, 12, 31))
    if day.month >= 4:
        return Term("Summer", date(day.year, 4, 1), date(day.year, 8, 31))
    return Term("Spring", date(day.year, 1, 1), date(day.year, 3, 31))
