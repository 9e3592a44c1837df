"""Properties of the eligibility rules, the pure function a planner calls for every (inspector, inspection) pair:
for any facts hypothesis makes up, each reason appears exactly when its rule says, adding a fact that bars an
inspector never clears another reason, and every reason can be said in words."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from fairinspect.core.working_days import school_term
from fairinspect.inspections.eligibility import (
    Booking,
    InspectionFacts,
    InspectorFacts,
    Reason,
    in_term,
    refusals_for,
)
from fairinspect.schools.models import School
from fairinspect.workforce.models import Inspector, InspectorKind, Phase, Unavailability

PROPERTIES = settings(max_examples=200, derandomize=True, deadline=None, database=None)
FIRST_DAY = date(2026, 1, 5)
days = st.integers(min_value=0, max_value=300).map(lambda offset: FIRST_DAY + timedelta(days=offset))
phases = st.frozensets(st.sampled_from(list(Phase)), max_size=3)


@st.composite
def inspections(draw) -> InspectionFacts:
    starts_on = draw(days)
    return InspectionFacts(
        id=1, school_urn=100, trust_code=draw(st.none() | st.integers(1, 3)), easting=None, northing=None,
        phases_needed=draw(phases), starts_on=starts_on, ends_on=starts_on + timedelta(days=draw(st.integers(0, 2))),
        term=school_term(starts_on), required_courses=(),
    )  # fmt: skip


@st.composite
def bookings(draw) -> list[Booking]:
    made = []
    for number in range(draw(st.integers(0, 6))):
        starts_on = draw(days)
        made.append(Booking(10 + number, 200 + number, starts_on, starts_on + timedelta(days=1), took_place=False))
    return made


@st.composite
def people(draw) -> InspectorFacts:
    inspector = Inspector(
        kind=draw(st.sampled_from(list(InspectorKind))), phases=sorted(draw(phases)),
        load_cap_per_term=draw(st.integers(1, 6)), last_worked_as_hmi_on=draw(st.none() | days),
        withdrawn_on=draw(st.none() | days), withdrawal_reason="Stepping back",
    )  # fmt: skip
    inspector.own_school = None
    away = []
    for _ in range(draw(st.integers(0, 2))):
        first = draw(days)
        away.append(Unavailability(starts_on=first, ends_on=first + timedelta(days=draw(st.integers(0, 20)))))
    return InspectorFacts(inspector=inspector, unavailability=away, bookings=draw(bookings()))


def reasons(person: InspectorFacts, inspection: InspectionFacts, *, as_lead: bool = False) -> set[Reason]:
    return {refusal.reason for refusal in refusals_for(person, inspection, as_lead=as_lead)}


def overlap(start: date, end: date, other_start: date, other_end: date) -> bool:
    """By brute force: some day is in both periods."""
    first = {start + timedelta(days=number) for number in range((end - start).days + 1)}
    return any(other_start + timedelta(days=number) in first for number in range((other_end - other_start).days + 1))


@PROPERTIES
@given(people(), inspections())
def test_each_reason_appears_exactly_when_its_rule_holds(person, inspection):
    found = reasons(person, inspection)
    inspector = person.inspector
    assert (Reason.WITHDRAWN in found) == (inspector.withdrawn_on is not None)
    assert (Reason.PHASE_MISMATCH in found) == (not inspection.phases_needed <= set(inspector.phases))
    assert (Reason.UNAVAILABLE in found) == any(
        overlap(period.starts_on, period.ends_on, inspection.starts_on, inspection.ends_on)
        for period in person.unavailability
    )
    assert (Reason.ALREADY_BOOKED in found) == any(
        overlap(booking.starts_on, booking.ends_on, inspection.starts_on, inspection.ends_on)
        for booking in person.bookings
    )
    in_its_term = [booking for booking in person.bookings if in_term(booking, inspection.term)]
    assert (Reason.OVER_LOAD_CAP in found) == (len(in_its_term) >= inspector.load_cap_per_term)
    assert Reason.CANNOT_LEAD not in found


@PROPERTIES
@given(people(), inspections())
def test_leading_asks_everything_joining_does_and_a_lead_who_may_lead(person, inspection):
    as_member, as_lead = reasons(person, inspection), reasons(person, inspection, as_lead=True)
    assert as_lead - as_member <= {Reason.CANNOT_LEAD}
    assert as_member <= as_lead
    assert (Reason.CANNOT_LEAD in as_lead) == (not person.inspector.may_lead_on(inspection.starts_on))


@PROPERTIES
@given(people(), inspections(), bookings())
def test_another_booking_never_clears_a_reason_and_their_order_does_not_matter(person, inspection, more):
    before = reasons(person, inspection)
    person.bookings = list(reversed(person.bookings)) + more
    assert before <= reasons(person, inspection)


@PROPERTIES
@given(people(), inspections())
def test_every_reason_found_can_be_said_in_words(person, inspection):
    for refusal in refusals_for(person, inspection, as_lead=True):
        assert refusal.message and refusal.as_dict()["code"] == refusal.reason.value


@PROPERTIES
@given(people(), inspections(), st.integers(1, 3))
def test_a_school_in_the_inspectors_own_trust_is_refused_and_never_their_own_as_well(person, inspection, trust):
    person.inspector.own_school = School(urn=999, trust_id=trust)
    found = reasons(person, inspection)
    assert (Reason.SAME_TRUST in found) == (inspection.trust_code == trust)
    assert Reason.OWN_SCHOOL not in found
    person.inspector.own_school = School(urn=inspection.school_urn, trust_id=trust)
    found = reasons(person, inspection)
    assert Reason.OWN_SCHOOL in found and Reason.SAME_TRUST not in found
