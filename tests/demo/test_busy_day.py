"""A load test's demo (bench/soak.py): a busy day of inspections on site and notified, each school with a
headteacher who can sign in and act, and no board of the weeks ahead."""

import pytest
from django.contrib.auth import get_user_model

from fairinspect.demo import people
from fairinspect.inspections.lifecycle import Action, allowed_actions
from fairinspect.inspections.models import Inspection, State
from fairinspect.inspections.selectors import active_halt
from fairinspect.scheduling.models import Plan
from tests.demo.conftest import LOADED_AT, SCHOOLS, SEED, load_keeping_tasks
from tests.transactions import rolled_back

pytestmark = pytest.mark.django_db


def counts() -> dict[State, int]:
    return {state: Inspection.objects.filter(state=state).count() for state in (State.ON_SITE, State.NOTIFIED, State.PLANNED)}


def test_a_busy_day_has_that_many_more_inspections_on_site_and_notified_each_with_a_headteacher_who_acts():
    with rolled_back():
        load_keeping_tasks(seed=SEED, schools=SCHOOLS, now=LOADED_AT)
        usual = counts()
        assert Plan.objects.exists()
    with rolled_back():
        load_keeping_tasks(seed=SEED, schools=SCHOOLS, now=LOADED_AT, busy=2, board=False)
        busy = counts()
        for state, action in ((State.ON_SITE, Action.PAUSE), (State.NOTIFIED, Action.REQUEST_DEFERRAL)):
            assert busy[state] == usual[state] + 2
            acting = 0
            for inspection in Inspection.objects.filter(state=state):
                head = get_user_model().objects.filter(username=f"head.{inspection.school_id}").first()
                if head is not None and head.check_password(people.DEMO_PASSWORD):
                    assert action in allowed_actions(head, inspection, active_halt())
                    acting += 1
            assert acting == 2, "each school of the busy day has a headteacher who signs in and can act"
        # Without the board: none of the weeks ahead, and no term's plan.
        assert busy[State.PLANNED] < usual[State.PLANNED]
        assert not Plan.objects.exists()
