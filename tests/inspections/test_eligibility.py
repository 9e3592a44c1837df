"""The one eligibility check behind every assignment: each rule, all reasons at once, and the batch form."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fairinspect.accounts.roles import Role
from fairinspect.core.errors import InvalidRequest
from fairinspect.core.formatting import govuk_date
from fairinspect.inspections import services
from fairinspect.inspections.eligibility import EligibilityBatch, Ineligible, Reason, assignment_refusals
from fairinspect.inspections.models import Kind, State, TeamMember
from fairinspect.schools.models import Trust
from fairinspect.workforce.models import (
    DeclaredConflict,
    InspectorKind,
    Phase,
    SchoolWorkedAt,
    TrainingRecord,
    Unavailability,
)
from tests import factories

pytestmark = pytest.mark.django_db


def reasons(inspector, inspection, *, as_lead=False) -> set[Reason]:
    return {refusal.reason for refusal in assignment_refusals(inspector, inspection, as_lead=as_lead)}


@pytest.fixture
def planned(make_inspection):
    """A planned full inspection of a primary school in a trust, on site 3–4 March 2026, with a lead."""
    trust = Trust.objects.create(code=5001, name="Test Learning Trust")
    return make_inspection(State.PLANNED, school=factories.make_school(trust=trust, easting=500000, northing=200000))


def test_a_trained_unconflicted_available_inspector_is_eligible_even_to_lead(planned):
    assert reasons(factories.make_inspector(), planned, as_lead=True) == set()


def test_every_reason_that_applies_is_named_at_once(planned, make_inspection):
    school = planned.school
    own_school = factories.make_school(trust=school.trust, easting=503000, northing=204000)  # 5 km away
    inspector = factories.make_inspector(
        kind=InspectorKind.OFSTED_INSPECTOR,
        own_school=own_school,
        phases=[Phase.SECONDARY],
        load_cap_per_term=1,
        withdrawn_on=date(2026, 2, 1),
        withdrawal_reason="Stepping back for now.",
        trained=False,
    )
    DeclaredConflict.objects.create(inspector=inspector, school=school, reason="My sister teaches there.", declared_on=date(2025, 1, 1))
    DeclaredConflict.objects.create(inspector=inspector, trust=school.trust, reason="I was a trustee.", declared_on=date(2025, 1, 1))
    SchoolWorkedAt.objects.create(inspector=inspector, school=school, started_on=date(2015, 9, 1), left_on=date(2022, 8, 31))
    Unavailability.objects.create(inspector=inspector, starts_on=date(2026, 3, 4), ends_on=date(2026, 3, 6))
    other = make_inspection(State.PLANNED)  # also on 3–4 March
    TeamMember.objects.create(inspection=other, inspector=inspector)

    refusals = assignment_refusals(inspector, planned, as_lead=True)
    assert {refusal.reason for refusal in refusals} == {
        Reason.WITHDRAWN, Reason.SAME_TRUST, Reason.NEAR_OWN_SCHOOL, Reason.DECLARED_CONFLICT,
        Reason.WORKED_AT_SCHOOL, Reason.TRAINING_MISSING, Reason.UNAVAILABLE, Reason.ALREADY_BOOKED,
        Reason.OVER_LOAD_CAP, Reason.PHASE_MISMATCH, Reason.CANNOT_LEAD,
    }
    messages = " | ".join(refusal.message for refusal in refusals)
    assert "the school is 5.0 km from their own school (it must be at least 15 km away)" in messages
    assert "they declared a conflict with this school: My sister teaches there." in messages
    assert "they declared a conflict with the school's trust: I was a trustee." in messages
    assert "they have not completed the required course “Mental health awareness”" in messages
    assert "they are unavailable from 4 to 6 March 2026" in messages
    assert "they already have 1 inspection in the Spring term 2026 (their limit is 1)" in messages
    assert "not qualified to inspect primary schools" in messages


def test_own_school_is_refused(planned):
    assert Reason.OWN_SCHOOL in reasons(factories.make_inspector(own_school=planned.school), planned)


def test_training_must_be_in_date_for_the_whole_inspection(planned):
    inspector = factories.make_inspector()
    record = inspector.training.get(course__code="mental-health-awareness")
    record.expires_on = date(2026, 3, 3)  # the first day on site; the inspection ends on the 4th
    record.save()
    refusals = assignment_refusals(inspector, planned, as_lead=False)
    assert [refusal.message for refusal in refusals] == [
        "their “Mental health awareness” training expires on 3 March 2026, before the inspection ends"
    ]
    TrainingRecord.objects.create(inspector=inspector, course=record.course, completed_on=date(2026, 1, 5), expires_on=date(2029, 1, 5))
    assert reasons(inspector, planned) == set()


def test_a_school_inspected_or_worked_at_longer_ago_than_the_look_back_is_allowed(planned, settings):
    inspector = factories.make_inspector()
    SchoolWorkedAt.objects.create(inspector=inspector, school=planned.school, started_on=date(2010, 9, 1), left_on=date(2020, 8, 31))
    assert reasons(inspector, planned) == set()
    settings.FAIRINSPECT = {**settings.FAIRINSPECT, "CONFLICT_LOOK_BACK_YEARS": 6}
    assert reasons(inspector, planned) == {Reason.WORKED_AT_SCHOOL}


def test_having_inspected_the_school_recently_is_refused(clock, make_inspection, planned):
    lead = planned.team.get(is_lead=True).inspector
    earlier = make_inspection(State.ON_SITE, school=planned.school, lead=factories.make_inspector())
    TeamMember.objects.create(inspection=earlier, inspector=(inspector := factories.make_inspector()))
    assert Reason.INSPECTED_RECENTLY in reasons(inspector, planned)
    assert Reason.INSPECTED_RECENTLY not in reasons(lead, planned)


def test_a_lead_is_an_hmi_or_has_recent_hmi_experience(planned):
    contracted = factories.make_inspector(kind=InspectorKind.OFSTED_INSPECTOR)
    assert reasons(contracted, planned, as_lead=True) == {Reason.CANNOT_LEAD}
    assert reasons(contracted, planned, as_lead=False) == set()
    # HMI experience counts for three years, to the day of the inspection's start.
    last_day = date(planned.starts_on.year - 3, planned.starts_on.month, planned.starts_on.day)
    experienced = factories.make_inspector(kind=InspectorKind.OFSTED_INSPECTOR, last_worked_as_hmi_on=last_day)
    assert reasons(experienced, planned, as_lead=True) == set()
    lapsed = factories.make_inspector(
        kind=InspectorKind.OFSTED_INSPECTOR, last_worked_as_hmi_on=last_day - timedelta(days=1)
    )
    (refusal,) = assignment_refusals(lapsed, planned, as_lead=True)
    assert refusal.reason == Reason.CANNOT_LEAD
    assert refusal.message == (
        "a lead must be an HM Inspector or have worked as one in the last 3 years (their HMI experience counted "
        f"until {govuk_date(planned.starts_on - timedelta(days=1))})"
    )


def test_an_all_through_school_needs_both_primary_and_secondary(make_inspection):
    inspection = make_inspection(State.PLANNED, school=factories.make_school(phase_name="All-through"))
    assert reasons(factories.make_inspector(phases=[Phase.PRIMARY]), inspection) == {Reason.PHASE_MISMATCH}
    assert reasons(factories.make_inspector(phases=[Phase.PRIMARY, Phase.SECONDARY]), inspection) == set()


def test_assigning_refuses_with_every_reason_and_writes_nothing(clock, planned):
    scheduler = factories.make_user(Role.SCHEDULER)
    inspector = factories.make_inspector(kind=InspectorKind.OFSTED_INSPECTOR, own_school=planned.school, trained=False)
    with pytest.raises(Ineligible) as refusal:
        services.assign_inspector(actor=scheduler, inspection=planned, inspector=inspector)
    assert refusal.value.message.startswith(f"{inspector.name} cannot join this team: it is their own school; ")
    assert {item.reason for item in refusal.value.refusals} == {Reason.OWN_SCHOOL, Reason.TRAINING_MISSING}
    assert not planned.team.filter(inspector=inspector).exists()
    with pytest.raises(InvalidRequest, match="already has a lead inspector"):
        services.assign_inspector(actor=scheduler, inspection=planned, inspector=factories.make_inspector(), as_lead=True)


def test_the_batch_checks_many_pairs_in_a_fixed_number_of_queries(clock, make_inspection, frameworks):
    inspectors = [factories.make_inspector() for _ in range(12)]
    inspections = [make_inspection(State.PLANNED) for _ in range(8)]
    with CaptureQueriesContext(connection) as queries:
        batch = EligibilityBatch(inspectors, inspections)
    assert len(queries) <= 9
    with CaptureQueriesContext(connection) as queries:
        results = {
            (inspector.pk, inspection.pk): batch.refusals(inspector, inspection, as_lead=True)
            for inspector in inspectors
            for inspection in inspections
        }
    assert len(queries) == 0
    assert len(results) == 96
    assert all(not refusals for refusals in results.values())


def test_a_visit_needs_the_visit_training(make_inspection):
    visit = make_inspection(State.PLANNED, kind=Kind.VISIT)
    inspector = factories.make_inspector()
    inspector.training.filter(course__code="visits-briefing").delete()
    assert [refusal.message for refusal in assignment_refusals(inspector, visit, as_lead=False)] == [
        "they have not completed the required course “Briefing for visits”"
    ]
