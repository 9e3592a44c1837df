"""Reads of plans: the plans, a plan by week and by inspector, why an inspection is short of a team (in words made
from the facts the run kept), who may take a place in a plan as it stands, and which approved inspections have
lost team members since. Plans are the scheduling team's alone (PLAN_INSPECTIONS), which the pages check."""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, QuerySet

from fairinspect.core import working_days
from fairinspect.core.formatting import count, govuk_date
from fairinspect.inspections.eligibility import (
    Booking,
    EligibilityBatch,
    Reason,
    Refusal,
    facts_of_new_inspection,
    inspector_facts,
    load_in_term,
    refusals_for,
)
from fairinspect.inspections.models import BEFORE_ON_SITE, BOOKING_STATES, Inspection, Kind, State, TeamMember
from fairinspect.scheduling import rules
from fairinspect.scheduling.models import Plan, PlannedInspection, PlannedPlace, PlanRun, PlanStatus, Purpose
from fairinspect.schools.models import School
from fairinspect.workforce.models import Inspector, InspectorKind, Phase, phases_needed_for

# An inspection in hand: planned, under way, or done and not yet published. Pilots and visits never count.
_NOT_IN_HAND = (State.CANCELLED, State.PUBLISHED)
_NEVER_COUNTED = (Kind.PILOT, Kind.VISIT)


def inspections_in_hand(urns) -> dict[int, Inspection]:
    """For each of these schools with one, the inspection the scheduling team has in hand (the soonest)."""
    in_hand: dict[int, Inspection] = {}
    for inspection in (
        Inspection.objects.filter(school__in=urns).exclude(state__in=_NOT_IN_HAND).exclude(kind__in=_NEVER_COUNTED)
        .order_by("starts_on", "pk")
    ):  # fmt: skip
        in_hand.setdefault(inspection.school_id, inspection)
    return in_hand


def in_hand_in_words(inspection: Inspection) -> str:
    return (
        f"its {inspection.get_kind_display().lower()} of {govuk_date(inspection.starts_on)} is in hand "
        f"({inspection.get_state_display().lower()})"
    )


def schools_in_hand(urns) -> list[str]:
    """The schools among these with an inspection in hand, each in words."""
    in_hand = inspections_in_hand(urns)
    names = dict(School.objects.filter(urn__in=in_hand).values_list("urn", "name"))
    return [f"{names[urn]}: {in_hand_in_words(inspection)}" for urn, inspection in sorted(in_hand.items())]


# Plans and their runs ---------------------------------------------------------------------------------------


def plans() -> QuerySet[Plan]:
    return (
        Plan.objects.select_related("created_by", "approved_by", "repairs")
        .annotate(inspection_count=Count("inspections"))
        .order_by("-created_at", "-pk")
    )


def latest_run(plan: Plan) -> PlanRun | None:
    return plan.runs.select_related("requested_by").order_by("-requested_at", "-pk").first()


def last_finished_run(plan: Plan) -> PlanRun | None:
    return plan.runs.filter(finished_at__isnull=False, cost__isnull=False).order_by("-finished_at", "-pk").first()


def with_places(inspections: QuerySet[PlannedInspection]) -> QuerySet[PlannedInspection]:
    return inspections.select_related("school", "inspection").prefetch_related(
        Prefetch("places", queryset=PlannedPlace.objects.select_related("inspector__user"))
    )


@dataclass(frozen=True)
class PlanWeek:
    monday: date
    inspections: int
    short: int


def weeks_of(plan: Plan) -> list[PlanWeek]:
    """Each week of the plan with how many inspections start in it and how many of those are short of a team."""
    weeks: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for starts_on, shortfall in plan.inspections.values_list("starts_on", "shortfall"):
        monday = starts_on - timedelta(days=starts_on.weekday())
        weeks[monday][0] += 1
        weeks[monday][1] += bool(shortfall)
    return [PlanWeek(monday, total, short) for monday, (total, short) in sorted(weeks.items())]


def week_of_plan(plan: Plan, monday: date) -> list[PlannedInspection]:
    return list(
        with_places(plan.inspections.filter(starts_on__gte=monday, starts_on__lt=monday + timedelta(weeks=1)))
        .order_by("starts_on", "school__name")
    )


def short_in(plan: Plan) -> list[PlannedInspection]:
    """The plan's inspections short of a team, soonest first."""
    return list(with_places(plan.inspections.exclude(shortfall=[])).order_by("starts_on", "school__name"))


@dataclass(frozen=True)
class InspectorLoad:
    inspector: Inspector
    places: int
    leads: int
    travel_km: float
    booked: int  # inspections they have already in the term, as their load cap counts them
    cap: int


def inspector_loads(plan: Plan) -> list[InspectorLoad]:
    """Each inspector the plan gives places, with how many, how far they travel in all, and their load in the
    term as it stands (before approval), the most loaded first."""
    by_inspector: dict[int, list[PlannedPlace]] = defaultdict(list)
    for place in PlannedPlace.objects.filter(planned__plan=plan).select_related("inspector__user", "planned"):
        by_inspector[place.inspector_id].append(place)
    first = plan.inspections.order_by("starts_on").values_list("starts_on", flat=True).first()
    booked = load_in_term(by_inspector, working_days.school_term(first)) if first else {}
    loads = [
        InspectorLoad(
            inspector=places[0].inspector, places=len(places), leads=sum(place.is_lead for place in places),
            travel_km=sum(place.travel_km or 0 for place in places), booked=booked.get(inspector_id, 0),
            cap=places[0].inspector.load_cap_per_term,
        )  # fmt: skip
        for inspector_id, places in by_inspector.items()
    ]
    return sorted(loads, key=lambda load: (-(load.places + load.booked) / load.cap, load.inspector.name))


# Why an inspection is short, in words ------------------------------------------------------------------------

# How a reason for being unable to take a place reads, for one person and for several.
_WHY: dict[str, tuple[str, str]] = {
    "busy": ("is on another inspection the plan gives them then", "are on other inspections the plan gives them then"),
    "term-cap": ("has no room left in the term beside the plan's other inspections",
                 "have no room left in the term beside the plan's other inspections"),
    "week-cap": ("has reached their limit for that week", "have reached their limit for that week"),
    Reason.WITHDRAWN: ("has withdrawn from inspecting", "have withdrawn from inspecting"),
    Reason.OWN_SCHOOL: ("works at the school", "work at the school"),
    Reason.SAME_TRUST: ("works in the school's trust", "work in the school's trust"),
    Reason.NEAR_OWN_SCHOOL: ("works at a school nearby", "work at schools nearby"),
    Reason.DECLARED_CONFLICT: ("has declared a conflict of interest", "have declared conflicts of interest"),
    Reason.WORKED_AT_SCHOOL: ("worked at the school recently", "worked at the school recently"),
    Reason.INSPECTED_RECENTLY: ("inspected the school recently", "inspected the school recently"),
    Reason.TRAINING_MISSING: ("lacks a course the framework requires", "lack a course the framework requires"),
    Reason.TRAINING_EXPIRED: ("has training that lapses first", "have training that lapses first"),
    Reason.UNAVAILABLE: ("is unavailable then", "are unavailable then"),
    Reason.ALREADY_BOOKED: ("is on an inspection already planned then", "are on inspections already planned then"),
    Reason.OVER_LOAD_CAP: ("has reached their limit for the term already", "have reached their limit for the term already"),
}


def _phases_in_words(phases: frozenset[Phase]) -> str:
    return " and ".join(sorted(Phase(phase).label.lower() for phase in phases)) or "its"


def shortfall_in_words(shortfall: dict, school: School) -> str:
    """Why an inspection is short of a lead or of team members, as a run found it: everyone who holds its phase
    (and may lead, for a lead), by what stopped them, with the names of the nearest."""
    phases = _phases_in_words(phases_needed_for(school.phase_name))
    short = "No lead" if shortfall["role"] == "lead" else f"Short of {count(shortfall['places'], 'team member')}"
    who = "may lead and hold" if shortfall["role"] == "lead" else "hold"
    if not shortfall["holders"]:
        who_holds = "who may lead holds" if shortfall["role"] == "lead" else "holds"
        return f"{short}: no active inspector {who_holds} the {phases} phase"
    parts = []
    for group in shortfall["groups"]:
        singular, plural = _WHY.get(group["why"], ("cannot take it", "cannot take it"))
        names = f" ({', '.join(group['names'])}{', …' if group['count'] > len(group['names']) else ''})" if group["names"] else ""
        parts.append(f"{group['count']} {singular if group['count'] == 1 else plural}{names}")
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"{short}: of the {count(shortfall['holders'], 'inspector')} who {who} the {phases} phase, {listed}"


# Who may take a place in a plan as it stands ---------------------------------------------------------------------


def _plan_bookings(inspector_ids, plan: Plan, besides: PlannedInspection) -> dict[int, list[Booking]]:
    """Each inspector's other places in the plan, as bookings the rules count (inspections not yet planned)."""
    bookings: dict[int, list[Booking]] = defaultdict(list)
    for inspector_id, urn, starts_on, ends_on in (
        PlannedPlace.objects.filter(planned__plan=plan, inspector__in=inspector_ids).exclude(planned=besides)
        .values_list("inspector_id", "planned__school_id", "planned__starts_on", "planned__ends_on")
    ):  # fmt: skip
        bookings[inspector_id].append(Booking(None, urn, starts_on, ends_on, took_place=False))
    return bookings


def refusals_in_plan(inspector: Inspector, planned: PlannedInspection, *, as_lead: bool) -> list[Refusal]:
    """Every reason the rules give against this inspector taking the place, counting their other places in the
    plan as booked."""
    person = inspector_facts([inspector])[inspector.pk]
    person.bookings = person.bookings + _plan_bookings([inspector.pk], planned.plan, planned)[inspector.pk]
    facts = facts_of_new_inspection(
        planned.school, planned.framework, planned.starts_on, planned.ends_on, planned.inspection_id
    )
    return refusals_for(person, facts, as_lead=as_lead)


def over_weekly_cap(inspector: Inspector, planned: PlannedInspection) -> str | None:
    """Why the inspector cannot start one more inspection in the planned one's week, if they cannot."""
    monday = planned.starts_on - timedelta(days=planned.starts_on.weekday())
    sunday = monday + timedelta(days=6)
    cap = rules.planning().most_a_week[InspectorKind(inspector.kind)]
    booked = TeamMember.objects.filter(
        inspector=inspector, inspection__state__in=BOOKING_STATES, inspection__starts_on__range=(monday, sunday)
    ).count()
    in_plan = (
        PlannedPlace.objects.filter(planned__plan=planned.plan, inspector=inspector, planned__starts_on__range=(monday, sunday))
        .exclude(planned=planned)
        .count()
    )
    booked += in_plan
    if booked >= cap:
        return (
            f"they already have {count(booked, 'inspection')} starting the week of {govuk_date(monday)} "
            f"(at most {cap} a week)"
        )
    return None


def journey_km(inspector: Inspector, school: School) -> float | None:
    home, at = home_of(inspector), (school.easting, school.northing)
    if home is None or at[0] is None or at[1] is None:
        return None
    return round(math.dist(home, (at[0], at[1])) / 1000, 1)


def home_of(inspector: Inspector) -> tuple[float, float] | None:
    if inspector.home_easting is None or inspector.home_northing is None:
        return None
    return (inspector.home_easting, inspector.home_northing)


@dataclass(frozen=True)
class Candidate:
    inspector: Inspector
    travel_km: float | None
    may_join: bool
    may_lead: bool


def candidates(planned: PlannedInspection) -> list[Candidate]:
    """The active inspectors not on the planned team: those the rules let join it as the plan stands (and
    whether each may lead it) first, nearest first, then the rest by name."""
    on_team = set(planned.places.values_list("inspector_id", flat=True))
    if planned.inspection is not None:
        on_team |= set(planned.inspection.team.values_list("inspector_id", flat=True))
    ids = Inspector.objects.filter(withdrawn_on__isnull=True).exclude(pk__in=on_team).values_list("pk", flat=True)
    people = inspector_facts(ids)
    extra = _plan_bookings(ids, planned.plan, planned)
    facts = facts_of_new_inspection(
        planned.school, planned.framework, planned.starts_on, planned.ends_on, planned.inspection_id
    )
    found = []
    for inspector_id, person in people.items():
        person.bookings = person.bookings + extra.get(inspector_id, [])
        may_join = not refusals_for(person, facts, as_lead=False)
        found.append(
            Candidate(person.inspector, journey_km(person.inspector, planned.school), may_join,
                      may_join and person.inspector.may_lead_on(planned.starts_on))
        )  # fmt: skip
    return sorted(
        found,
        key=lambda item: (0, item.travel_km is None, item.travel_km or 0, item.inspector.name)
        if item.may_join else (1, False, 0, item.inspector.name),
    )


# Approved inspections that lost team members ------------------------------------------------------------------


@dataclass(frozen=True)
class ShortTeam:
    """An approved inspection still to come whose team is short of what its plan gave it: those the rules now
    refuse (each with why), whether it needs a lead, and how many members."""

    planned: PlannedInspection
    inspection: Inspection
    refused: list[Refusal]
    needs_lead: bool
    members_needed: int


def short_of_team(plan: Plan) -> list[ShortTeam]:
    """The approved inspections of a term's plan, not yet notified or on site, whose teams are short now: members
    withdrawn, away, lapsed or conflicted since (the rules refuse them), or never found."""
    if plan.status != PlanStatus.APPROVED or plan.purpose != Purpose.TERM:
        return []
    approved = [
        (row, row.inspection)
        for row in plan.inspections.filter(inspection__state__in=BEFORE_ON_SITE)
        .select_related("school", "framework", "inspection__school", "inspection__framework")
        .order_by("starts_on", "school__name")
        if row.inspection is not None
    ]
    members = list(
        TeamMember.objects.filter(inspection__in=[inspection for _, inspection in approved]).select_related("inspector__user")
    )
    batch = EligibilityBatch([member.inspector_id for member in members], [inspection for _, inspection in approved])
    teams: dict[int, list[TeamMember]] = defaultdict(list)
    for member in members:
        teams[member.inspection_id].append(member)
    short = []
    for row, inspection in approved:
        refused, leads, others = [], 0, 0
        for member in teams[inspection.pk]:
            problems = batch.refusals(member.inspector_id, inspection, as_lead=member.is_lead)
            if problems:
                refused += [Refusal(problem.reason, problem.facts, about=member.inspector.name) for problem in problems]
            elif member.is_lead:
                leads += 1
            else:
                others += 1
        needs_lead = leads < row.lead_places
        members_needed = max(0, row.member_places - others)
        if needs_lead or members_needed:
            short.append(ShortTeam(row, inspection, refused, needs_lead, members_needed))
    return short


def refused_members(inspection: Inspection) -> list[Inspector]:
    """The members of an inspection's team the rules refuse now, in the order they were assigned."""
    team = list(inspection.team.select_related("inspector__user"))
    batch = EligibilityBatch([member.inspector_id for member in team], [inspection])
    return [
        member.inspector for member in team if batch.refusals(member.inspector_id, inspection, as_lead=member.is_lead)
    ]


def _number(value: float) -> str:
    return f"{value:,g}"


def parameters_in_words(parameters: dict) -> str:
    """What a run planned with (`rules.run_parameters`), as the plan's page says it."""
    planning = parameters["planning"]
    prices, solver = planning["prices"], planning["solver"]
    days = " or ".join(day.title() for day in planning["call_on"])
    return (
        f"Schools are called on {days} and inspected the working days after; the last "
        f"{count(planning['last_working_days_kept_free'], 'working day')} of the term are kept free. Prices, in km of "
        f"travel: an inspection beyond an inspector's fair share {', then '.join(_number(price) for price in prices['unfair'])}; "
        f"a team member outside their phase {_number(prices['off_phase'])}; an inspection without a lead "
        f"{_number(prices['no_lead'])} and each team member it is short {_number(prices['missing_member'])}, more than "
        f"any journey. The solver stops after {_number(solver['seconds'])} seconds, or within "
        f"{_number(solver['gap'] * 100)}% of the best possible plan. Due rules {parameters['due_rules_sha256'][:12]}, "
        f"as of {govuk_date(date.fromisoformat(parameters['as_of']))}."
    )
