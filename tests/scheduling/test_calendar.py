"""The days a term's inspections can be planned on: never in a holiday, on a bank holiday, on 24 December or in the
term's last days, the call the working day before the team is on site."""

from datetime import date

import pytest

from fairinspect.core.errors import InvalidRequest
from fairinspect.scheduling import rules
from fairinspect.scheduling.calendar import next_term, term_named, visits_in


def test_each_week_the_school_is_called_on_monday_and_inspected_tuesday_and_wednesday():
    visits = visits_in(term_named("summer-2026"))
    assert visits[0].call_on == date(2026, 4, 13) and visits[0].days == (date(2026, 4, 14), date(2026, 4, 15))
    for visit in visits:
        assert visit.call_on.weekday() == 0 or visit.call_on == date(2026, 5, 5)


def test_a_bank_holiday_monday_moves_the_call_to_tuesday_and_half_term_has_none():
    visits = {visit.week: visit for visit in visits_in(term_named("summer-2026"))}
    # Monday 4 May 2026 is the early May bank holiday.
    assert visits[date(2026, 5, 4)].call_on == date(2026, 5, 5)
    assert visits[date(2026, 5, 4)].days == (date(2026, 5, 6), date(2026, 5, 7))
    assert date(2026, 5, 25) not in visits  # half term


def test_the_last_working_days_of_a_term_and_christmas_eve_are_kept_free():
    summer = visits_in(term_named("summer-2026"))  # ends Wednesday 22 July
    assert summer[-1].days == (date(2026, 7, 14), date(2026, 7, 15))
    autumn = visits_in(term_named("autumn-2026"))  # ends Friday 18 December
    assert autumn[-1].ends_on <= date(2026, 12, 15)


def test_terms_are_named_by_their_codes_and_the_next_one_found(settings, tmp_path):
    assert next_term(date(2026, 3, 2)).code == "summer-2026"
    with pytest.raises(InvalidRequest, match="There is no term 'winter-2026' in the term calendar: give one of"):
        term_named("winter-2026")


def test_the_term_calendar_can_be_replaced_and_a_bad_one_is_refused_with_its_place(settings, tmp_path):
    custom = tmp_path / "terms.yaml"
    custom.write_text(
        "terms:\n  - {code: summer-2026, name: Summer term 2026, starts_on: 2026-04-20, ends_on: 2026-07-17}\n"
    )
    settings.FAIRINSPECT = {**settings.FAIRINSPECT, "SCHOOL_TERMS_FILE": str(custom)}
    assert visits_in(term_named("summer-2026"))[0].call_on == date(2026, 4, 20)
    custom.write_text("terms:\n  - {code: summer-2026, name: Summer, starts_on: 2026-07-20, ends_on: 2026-04-17}\n")
    rules._cached.cache_clear()
    with pytest.raises(rules.RulesFileError, match="terms.yaml: terms.0: Value error, ends_on must be after starts_on"):
        rules.calendar()
    rules._cached.cache_clear()
