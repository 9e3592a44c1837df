"""The demo loads whatever the day and time, and what a newcomer tries first then works: none of the steps it
walks is later than the served clock reads when they sign in, and each inspection is under the framework in
force on its first day on site, even when a new framework begins among the demo's days."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Max

from fairinspect.demo import people
from fairinspect.demo.clock import on_a_working_day, services_clock
from fairinspect.demo.loading import FEWEST_SCHOOLS
from fairinspect.inspections import services
from fairinspect.inspections.models import DeferralRequest, Inspection, Kind, Pause, State
from tests.demo.conftest import SEED, load_keeping_tasks

# The moments differ in their dates, not in SQL: the demo's loads on PostgreSQL are proved by the other modules here,
# so these ten loads run once, in the SQLite pass.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_pass_only]

LONDON = ZoneInfo("Europe/London")
DUTY, SCHEDULER = people.DUTY_DECISION_MAKER, people.SCHEDULER
REPORT_CARDS = frozenset({"report-card-2025"})
EIF_THEN_REPORT_CARDS = frozenset({"eif-2019", "report-card-2025"})


@dataclass(frozen=True)
class Moment:
    """When the demo loads, when a newcomer first uses it (a minute later unless said), and the frameworks its
    school inspections are under."""

    loaded_at: datetime
    first_used_at: datetime | None = None
    frameworks: frozenset[str] = REPORT_CARDS

    @property
    def served_at(self) -> datetime:
        """What the served clock reads when the newcomer first uses the demo."""
        used = self.first_used_at or self.loaded_at + timedelta(minutes=1)
        return on_a_working_day(used.replace(tzinfo=LONDON))


MOMENTS = {
    "just after midnight": Moment(datetime(2026, 3, 3, 0, 5)),
    "late in the evening": Moment(datetime(2026, 3, 4, 23, 50)),
    "before 8 on a Monday after a bank holiday (New Year's Day, a Friday)": Moment(datetime(2027, 1, 4, 7, 30)),
    "the day before Christmas": Moment(datetime(2025, 12, 24, 16, 0)),
    "Boxing Day, then early on the Saturday": Moment(datetime(2025, 12, 26, 10, 0), datetime(2025, 12, 27, 7, 0)),
    "New Year's Eve": Moment(datetime(2025, 12, 31, 22, 0)),
    "the day after New Year's Day, before dawn": Moment(datetime(2026, 1, 2, 6, 0)),
    "Easter Sunday, then early on Easter Monday": Moment(datetime(2026, 4, 5, 11, 0), datetime(2026, 4, 6, 6, 30)),
    "the Friday before report cards began": Moment(datetime(2025, 11, 7, 7, 45), frameworks=EIF_THEN_REPORT_CARDS),
    "10 November 2025, when report cards began": Moment(datetime(2025, 11, 10, 9, 0), frameworks=EIF_THEN_REPORT_CARDS),
}


def latest_walked_time() -> datetime:
    """The latest time on anything the walk recorded."""
    times = [
        *Inspection.objects.aggregate(Max("school_told_at"), Max("started_at")).values(),
        *Pause.objects.aggregate(Max("started_at"), Max("confirmed_at"), Max("ended_at")).values(),
        *DeferralRequest.objects.aggregate(Max("requested_at"), Max("decided_at")).values(),
    ]
    return max(time for time in times if time is not None)


@pytest.mark.parametrize("moment", MOMENTS.values(), ids=MOMENTS.keys())
def test_the_demo_loads_at_any_moment_and_the_first_steps_work_when_it_is_used(moment: Moment):
    load_keeping_tasks(seed=SEED, schools=FEWEST_SCHOOLS, now=moment.loaded_at.replace(tzinfo=LONDON))

    assert latest_walked_time() <= moment.served_at
    # Planning refuses a framework not in force on the first day on site, so the load itself shows each is right;
    # around 10 November 2025 the demo's inspections are under both.
    graded = Inspection.objects.exclude(kind=Kind.VISIT)
    assert set(graded.values_list("framework__code", flat=True)) == moment.frameworks

    # The first things the printed sign-ins suggest: the duty decision-maker ends the pause begun this morning,
    # the scheduler notifies the school due to be called today.
    accounts = get_user_model().objects.in_bulk([DUTY.username, SCHEDULER.username], field_name="username")
    paused = Inspection.objects.get(state=State.PAUSED, pauses__confirmed_at__isnull=True)
    to_call = Inspection.objects.get(school__memberships__user__username=people.HEAD_TO_CALL.username)
    with services_clock(lambda: moment.served_at):
        services.resume_inspection(actor=accounts[DUTY.username], inspection=paused)
        services.notify_school(actor=accounts[SCHEDULER.username], inspection=to_call)
    assert Inspection.objects.get(pk=paused.pk).state == State.ON_SITE
    assert Inspection.objects.get(pk=to_call.pk).state == State.NOTIFIED
