import threading
import time
from datetime import date, timedelta

import holidays
from hypothesis import example, given, settings, strategies as st

from fairinspect.core import working_days
from fairinspect.core.working_days import (
    add_working_days,
    bank_holiday_name,
    is_working_day,
    next_working_day,
    school_term,
    working_days_between,
)


def test_weekends_and_england_and_wales_bank_holidays_are_not_working_days():
    assert is_working_day(date(2026, 3, 2))
    assert not is_working_day(date(2026, 3, 7))  # a Saturday
    assert not is_working_day(date(2026, 4, 6)) and bank_holiday_name(date(2026, 4, 6)) == "Easter Monday"
    assert not is_working_day(date(2026, 8, 31))  # the summer bank holiday in England, not in Scotland
    assert is_working_day(date(2026, 8, 3))  # Scotland's summer bank holiday is a working day in England
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day falls on a Saturday: the Monday is the holiday
    assert is_working_day(date(2026, 1, 2))  # 2 January is a holiday only in Scotland


def test_counting_working_days_skips_weekends_and_holidays_both_ways():
    assert next_working_day(date(2026, 3, 6)) == date(2026, 3, 9)
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)  # over Good Friday and Easter Monday
    assert add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)
    assert add_working_days(date(2026, 12, 24), 2) == date(2026, 12, 30)
    assert add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 8)) == 2
    assert working_days_between(date(2026, 3, 3), date(2026, 3, 3)) == 0


def test_working_days_carry_across_new_year():
    # New Year's Day 2027 is a Friday; 1 January 2028 a Saturday, so Monday 3 January is the bank holiday.
    assert next_working_day(date(2026, 12, 31)) == date(2027, 1, 4)
    assert add_working_days(date(2027, 1, 4), -1) == date(2026, 12, 31)
    assert bank_holiday_name(date(2028, 1, 3)) == "New Year's Day (observed)"
    assert add_working_days(date(2027, 12, 30), 2) == date(2028, 1, 4)  # Friday 31 December, then Tuesday 4th
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 5)) == 5  # 24, 29, 30, 31 December, 4 January


def test_threads_looking_up_a_year_for_the_first_time_all_see_its_bank_holidays(monkeypatch):
    """The holidays library fills in a year when a date in it is first looked up, and marks the year loaded
    before adding its holidays. Slowed down here, that gap would let a second thread see Christmas Day as a
    working day if threads shared a lazily filled calendar."""
    calendar_class = type(holidays.country_holidays("GB", subdiv="ENG"))
    populate = calendar_class._populate

    def slow_populate(calendar, year):
        time.sleep(0.05)
        populate(calendar, year)

    monkeypatch.setattr(calendar_class, "_populate", slow_populate)
    working_days._bank_holidays.cache_clear()
    christmas = date(2031, 12, 25)
    answers = []
    start = threading.Barrier(8)

    def look_up():
        start.wait()
        answers.append(is_working_day(christmas))

    threads = [threading.Thread(target=look_up) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [False] * 8


def test_terms():
    assert str(school_term(date(2026, 3, 3))) == "Spring term 2026"
    assert school_term(date(2026, 9, 1)).starts_on == date(2026, 9, 1)
    assert school_term(date(2026, 8, 31)).name == "Summer"


# Properties, over any day of nine years and any count of working days up to a term's: derandomized, so that
# every run checks the same cases, and modest, so that the suite stays quick.

PROPERTIES = settings(max_examples=150, derandomize=True, deadline=None, database=None)
FIRST, LAST = date(2025, 1, 1), date(2033, 12, 31)
# The calendar the functions are checked against: the library's, read directly, with weekends counted by hand.
BANK_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST.year, LAST.year + 2))
dates = st.dates(min_value=FIRST, max_value=LAST)
working_dates = dates.filter(is_working_day)
counts = st.integers(min_value=-65, max_value=65)


def counted_by_hand(start: date, end: date) -> int:
    """The working days in [start, end), one day at a time."""
    days = (start + timedelta(offset) for offset in range((end - start).days))
    return sum(1 for day in days if day.weekday() < 5 and day not in BANK_HOLIDAYS)


@PROPERTIES
@given(dates, counts)
@example(date(2027, 12, 31), 1)  # over a weekend and New Year's Day observed on Monday 3 January 2028
@example(date(2026, 4, 7), -1)  # back over Easter Monday and Good Friday
@example(date(2026, 12, 25), 0)
def test_counting_on_lands_on_a_working_day_with_exactly_that_many_working_days_passed(day, count):
    landed = add_working_days(day, count)

    if count == 0:
        assert landed == day
    elif count > 0:
        assert is_working_day(landed) and landed > day
        assert counted_by_hand(day + timedelta(1), landed + timedelta(1)) == count  # in (day, landed]
    else:
        assert is_working_day(landed) and landed < day
        assert counted_by_hand(landed, day) == -count  # in [landed, day)


@PROPERTIES
@given(working_dates, counts)
@example(date(2026, 12, 24), 2)
@example(date(2028, 1, 4), -2)
def test_counting_back_from_a_working_day_returns_to_it_and_the_days_between_are_the_count(day, count):
    landed = add_working_days(day, count)

    assert add_working_days(landed, -count) == day
    if count >= 0:
        assert working_days_between(day, landed) == count
    else:
        assert working_days_between(landed, day) == -count


@PROPERTIES
@given(dates, counts, counts)
def test_more_working_days_on_is_later(day, count, other):
    fewer, more = sorted((count, other))

    if fewer < more:
        assert add_working_days(day, fewer) < add_working_days(day, more)


@PROPERTIES
@given(dates, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
@example(date(2026, 12, 24), 12, 0)  # Christmas, Boxing Day (observed) and New Year's Day
@example(date(2026, 3, 30), 9, 0)  # Good Friday and Easter Monday
@example(date(2027, 12, 24), 11, 30)  # Christmas, Boxing Day and New Year's Day, each observed on a Monday or Tuesday
def test_working_days_between_agrees_with_a_count_by_hand_and_adds_up(start, length, further):
    middle, end = start + timedelta(length), start + timedelta(length + further)

    assert working_days_between(start, middle) == counted_by_hand(start, middle)
    assert working_days_between(start, middle) + working_days_between(middle, end) == working_days_between(start, end)
    assert working_days_between(end, start) == 0  # a range that ends before it starts holds none
