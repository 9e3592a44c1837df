from datetime import date

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


def test_terms():
    assert str(school_term(date(2026, 3, 3))) == "Spring term 2026"
    assert school_term(date(2026, 9, 1)).starts_on == date(2026, 9, 1)
    assert school_term(date(2026, 8, 31)).name == "Summer"
