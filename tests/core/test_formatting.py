"""Dates as GOV.UK writes them: a range does not repeat the month or year its ends share."""

from datetime import date, datetime, timezone

import pytest

from fairinspect.core.formatting import govuk_date, govuk_date_range, govuk_datetime, govuk_period


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "written", "as_period"),
    [
        (date(2026, 11, 24), date(2026, 11, 24), "24 November 2026", "on 24 November 2026"),
        (date(2026, 11, 24), None, "24 November 2026", "on 24 November 2026"),
        (date(2026, 11, 24), date(2026, 11, 25), "24 to 25 November 2026", "from 24 to 25 November 2026"),
        (date(2026, 11, 30), date(2026, 12, 1), "30 November to 1 December 2026", "from 30 November to 1 December 2026"),
        (date(2026, 12, 31), date(2027, 1, 4), "31 December 2026 to 4 January 2027",
         "from 31 December 2026 to 4 January 2027"),
        (date(2026, 3, 2), date(2027, 3, 3), "2 March 2026 to 3 March 2027", "from 2 March 2026 to 3 March 2027"),
    ],
)
def test_a_range_says_each_shared_part_once(starts_on, ends_on, written, as_period):
    assert govuk_date_range(starts_on, ends_on) == written
    assert govuk_period(starts_on, ends_on) == as_period


def test_dates_and_times_have_no_leading_zero_and_times_say_am_or_pm(settings):
    settings.TIME_ZONE = "Europe/London"
    assert govuk_date(date(2026, 6, 4)) == "4 June 2026"
    assert govuk_datetime(datetime(2026, 6, 4, 13, 15, tzinfo=timezone.utc)) == "4 June 2026 at 2:15pm"
    assert govuk_datetime(datetime(2026, 1, 4, 0, 0, tzinfo=timezone.utc)) == "4 January 2026 at midnight"
    assert govuk_datetime(datetime(2026, 1, 4, 12, 0, tzinfo=timezone.utc)) == "4 January 2026 at midday"
    assert govuk_datetime(datetime(2026, 1, 4, 12, 5, tzinfo=timezone.utc)) == "4 January 2026 at 12:05pm"
