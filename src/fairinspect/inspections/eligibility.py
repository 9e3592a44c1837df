"""Who may be on an inspection's team: the one check every assignment path uses (the web, the API, the
scheduler), naming every reason an assignment is refused.

`EligibilityBatch` loads what the rules need for many inspectors and inspections in a fixed number of
queries; `refusals_for` is then a pure function of that data, cheap enough for an optimiser to call for
every (inspector, inspection) pair it considers.
"""

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.conf import settings
from django.db.models import QuerySet

from fairinspect.core.errors import InvalidRequest
from fairinspect.core.working_days import Term, school_term, years_from
from fairinspect.frameworks.models import Framework
from fairinspect.inspections.models import BOOKING_STATES, Inspection, TeamMember
from fairinspect.schools.models import School
from fairinspect.workforce.models import (
    DeclaredConflict,
    Inspector,
    Phase,
    SchoolWorkedAt,
    TrainingRecord,
    Unavailability,
    phases_needed_for,
)
from fairinspect.core.formatting import count, govuk_date, govuk_period


class Reason(StrEnum):
    WITHDRAWN = "withdrawn"
    OWN_SCHOOL = "own-school"
    SAME_TRUST = "same-trust"
    NEAR_OWN_SCHOOL = "near-own-school"
    DECLARED_CONFLICT = "declared-conflict"
    WORKED_AT_SCHOOL = "worked-at-school"
    INSPECTED_RECENTLY = "inspected-recently"
    TRAINING_MISSING = "training-missing"
    TRAINING_EXPIRED = "training-expired"
    UNAVAILABLE = "unavailable"
    ALREADY_BOOKED = "already-booked"
    OVER_LOAD_CAP = "over-load-cap"
    PHASE_MISMATCH = "phase-mismatch"
    CANNOT_LEAD = "cannot-lead"


def _left(left_on: date | None) -> str:
    return "still work there" if left_on is None else f"left on {govuk_date(left_on)}"


# Each reason in words, made from its facts only when someone reads it: a planner checks millions of pairs and
# reads the words of a few.
_WORDS: dict[Reason, Callable[..., str]] = {
    Reason.WITHDRAWN: lambda withdrawn_on: f"they withdrew from inspecting on {govuk_date(withdrawn_on)}",
    Reason.OWN_SCHOOL: lambda: "it is their own school",
    Reason.SAME_TRUST: lambda: "the school is in the same trust as their own school",
    Reason.NEAR_OWN_SCHOOL: lambda distance_km, limit_km: (
        f"the school is {distance_km:.1f} km from their own school (it must be at least {limit_km} km away)"
    ),
    Reason.DECLARED_CONFLICT: lambda party, why: f"they declared a conflict with {party}: {why}",
    Reason.WORKED_AT_SCHOOL: lambda years, left_on: (
        f"they worked at this school within the last {years} years ({_left(left_on)})"
    ),
    Reason.INSPECTED_RECENTLY: lambda inspected_on, years: (
        f"they inspected this school on {govuk_date(inspected_on)}, within the last {years} years"
    ),
    Reason.TRAINING_MISSING: lambda course: f"they have not completed the required course “{course}”",
    Reason.TRAINING_EXPIRED: lambda course, expires_on: (
        f"their “{course}” training expires on {govuk_date(expires_on)}, before the inspection ends"
    ),
    Reason.UNAVAILABLE: lambda starts_on, ends_on: f"they are unavailable {govuk_period(starts_on, ends_on)}",
    Reason.ALREADY_BOOKED: lambda starts_on: f"they are on another inspection from {govuk_date(starts_on)}",
    Reason.OVER_LOAD_CAP: lambda booked, term, cap: (
        f"they already have {count(booked, 'inspection')} in the {term} (their limit is {cap})"
    ),
    Reason.PHASE_MISMATCH: lambda phases: (
        f"they are not qualified to inspect {' and '.join(sorted(Phase(phase).label.lower() for phase in phases))} schools"
    ),
    Reason.CANNOT_LEAD: lambda years, recent_until: (
        f"a lead must be an HM Inspector or have worked as one in the last {years} years"
        + (f" (their HMI experience counted until {govuk_date(recent_until)})" if recent_until else "")
    ),
}


@dataclass(frozen=True)
class Refusal:
    """Why an inspector may not be on a team: a reason code and the facts behind it (dates, names, counts), and
    `about`, the member it concerns when a whole team is checked."""

    reason: Reason
    facts: dict = field(default_factory=dict, compare=True, hash=False)
    about: str = ""

    @property
    def message(self) -> str:
        words = _WORDS[self.reason](**self.facts)
        return f"{self.about}: {words}" if self.about else words

    def as_dict(self) -> dict[str, str]:
        return {"code": self.reason.value, "message": self.message}


class Ineligible(InvalidRequest):
    """An assignment (or a notification of a team) refused for the reasons listed."""

    def __init__(self, summary: str, refusals: list[Refusal]):
        self.summary = summary
        self.refusals = refusals
        super().__init__(f"{summary}: " + "; ".join(refusal.message for refusal in refusals))

    def messages(self) -> list[str]:
        return [f"{self.summary}: {refusal.message}" for refusal in self.refusals]

    def as_dict(self) -> dict:
        return {**super().as_dict(), "reasons": [refusal.as_dict() for refusal in self.refusals]}


@dataclass(frozen=True)
class InspectionFacts:
    id: int | None  # None for an inspection not yet created (one a plan proposes)
    school_urn: int
    trust_code: int | None
    easting: int | None
    northing: int | None
    phases_needed: frozenset[Phase]
    starts_on: date
    ends_on: date
    term: Term
    required_courses: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Booking:
    inspection_id: int | None  # None for one a plan proposes, which is never the inspection being checked
    school_urn: int
    starts_on: date
    ends_on: date
    took_place: bool


@dataclass
class InspectorFacts:
    inspector: Inspector
    declared_schools: dict[int, str] = field(default_factory=dict)
    declared_trusts: dict[int, str] = field(default_factory=dict)
    worked_at: list[SchoolWorkedAt] = field(default_factory=list)
    training: dict[int, list[TrainingRecord]] = field(default_factory=lambda: defaultdict(list))
    unavailability: list[Unavailability] = field(default_factory=list)
    bookings: list[Booking] = field(default_factory=list)


def _overlaps(start: date, end: date, other_start: date, other_end: date) -> bool:
    return start <= other_end and other_start <= end


def _is_another(booking: Booking, inspection: InspectionFacts) -> bool:
    return booking.inspection_id is None or booking.inspection_id != inspection.id


def in_term(booking: Booking, term: Term) -> bool:
    """The load cap's one rule: a booking counts towards an inspector's load in the term its first day falls in."""
    return term.starts_on <= booking.starts_on <= term.ends_on


def refusals_for(person: InspectorFacts, inspection: InspectionFacts, *, as_lead: bool) -> list[Refusal]:
    """Every reason `person` may not be on `inspection`'s team (as its lead when `as_lead`); empty when they may."""
    config = settings.FAIRINSPECT
    inspector = person.inspector
    refusals: list[Refusal] = []

    def refuse(reason: Reason, **facts) -> None:
        refusals.append(Refusal(reason, facts))

    if inspector.withdrawn_on is not None:
        refuse(Reason.WITHDRAWN, withdrawn_on=inspector.withdrawn_on)

    own = inspector.own_school
    if own is not None:
        if own.urn == inspection.school_urn:
            refuse(Reason.OWN_SCHOOL)
        else:
            if own.trust_id is not None and own.trust_id == inspection.trust_code:
                refuse(Reason.SAME_TRUST)
            if (
                own.easting is not None and own.northing is not None
                and inspection.easting is not None and inspection.northing is not None
            ):  # fmt: skip
                distance_km = math.dist((own.easting, own.northing), (inspection.easting, inspection.northing)) / 1000
                if distance_km < config["CONFLICT_DISTANCE_KM"]:
                    refuse(Reason.NEAR_OWN_SCHOOL, distance_km=distance_km, limit_km=config["CONFLICT_DISTANCE_KM"])

    if inspection.school_urn in person.declared_schools:
        refuse(Reason.DECLARED_CONFLICT, party="this school", why=person.declared_schools[inspection.school_urn])
    if inspection.trust_code is not None and inspection.trust_code in person.declared_trusts:
        refuse(Reason.DECLARED_CONFLICT, party="the school's trust", why=person.declared_trusts[inspection.trust_code])

    look_back = config["CONFLICT_LOOK_BACK_YEARS"]
    since = years_from(inspection.starts_on, -look_back)
    for worked in person.worked_at:
        if worked.school_id == inspection.school_urn and (worked.left_on is None or worked.left_on >= since):
            refuse(Reason.WORKED_AT_SCHOOL, years=look_back, left_on=worked.left_on)
            break
    for booking in person.bookings:
        if (
            _is_another(booking, inspection)
            and booking.school_urn == inspection.school_urn
            and booking.took_place
            and since <= booking.starts_on <= inspection.starts_on
        ):
            refuse(Reason.INSPECTED_RECENTLY, inspected_on=booking.starts_on, years=look_back)
            break

    for course_id, title in inspection.required_courses:
        records = [record for record in person.training[course_id] if record.completed_on <= inspection.starts_on]
        expiries = [record.expires_on for record in records if record.expires_on is not None]
        if not records:
            refuse(Reason.TRAINING_MISSING, course=title)
        elif len(expiries) == len(records) and max(expiries) < inspection.ends_on:  # all lapse before it ends
            refuse(Reason.TRAINING_EXPIRED, course=title, expires_on=max(expiries))

    for period in person.unavailability:
        if _overlaps(period.starts_on, period.ends_on, inspection.starts_on, inspection.ends_on):
            refuse(Reason.UNAVAILABLE, starts_on=period.starts_on, ends_on=period.ends_on)
    others = [booking for booking in person.bookings if _is_another(booking, inspection)]
    for booking in others:
        if _overlaps(booking.starts_on, booking.ends_on, inspection.starts_on, inspection.ends_on):
            refuse(Reason.ALREADY_BOOKED, starts_on=booking.starts_on)
    booked = sum(1 for booking in others if in_term(booking, inspection.term))
    if booked >= inspector.load_cap_per_term:
        refuse(Reason.OVER_LOAD_CAP, booked=booked, term=inspection.term, cap=inspector.load_cap_per_term)

    missing_phases = inspection.phases_needed - set(inspector.phases)
    if missing_phases:
        refuse(Reason.PHASE_MISMATCH, phases=frozenset(missing_phases))

    if as_lead and not inspector.may_lead_on(inspection.starts_on):
        refuse(
            Reason.CANNOT_LEAD, years=config["RECENT_HMI_EXPERIENCE_YEARS"],
            recent_until=inspector.hmi_experience_recent_until,
        )  # fmt: skip
    return refusals


def bookings_of(inspector_ids: Iterable[int]) -> dict[int, list[Booking]]:
    """Each inspector's bookings: the inspections they are on that hold their time (`BOOKING_STATES`)."""
    bookings: dict[int, list[Booking]] = defaultdict(list)
    rows = TeamMember.objects.filter(inspector__in=inspector_ids, inspection__state__in=BOOKING_STATES).values_list(
        "inspector_id", "inspection_id", "inspection__school_id", "inspection__starts_on", "inspection__ends_on",
        "inspection__started_at",
    )  # fmt: skip
    for inspector_id, inspection_id, urn, starts_on, ends_on, started_at in rows:
        bookings[inspector_id].append(Booking(inspection_id, urn, starts_on, ends_on, took_place=started_at is not None))
    return bookings


def load_in_term(inspector_ids: Iterable[int], term: Term) -> dict[int, int]:
    """How many inspections count towards each inspector's load cap in `term`, as assigning them counts it."""
    return {
        inspector_id: sum(1 for booking in bookings if in_term(booking, term))
        for inspector_id, bookings in bookings_of(inspector_ids).items()
    }


def facts_of_new_inspection(
    school: School, framework: Framework, starts_on: date, ends_on: date, inspection_id: int | None = None
) -> InspectionFacts:
    """What the rules need of an inspection of `school` under `framework` on these days, created (give its id)
    or not yet (a plan's proposal); the framework's required courses are loaded."""
    return InspectionFacts(
        id=inspection_id,
        school_urn=school.urn,
        trust_code=school.trust_id,
        easting=school.easting,
        northing=school.northing,
        phases_needed=phases_needed_for(school.phase_name),
        starts_on=starts_on,
        ends_on=ends_on,
        term=school_term(starts_on),
        required_courses=tuple((course.id, course.title) for course in framework.required_courses.all()),
    )


def inspection_facts(inspection: Inspection) -> InspectionFacts:
    """What the rules need of an inspection (its school, framework and required courses loaded)."""
    return facts_of_new_inspection(
        inspection.school, inspection.framework, inspection.starts_on, inspection.ends_on, inspection.pk
    )


def inspector_facts(inspectors: Iterable[Inspector | int]) -> dict[int, InspectorFacts]:
    """What the rules need of each inspector, by id, loaded in a fixed number of queries (in name order)."""
    inspector_ids = [_id(inspector) for inspector in inspectors]
    loaded = Inspector.objects.filter(pk__in=inspector_ids).select_related("user", "own_school")
    people = {inspector.pk: InspectorFacts(inspector) for inspector in loaded}
    for conflict in DeclaredConflict.objects.filter(inspector__in=inspector_ids):
        person = people[conflict.inspector_id]
        if conflict.school_id is not None:
            person.declared_schools[conflict.school_id] = conflict.reason
        elif conflict.trust_id is not None:  # one or the other: a database constraint
            person.declared_trusts[conflict.trust_id] = conflict.reason
    for worked in SchoolWorkedAt.objects.filter(inspector__in=inspector_ids):
        people[worked.inspector_id].worked_at.append(worked)
    for record in TrainingRecord.objects.filter(inspector__in=inspector_ids):
        people[record.inspector_id].training[record.course_id].append(record)
    for period in Unavailability.objects.filter(inspector__in=inspector_ids):
        people[period.inspector_id].unavailability.append(period)
    for inspector_id, bookings in bookings_of(inspector_ids).items():
        people[inspector_id].bookings = bookings
    return people


class EligibilityBatch:
    """The facts about some inspectors and inspections, loaded in a fixed number of queries."""

    def __init__(self, inspectors: Iterable[Inspector | int], inspections: Iterable[Inspection | int]):
        self.people = inspector_facts(inspectors)
        inspection_ids = [_id(inspection) for inspection in inspections]
        loaded_inspections = (
            Inspection.objects.filter(pk__in=inspection_ids)
            .select_related("school", "framework")
            .prefetch_related("framework__required_courses")
        )
        self.inspections = {inspection.pk: inspection_facts(inspection) for inspection in loaded_inspections}

    def refusals(self, inspector: Inspector | int, inspection: Inspection | int, *, as_lead: bool) -> list[Refusal]:
        return refusals_for(self.people[_id(inspector)], self.inspections[_id(inspection)], as_lead=as_lead)


def _id(row: Inspector | Inspection | int) -> int:
    return row if isinstance(row, int) else row.pk


def assignment_refusals(inspector: Inspector, inspection: Inspection, *, as_lead: bool) -> list[Refusal]:
    """Every reason `inspector` may not join `inspection`'s team; empty when they may."""
    return EligibilityBatch([inspector], [inspection]).refusals(inspector, inspection, as_lead=as_lead)


def team_refusals(team: list[TeamMember], inspection: Inspection) -> list[Refusal]:
    """Every reason a member of the team (as it stands now) may not be on it, each naming the member: what
    has changed since they were assigned (a withdrawal, time away, a declared conflict, lapsed training)."""
    batch = EligibilityBatch([member.inspector for member in team], [inspection])
    return [
        Refusal(refusal.reason, refusal.facts, about=member.inspector.name)
        for member in team
        for refusal in batch.refusals(member.inspector, inspection, as_lead=member.is_lead)
    ]


def team_candidates(inspection: Inspection) -> QuerySet[Inspector]:
    """The inspectors the scheduler may choose from: active, and not on the team already."""
    return Inspector.objects.filter(withdrawn_on__isnull=True).exclude(assignments__inspection=inspection)


@dataclass(frozen=True)
class EligibleTeam:
    can_lead: list[Inspector]
    can_join: list[Inspector]


def eligible_team(inspection: Inspection) -> EligibleTeam:
    """The candidates who may lead the inspection, and those who may join its team, by name (one batch)."""
    batch = EligibilityBatch(team_candidates(inspection).values_list("pk", flat=True), [inspection])
    people = [facts.inspector for facts in batch.people.values()]  # loaded in the inspectors' order, by name
    return EligibleTeam(
        can_lead=[person for person in people if not batch.refusals(person, inspection, as_lead=True)],
        can_join=[person for person in people if not batch.refusals(person, inspection, as_lead=False)],
    )


def eligible_inspectors(inspection: Inspection, *, as_lead: bool) -> list[Inspector]:
    """Active inspectors who may join the team (as its lead when `as_lead`), by name."""
    team = eligible_team(inspection)
    return team.can_lead if as_lead else team.can_join
