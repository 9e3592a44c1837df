"""Keeping an inspector's record: who may add to it and put it right, what is refused with a message and changes
nothing, and the audit event each change writes."""

from datetime import date

import pytest

from fairinspect.accounts.roles import Role
from fairinspect.audit.selectors import events_for
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.frameworks.models import TrainingCourse
from fairinspect.inspections.eligibility import Reason, assignment_refusals
from fairinspect.inspections.models import State
from fairinspect.workforce import services
from fairinspect.workforce.models import SchoolWorkedAt
from tests import factories
from tests.refusals import refused

pytestmark = pytest.mark.django_db


def last_event(inspector):
    return list(events_for(inspector))[-1]


@pytest.fixture
def people(db):
    inspector = factories.make_inspector()
    return {
        "inspector": inspector,
        "colleague": factories.make_inspector(),
        "scheduler": factories.make_user(Role.SCHEDULER),
        "administrator": factories.make_user(Role.ADMINISTRATOR),
        "duty": factories.make_user(Role.DUTY_DECISION_MAKER),
    }


def reasons(inspector, inspection) -> set[Reason]:
    return {refusal.reason for refusal in assignment_refusals(inspector, inspection, as_lead=False)}


def test_training_is_recorded_and_removed_by_the_scheduling_team_only(clock, people):
    inspector = factories.make_inspector(trained=False)
    course = TrainingCourse.objects.get(code="mental-health-awareness")
    for someone in (inspector.user, people["colleague"].user, people["duty"]):
        with refused(NotPermitted, "Only a scheduler or an administrator can record training"):
            services.record_training(actor=someone, inspector=inspector, course=course, completed_on=date(2025, 9, 1))

    record = services.record_training(
        actor=people["scheduler"], inspector=inspector, course=course, completed_on=date(2025, 9, 1),
        expires_on=date(2028, 9, 1),
    )  # fmt: skip
    assert last_event(inspector).action == "workforce.training_recorded"
    with refused(InvalidRequest, "already recorded as completed on 1 September 2025"):
        services.record_training(actor=people["scheduler"], inspector=inspector, course=course, completed_on=date(2025, 9, 1))

    with refused(NotPermitted, "Only a scheduler or an administrator can remove a training record"):
        services.remove_training(actor=inspector.user, record=record, reason="Never took it.")
    with refused(InvalidRequest, "Enter why the training record is wrong"):
        services.remove_training(actor=people["administrator"], record=record, reason="  ")
    services.remove_training(actor=people["administrator"], record=record, reason="Entered against the wrong person.")
    assert not inspector.training.exists()
    event = last_event(inspector)
    assert event.action == "workforce.training_removed" and event.reason == "Entered against the wrong person."
    assert event.before == {"course": "mental-health-awareness", "completed_on": "2025-09-01", "expires_on": "2028-09-01"}
    with refused(WrongState, "This training record was already removed"):
        services.remove_training(actor=people["scheduler"], record=record, reason="Again.")


def test_removing_a_training_record_makes_the_inspector_ineligible_again(clock, make_inspection, people):
    inspection = make_inspection(State.PLANNED)
    inspector = people["inspector"]
    record = inspector.training.get(course__code="report-card-2025-framework")
    assert Reason.TRAINING_MISSING not in reasons(inspector, inspection)
    services.remove_training(actor=people["scheduler"], record=record, reason="Recorded in error.")
    assert Reason.TRAINING_MISSING in reasons(inspector, inspection)


def test_inspectors_record_and_remove_their_own_time_away_but_never_a_colleagues(clock, make_inspection, people):
    inspection = make_inspection(State.PLANNED)
    inspector, colleague = people["inspector"], people["colleague"]
    with refused(NotPermitted, "Only the inspector, a scheduler or an administrator can record their unavailability"):
        services.add_unavailability(
            actor=colleague.user, inspector=inspector, starts_on=inspection.starts_on, ends_on=inspection.ends_on
        )
    period = services.add_unavailability(
        actor=inspector.user, inspector=inspector, starts_on=inspection.starts_on, ends_on=inspection.ends_on,
        reason="Annual leave",
    )  # fmt: skip
    assert last_event(inspector).action == "workforce.unavailability_added"
    assert Reason.UNAVAILABLE in reasons(inspector, inspection)

    for someone in (colleague.user, people["duty"]):
        with refused(NotPermitted, "can remove their unavailability"):
            services.remove_unavailability(actor=someone, period=period)
    services.remove_unavailability(actor=inspector.user, period=period)
    assert Reason.UNAVAILABLE not in reasons(inspector, inspection)
    event = last_event(inspector)
    assert event.action == "workforce.unavailability_removed" and event.actor == inspector.user
    assert event.before == {"starts_on": str(inspection.starts_on), "ends_on": str(inspection.ends_on)}
    with refused(WrongState, "This period was already removed"):
        services.remove_unavailability(actor=inspector.user, period=period)

    for someone in (people["scheduler"], people["administrator"]):
        period = services.add_unavailability(
            actor=someone, inspector=inspector, starts_on=date(2026, 4, 6), ends_on=date(2026, 4, 6)
        )
        services.remove_unavailability(actor=someone, period=period)
    assert not inspector.unavailability.exists()


def test_a_declared_conflict_is_withdrawn_by_the_scheduling_team_with_a_reason_never_by_the_inspector(
    clock, make_inspection, people
):
    inspection = make_inspection(State.PLANNED)
    inspector = people["inspector"]
    conflict = services.declare_conflict(
        actor=inspector.user, inspector=inspector, school=inspection.school, reason="My child attends the school."
    )
    assert last_event(inspector).action == "workforce.conflict_declared"
    assert Reason.DECLARED_CONFLICT in reasons(inspector, inspection)

    for someone in (inspector.user, people["colleague"].user, people["duty"]):
        with refused(NotPermitted, "Only a scheduler or an administrator can withdraw a declared conflict"):
            services.withdraw_conflict(actor=someone, conflict=conflict, reason="My child has left.")
    with refused(InvalidRequest, "Enter why the conflict of interest has ended"):
        services.withdraw_conflict(actor=people["scheduler"], conflict=conflict, reason="")
    assert Reason.DECLARED_CONFLICT in reasons(inspector, inspection)

    services.withdraw_conflict(actor=people["scheduler"], conflict=conflict, reason="Their child left in July.")
    assert Reason.DECLARED_CONFLICT not in reasons(inspector, inspection)
    event = last_event(inspector)
    assert event.action == "workforce.conflict_withdrawn" and event.reason == "Their child left in July."
    assert event.before == {
        "school": inspection.school.urn, "trust": None, "reason": "My child attends the school.", "declared_on": "2026-03-02",
    }  # fmt: skip
    with refused(WrongState, "already removed"):
        services.withdraw_conflict(actor=people["scheduler"], conflict=conflict, reason="Again.")


def test_the_day_an_inspector_left_a_school_is_recorded_once_and_the_look_back_counts_from_it(
    clock, make_inspection, people
):
    inspection = make_inspection(State.PLANNED)
    inspector = people["inspector"]
    worked = services.record_school_worked_at(
        actor=people["scheduler"], inspector=inspector, school=inspection.school, started_on=date(2010, 9, 1)
    )
    assert last_event(inspector).action == "workforce.school_worked_at_recorded"
    assert Reason.WORKED_AT_SCHOOL in reasons(inspector, inspection)

    with refused(NotPermitted, "Only a scheduler or an administrator can record where an inspector worked"):
        services.record_leaving_school(actor=inspector.user, worked=worked, left_on=date(2015, 7, 31))
    with refused(InvalidRequest, "They must leave after they started, on 1 September 2010"):
        services.record_leaving_school(actor=people["scheduler"], worked=worked, left_on=date(2010, 8, 31))

    services.record_leaving_school(actor=people["administrator"], worked=worked, left_on=date(2015, 7, 31))
    assert SchoolWorkedAt.objects.get(pk=worked.pk).left_on == date(2015, 7, 31)
    assert Reason.WORKED_AT_SCHOOL not in reasons(inspector, inspection), "they left more than five years ago"
    event = last_event(inspector)
    assert event.action == "workforce.school_left"
    assert (event.before, event.after) == ({"school": inspection.school.urn, "left_on": None},
                                           {"school": inspection.school.urn, "left_on": "2015-07-31"})  # fmt: skip
    with refused(WrongState, "They already left this school on 31 July 2015"):
        services.record_leaving_school(actor=people["scheduler"], worked=worked, left_on=date(2016, 7, 31))
