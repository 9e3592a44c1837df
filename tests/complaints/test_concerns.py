"""Concerns raised during an inspection: the window, routing to a duty senior inspector not on the team, the
deadline to answer, pausing, visibility and the audit trail."""

from datetime import date

import pytest
from django.core import mail

from fairinspect.accounts.roles import Role
from fairinspect.audit.selectors import events_for
from fairinspect.complaints import selectors, services
from fairinspect.complaints.models import ComplaintEvent
from fairinspect.core import working_days
from fairinspect.core.errors import NotPermitted, WrongState
from fairinspect.inspections import services as inspection_services
from fairinspect.inspections.models import PausedBy, PauseGround, State
from tests import factories
from tests.complaints.conftest import moved_on, school_user_of
from tests.refusals import refused

pytestmark = pytest.mark.django_db


def test_a_concern_on_site_goes_to_a_duty_inspector_not_on_the_team_and_is_due_next_working_day(
    make_inspection, clock, django_capture_on_commit_callbacks
):
    inspection = make_inspection(State.ON_SITE)
    on_team = factories.make_user(Role.DUTY_DECISION_MAKER, Role.INSPECTOR, email="onteam@example.org")
    # A duty senior inspector who is on this team is never chosen, though they have no concern to answer.
    factories.make_inspector(user=on_team).assignments.create(inspection=inspection)
    free = factories.make_user(Role.DUTY_DECISION_MAKER, email="free@example.org")
    head = school_user_of(inspection, is_headteacher=True, email="head@example.org")
    clock.set(date(2026, 3, 6))  # a Friday: the answer is due by the end of Monday
    with django_capture_on_commit_callbacks(execute=True):
        concern = services.raise_concern(actor=head, inspection=inspection, details="The lead will not hear us.")
    assert concern.handler == free
    assert concern.respond_by == date(2026, 3, 9)
    assert {tuple(message.to) for message in mail.outbox} == {("free@example.org",), ("head@example.org",)}
    event = events_for(concern).last()
    assert event.action == ComplaintEvent.CONCERN_RAISED and event.actor == head


def test_the_duty_inspector_with_fewest_concerns_waiting_takes_the_next(make_inspection, clock):
    busy = factories.make_user(Role.DUTY_DECISION_MAKER)
    first = make_inspection(State.ON_SITE)
    services.raise_concern(actor=school_user_of(first), inspection=first, details="One.")
    second = make_inspection(State.ON_SITE)
    idle = factories.make_user(Role.DUTY_DECISION_MAKER)
    concern = services.raise_concern(actor=school_user_of(second), inspection=second, details="Two.")
    assert {busy, idle} == {concern.handler, first.concerns.get().handler}


def test_the_response_deadline_is_configurable(make_inspection, clock, duty, settings):
    settings.FAIRINSPECT = {**settings.FAIRINSPECT, "CONCERN_RESPONSE_WORKING_DAYS": 3}
    inspection = make_inspection(State.ON_SITE)
    concern = services.raise_concern(actor=school_user_of(inspection), inspection=inspection, details="Unfair.")
    assert concern.respond_by == working_days.add_working_days(working_days.today(), 3)


def test_a_concern_may_be_raised_while_paused(make_inspection, duty):
    inspection = make_inspection(State.PAUSED)
    assert services.raise_concern(actor=school_user_of(inspection), inspection=inspection, details="Paused.").pk


@pytest.mark.parametrize("state", [State.FEEDBACK_GIVEN, State.DRAFT_REPORT])
def test_the_window_after_on_site_work_is_the_next_working_day_only(state, make_inspection, clock):
    inspection = moved_on(make_inspection(State.ON_SITE), state)
    day_after = working_days.next_working_day(inspection.ends_on)
    assert selectors.concern_refusal(inspection, day_after) is None
    assert "make a formal complaint" in selectors.concern_refusal(inspection, working_days.next_working_day(day_after))


@pytest.mark.parametrize("state", [State.PLANNED, State.NOTIFIED, State.CANCELLED])
def test_no_concern_before_on_site_work_or_of_a_cancelled_inspection(state, make_inspection, duty):
    inspection = make_inspection(state)
    user = school_user_of(inspection)
    with refused(WrongState, "only during on-site work"):
        services.raise_concern(actor=user, inspection=inspection, details="Too early.")


def test_only_the_schools_users_raise_a_concern(make_inspection, duty):
    inspection = make_inspection(State.ON_SITE)
    other_school = factories.make_user(Role.SCHOOL_USER)
    with refused(NotPermitted, "Only a user of this school"):
        services.raise_concern(actor=other_school, inspection=inspection, details="Not ours.")


def test_no_duty_inspector_free_of_the_team_refuses_and_says_what_to_do(make_inspection):
    inspection = make_inspection(State.ON_SITE)
    user = school_user_of(inspection)
    with refused(WrongState, "No senior inspector on duty is free"):
        services.raise_concern(actor=user, inspection=inspection, details="Help.")


def test_only_the_routed_duty_inspector_answers_once(make_inspection, duty, django_capture_on_commit_callbacks):
    inspection = make_inspection(State.ON_SITE)
    head = school_user_of(inspection, email="head@example.org")
    concern = services.raise_concern(actor=head, inspection=inspection, details="Unfair.")
    other_duty = factories.make_user(Role.DUTY_DECISION_MAKER)
    with refused(NotPermitted, "Only the senior inspector on duty"):
        services.answer_concern(actor=other_duty, concern=concern, response="Fine.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_concern(actor=duty, concern=concern, response="I have spoken to the lead.")
    assert [message.to for message in mail.outbox] == [["head@example.org"]]
    assert events_for(concern).last().action == ComplaintEvent.CONCERN_ANSWERED
    with refused(WrongState, "already answered"):
        services.answer_concern(actor=duty, concern=concern, response="Again.")


def test_the_duty_inspector_may_pause_the_inspection_through_the_pause_service(make_inspection, duty):
    inspection = make_inspection(State.ON_SITE)
    services.raise_concern(actor=school_user_of(inspection), inspection=inspection, details="The head is unwell.")
    pause = inspection_services.pause_inspection(actor=duty, inspection=inspection, ground=PauseGround.LEADER_WELLBEING)
    assert pause.paused_by == PausedBy.DUTY_DECISION_MAKER
    assert pause.confirmed_by == duty  # their own pause needs no one else's confirmation
    inspection.refresh_from_db()
    assert inspection.state == State.PAUSED


def test_an_overdue_concern_is_overdue(make_inspection, duty, clock):
    inspection = make_inspection(State.ON_SITE)
    concern = services.raise_concern(actor=school_user_of(inspection), inspection=inspection, details="Unfair.")
    assert not selectors.is_concern_overdue(concern)
    assert selectors.is_concern_overdue(concern, working_days.next_working_day(concern.respond_by))


def test_a_concern_is_seen_by_its_school_its_duty_inspector_and_complaints_staff_only(make_inspection, duty, officer):
    inspection = make_inspection(State.ON_SITE)
    user = school_user_of(inspection)
    concern = services.raise_concern(actor=user, inspection=inspection, details="Unfair.")
    for viewer in (user, duty, officer):
        assert list(selectors.concerns_visible_to(viewer)) == [concern]
    lead = inspection.team.get(is_lead=True).inspector.user
    others = [
        factories.make_user(Role.DUTY_DECISION_MAKER), factories.make_user(Role.SCHOOL_USER), lead,
        *(factories.make_user(role) for role in Role if role not in (Role.COMPLAINTS_OFFICER, Role.SCHOOL_USER, Role.DUTY_DECISION_MAKER)),
    ]  # fmt: skip
    for viewer in others:
        assert not selectors.concerns_visible_to(viewer).exists(), viewer
