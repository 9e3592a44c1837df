"""Changing an inspector's record: each change audited, and refused to people it is not for."""

from datetime import date

import pytest

from fairinspect.accounts.roles import Role
from fairinspect.audit.selectors import events_for
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.frameworks.models import TrainingCourse
from fairinspect.inspections.eligibility import Reason, assignment_refusals
from fairinspect.inspections.models import State
from fairinspect.workforce import services
from tests import factories
from tests.refusals import refused

pytestmark = pytest.mark.django_db


def test_a_withdrawn_inspector_cannot_be_assigned_until_reinstated(clock, make_inspection):
    inspection = make_inspection(State.PLANNED)
    scheduler = factories.make_user(Role.SCHEDULER)
    inspector = factories.make_inspector()
    with refused(NotPermitted, "Only a scheduler or an administrator can withdraw an inspector"):
        services.withdraw_inspector(actor=inspector.user, inspector=inspector, reason="I need a break.")
    with refused(InvalidRequest, "Enter why the inspector is withdrawing"):
        services.withdraw_inspector(actor=scheduler, inspector=inspector, reason=" ")
    services.withdraw_inspector(actor=scheduler, inspector=inspector, reason="Stepping back during a dispute.")
    refusals = assignment_refusals(inspector, inspection, as_lead=False)
    assert [refusal.message for refusal in refusals] == ["they withdrew from inspecting on 2 March 2026"]
    with refused(WrongState, "already withdrawn on 2 March 2026"):
        services.withdraw_inspector(actor=scheduler, inspector=inspector, reason="Again.")
    services.reinstate_inspector(actor=scheduler, inspector=inspector, reason="The dispute is settled.")
    assert assignment_refusals(inspector, inspection, as_lead=False) == []
    assert [event.action for event in events_for(inspector)] == ["workforce.inspector_withdrawn", "workforce.inspector_reinstated"]


def test_inspectors_record_their_own_conflicts_and_unavailability_but_not_others(clock, make_inspection):
    inspection = make_inspection(State.PLANNED)
    inspector, colleague = factories.make_inspector(), factories.make_inspector()
    services.declare_conflict(actor=inspector.user, inspector=inspector, school=inspection.school, reason="My child goes there.")
    services.add_unavailability(actor=inspector.user, inspector=inspector, starts_on=date(2026, 3, 3), ends_on=date(2026, 3, 3))
    assert {refusal.reason for refusal in assignment_refusals(inspector, inspection, as_lead=False)} == {
        Reason.DECLARED_CONFLICT, Reason.UNAVAILABLE,
    }
    with refused(NotPermitted, "Only the inspector, a scheduler or an administrator can declare their conflicts"):
        services.declare_conflict(actor=colleague.user, inspector=inspector, school=inspection.school, reason="x")
    with refused(InvalidRequest, "either a school or a trust"):
        services.declare_conflict(actor=inspector.user, inspector=inspector, reason="x")
    with refused(InvalidRequest, "after the first day"):
        services.add_unavailability(actor=inspector.user, inspector=inspector, starts_on=date(2026, 3, 5), ends_on=date(2026, 3, 4))


def test_training_and_past_schools_are_recorded_by_the_scheduling_team(clock, make_inspection):
    inspection = make_inspection(State.PLANNED)
    scheduler = factories.make_user(Role.SCHEDULER)
    inspector = factories.make_inspector(trained=False)
    course = TrainingCourse.objects.get(code="mental-health-awareness")
    with refused(InvalidRequest, "in the future"):
        services.record_training(actor=scheduler, inspector=inspector, course=course, completed_on=date(2026, 3, 3))
    services.record_training(actor=scheduler, inspector=inspector, course=course, completed_on=date(2025, 3, 3), expires_on=date(2028, 3, 3))
    assert "Mental health awareness" not in " ".join(r.message for r in assignment_refusals(inspector, inspection, as_lead=False))
    services.record_school_worked_at(actor=scheduler, inspector=inspector, school=inspection.school, started_on=date(2019, 9, 1))
    assert Reason.WORKED_AT_SCHOOL in {r.reason for r in assignment_refusals(inspector, inspection, as_lead=False)}
