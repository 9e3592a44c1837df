"""The demo's clock: a weekend or bank holiday reads as the next working day, in the demo only, and says so."""

import os
import subprocess
import sys
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from fairinspect.core import working_days
from fairinspect.demo import clock
from fairinspect.demo.context_processors import BANNER

LONDON = ZoneInfo("Europe/London")


def test_a_working_day_is_left_alone_and_says_nothing():
    tuesday = datetime(2026, 11, 24, 15, 30, tzinfo=LONDON)
    assert clock.on_a_working_day(tuesday) == tuesday
    assert clock.date_note(tuesday.date()) == ""


def test_a_saturday_reads_as_the_same_time_on_monday_and_the_note_says_why():
    saturday = datetime(2026, 11, 28, 10, 15, tzinfo=LONDON)
    assert clock.on_a_working_day(saturday) == datetime(2026, 11, 28 + 2, 10, 15, tzinfo=LONDON)
    note = clock.date_note(saturday.date())
    assert "Saturday 28 November 2026, is a weekend" in note
    assert "takes the date as Monday 30 November 2026" in note


def test_christmas_reads_as_the_first_working_day_after_the_bank_holidays():
    christmas = date(2026, 12, 25)
    assert clock.demo_date(christmas) == date(2026, 12, 29)
    assert "is a bank holiday (Christmas Day)" in clock.date_note(christmas)


def test_the_walking_clock_and_the_served_clock_are_the_services_clock_only_inside_their_block():
    real = working_days.now
    walking = clock.WalkingClock(datetime(2026, 3, 4, 18, tzinfo=LONDON))
    with clock.services_clock(walking):
        walking.set(date(2026, 3, 4), time(8))
        assert working_days.now() == datetime(2026, 3, 4, 8, tzinfo=LONDON)
        assert working_days.today() == date(2026, 3, 4)
        assert not clock.is_serving()
    with clock.services_clock(clock.demo_now):
        assert clock.is_serving()
        assert working_days.is_working_day(working_days.today())
    assert working_days.now is real


DEMO_CONTEXT = "fairinspect.demo.context_processors.demo"


def test_the_demo_banner_is_only_in_the_settings_of_the_process_fairinspect_demo_runs():
    def context_processors(environment: dict) -> list[str]:
        settings = subprocess.run(
            [sys.executable, "-c", "from fairinspect import settings; print(settings.TEMPLATES[0]['OPTIONS']['context_processors'])"],
            env={**os.environ, "DEBUG": "1", **environment}, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return settings.stdout

    assert DEMO_CONTEXT not in context_processors({})
    assert DEMO_CONTEXT in context_processors({"FAIRINSPECT_DEMO": "1"})


@pytest.mark.django_db
def test_pages_carry_the_demo_banner_while_the_demo_serves_and_the_beta_one_otherwise(client, settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {**engine, "OPTIONS": {**engine["OPTIONS"], "context_processors": [*engine["OPTIONS"]["context_processors"], DEMO_CONTEXT]}},
        *settings.TEMPLATES[1:],
    ]
    assert "This is a new service." in client.get("/").content.decode()
    with clock.services_clock(clock.demo_now):
        page = client.get("/").content.decode()
    assert "Demo" in page and BANNER in page
    assert "This is a new service." not in page


def test_the_walk_stamps_nothing_later_than_the_served_clock_reads_from_the_moment_of_loading():
    walking = clock.WalkingClock(clock.walked_until(datetime(2026, 3, 3, 0, 5, tzinfo=LONDON)))
    walking.set(date(2026, 3, 2), time(13))
    assert walking() == datetime(2026, 3, 2, 13, tzinfo=LONDON), "yesterday's steps keep their hour"
    walking.set(date(2026, 3, 3), time(8))
    assert walking() == datetime(2026, 3, 3, 0, 5, tzinfo=LONDON), "today's wait for no hour that has not come"


@pytest.mark.parametrize(
    "loaded_at, walked_until",
    [
        (datetime(2026, 3, 3, 7, 30), datetime(2026, 3, 3, 7, 30)),
        # Over the weekend the served clock reads Monday at every time of day, from Saturday's midnight on.
        (datetime(2026, 11, 28, 15, 0), datetime(2026, 11, 30, 0, 0)),
        (datetime(2026, 12, 25, 9, 0), datetime(2026, 12, 29, 0, 0)),
    ],
    ids=["a working day: the moment itself", "a Saturday: Monday's start", "Christmas: the next working day's start"],
)
def test_steps_are_walked_until_the_earliest_time_the_served_clock_reads_after_loading(loaded_at, walked_until):
    assert clock.walked_until(loaded_at.replace(tzinfo=LONDON)) == walked_until.replace(tzinfo=LONDON)
