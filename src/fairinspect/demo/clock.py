"""The demo's clock.

The services read the time through `working_days.now()`, which tests set (tests/conftest.py's `Clock`).
The demo sets it the same way, in its own process only, and never inside a service:

- while it builds its data, a `WalkingClock` stands at the day and hour each step needs (a school is
  notified on its call day, on-site work starts on its first day), so every inspection reaches its state
  through the real services, guards and all; never later than the served clock can read once the data is
  loaded (`walked_until`), so nothing a newcomer does comes before what the demo did;
- while it serves, `demo_now` is the real time, except on a weekend or bank holiday, when it reads as the
  same time on the next working day. Schools are called only on working days, so without it a newcomer
  trying the demo on a Saturday could notify no one. The printed banner and every page say so.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

from django.utils import timezone

from fairinspect.core import working_days
from fairinspect.core.formatting import govuk_date


def demo_date(day: date) -> date:
    """The day the demo takes `day` to be: itself when it is a working day, otherwise the next one."""
    return day if working_days.is_working_day(day) else working_days.next_working_day(day)


def on_a_working_day(moment: datetime) -> datetime:
    """`moment`, moved to the same time of day on the next working day when its day is not one."""
    local = timezone.localtime(moment)
    day = demo_date(local.date())
    if day == local.date():
        return moment
    return datetime.combine(day, local.time(), local.tzinfo)


def demo_now() -> datetime:
    return on_a_working_day(timezone.now())


def walked_until(loaded_at: datetime) -> datetime:
    """The latest time the demo may give a step it walks, when it loads at `loaded_at`: the earliest time the
    served clock reads from then on. A step stamped later would come after what a newcomer does next (a pause
    they end would end before it began, which the database refuses).

    On a working day that is `loaded_at` itself. On a weekend or bank holiday the served clock reads the next
    working day at the time of day it is, and before that day comes round it reads every time of day, from
    midnight on: so the start of that day.
    """
    local = timezone.localtime(loaded_at)
    if working_days.is_working_day(local.date()):
        return local
    return datetime.combine(demo_date(local.date()), time(0), local.tzinfo)


def date_note(real_today: date) -> str:
    """What the demo says about its date: nothing on a working day."""
    day = demo_date(real_today)
    if day == real_today:
        return ""
    holiday = working_days.bank_holiday_name(real_today)
    why = f"a bank holiday ({holiday})" if holiday else "a weekend"
    return (
        f"Today, {real_today:%A} {govuk_date(real_today)}, is {why}, and schools are only called on working "
        f"days, so the demo takes the date as {day:%A} {govuk_date(day)}."
    )


def is_serving() -> bool:
    """Whether this process is serving the demo (the services read `demo_now`)."""
    return working_days.now is demo_now


@contextmanager
def services_clock(now: Callable[[], datetime]) -> Iterator[None]:
    """The services read the time from `now` until the block ends."""
    saved = working_days.now
    working_days.now = now
    try:
        yield
    finally:
        working_days.now = saved


class WalkingClock:
    """The time the services see while the demo builds its data: a day and a time, set step by step, but
    never later than `latest` (`walked_until`): a step of the demo's today due at a later hour happens at
    `latest` instead, in the order the steps are taken."""

    def __init__(self, latest: datetime):
        self.latest = timezone.localtime(latest)
        self.set(self.latest.date(), time(9))

    def __call__(self) -> datetime:
        return self.moment

    @property
    def today(self) -> date:
        return self.latest.date()

    def set(self, day: date, at: time) -> None:
        self.moment = min(datetime.combine(day, at, timezone.get_current_timezone()), self.latest)
