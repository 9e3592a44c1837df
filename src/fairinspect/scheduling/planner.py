"""Running the planner for a plan: who is due in its term (`due`), a week for each (`schedule`), the team each needs
(`team_size`), the people who may staff them as the eligibility rules read them, the solver's plan
(`solver.solve`), and why any inspection is left short. Reading and solving happen outside any transaction;
the services record the run's start, its result or its failure, each in a transaction of its own.
"""

import math
import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from fairinspect.core import working_days
from fairinspect.frameworks.models import Framework
from fairinspect.inspections.eligibility import (
    InspectionFacts,
    facts_of_new_inspection,
    in_term,
    inspector_facts,
    refusals_for,
)
from fairinspect.inspections.models import Inspection, InspectionProposal, Kind, TeamMember
from fairinspect.scheduling import rules, services
from fairinspect.scheduling.calendar import SchoolTerm, Visit, term_named, visits_in
from fairinspect.scheduling.due import DueSchool, due_in
from fairinspect.scheduling.models import PlannedInspection, PlanRun
from fairinspect.scheduling.selectors import home_of
from fairinspect.scheduling.solver import Settings, Unsolvable, solve
from fairinspect.scheduling.staffing import Person, Place, Slot, StaffingProblem, Weights, shortfalls, week_of
from fairinspect.schools.models import School
from fairinspect.workforce.models import Inspector, InspectorKind, Phase, phases_needed_for

# What a run does, in order, as a progress display names it.
STAGES = ("Who is due", "Dates", "Who may take which place", "Solving", "Saving")
Progress = Callable[[str, str], None]


def _quiet(stage: str, detail: str) -> None:
    return None


class PlanningFailed(Exception):
    """The planner cannot run as things stand (no week left in the term, a pin the rules now refuse): what to do,
    in words, recorded as the run's failure."""


@dataclass(frozen=True)
class ToStaff:
    """An inspection to staff: a new one a plan proposes, or an approved one short of its team."""

    school: School
    framework: Framework
    kind: Kind
    visit: Visit
    due_by: date
    due_rule: str
    due_facts: dict
    lead_places: int
    member_places: int
    proposal: InspectionProposal | None = None
    inspection: Inspection | None = None
    team: frozenset[int] = frozenset()  # inspectors on its team already
    pinned: tuple[tuple[int, bool], ...] = ()  # (inspector id, as lead) pinned by the scheduling team


def team_size(school: School, kind: Kind) -> int:
    """The team on site, lead included, as the planning rules give it."""
    planning = rules.planning()
    if kind in planning.team_size_by_kind:
        return planning.team_size_by_kind[kind]
    phases = phases_needed_for(school.phase_name)
    rows = [row for row in planning.team_sizes if set(row.phases) == phases]
    if not rows:
        return min(row.size for row in planning.team_sizes)
    if school.number_of_pupils is None:
        return rows[0].size
    return next(
        (row.size for row in rows if row.pupils_up_to is None or school.number_of_pupils <= row.pupils_up_to),
        rows[-1].size,
    )


def framework_in_force(day) -> Framework:
    framework = (
        Framework.objects.filter(is_graded=True, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=day))
        .order_by("-valid_from")
        .first()
    )
    if framework is None:
        raise PlanningFailed(f"No graded framework is in force on {day}: load the frameworks")
    return framework


def schedule(due: list[DueSchool], visits: list[Visit], leads_a_week: list[int]) -> list[tuple[DueSchool, Visit]]:
    """A week for each school due, the soonest due first into the earliest week with room. Each week takes an even
    share of the term's inspections, overall and of each region's, and no more than its free leads can lead
    (`leads_a_week`), so that no week or region asks more of its inspectors than another; a school that would fall
    after the week it is due in goes instead to the earliest week before then with a lead free."""
    if not visits:
        return []
    per_visit = math.ceil(len(due) / len(visits))
    regions: dict[str, int] = defaultdict(int)
    for item in due:
        regions[_region(item.school)] += 1
    per_region = {region: math.ceil(count / len(visits)) for region, count in regions.items()}
    taken: dict[int, int] = defaultdict(int)
    taken_in_region: dict[tuple[int, str], int] = defaultdict(int)
    weeks = range(len(visits))
    planned = []
    for item in due:
        region = _region(item.school)
        number = next(
            (week for week in weeks
             if taken[week] < min(per_visit, leads_a_week[week]) and taken_in_region[week, region] < per_region[region]),
            None,
        )  # fmt: skip
        if number is None or visits[number].starts_on > item.due_by:
            in_time = next(
                (week for week in weeks if visits[week].starts_on <= item.due_by and taken[week] < leads_a_week[week]),
                None,
            )
            number = in_time if in_time is not None else number
        if number is None:  # every week is full: the one with most room for a lead
            number = min(weeks, key=lambda week: (taken[week] - leads_a_week[week], week))
        taken[number] += 1
        taken_in_region[number, region] += 1
        planned.append((item, visits[number]))
    return planned


@dataclass(frozen=True)
class Capacity:
    """What the active inspectors can take on over a term's visits: how many inspections those who may lead can
    lead each week, and, by phase, at most how many leads and how many places in all (each inspector within their
    weekly and term caps, less time away and what they have already)."""

    leads_a_week: list[int]
    leads: dict[Phase | None, int]  # by phase, and in all (None)
    places: dict[Phase | None, int]


def capacity(visits: list[Visit]) -> Capacity:
    """The workforce's capacity over the visits. Whether an inspector can work a visit at all is the eligibility
    rules' word, asked of an inspection of no school in particular then (withdrawal, training, time away,
    inspections they have, their load cap); their weekly cap counts what already starts that week; load caps are
    counted in the load-cap term of the first visit."""
    leads_a_week = [0] * len(visits)
    leads: dict[Phase | None, int] = defaultdict(int)
    places: dict[Phase | None, int] = defaultdict(int)
    if not visits:
        return Capacity(leads_a_week, leads, places)
    people = inspector_facts(Inspector.objects.filter(withdrawn_on__isnull=True).values_list("pk", flat=True))
    anywhere = [
        InspectionFacts(
            id=None, school_urn=0, trust_code=None, easting=None, northing=None, phases_needed=frozenset(),
            starts_on=visit.starts_on, ends_on=visit.ends_on, term=working_days.school_term(visit.starts_on),
            required_courses=tuple(
                (course.id, course.title) for course in framework_in_force(visit.starts_on).required_courses.all()
            ),
        )  # fmt: skip
        for visit in visits
    ]
    most_a_week = rules.planning().most_a_week
    first_term = working_days.school_term(visits[0].starts_on)
    for person in people.values():
        inspector = person.inspector
        weekly = [
            0 if refusals_for(person, facts, as_lead=False)
            else max(0, most_a_week[InspectorKind(inspector.kind)] - sum(1 for booking in person.bookings if week_of(booking.starts_on) == visit.week))
            for visit, facts in zip(visits, anywhere)
        ]  # fmt: skip
        leading = [room if inspector.may_lead_on(visit.starts_on) else 0 for room, visit in zip(weekly, visits)]
        for number, room in enumerate(leading):
            leads_a_week[number] += room
        room = max(0, inspector.load_cap_per_term - sum(1 for booking in person.bookings if in_term(booking, first_term)))
        for phase in (None, *(Phase(phase) for phase in inspector.phases)):
            places[phase] += min(room, sum(weekly))
            leads[phase] += min(room, sum(leading))
    return Capacity(leads_a_week, leads, places)


def within_capacity(due: list[DueSchool], capacity: Capacity) -> tuple[list[tuple[DueSchool, int]], int]:
    """The schools due, soonest first, with their team sizes, as many as the term's inspectors can be expected to
    staff: in all, and for each phase a school needs, no more than the planning rules' share of the leads and
    places the inspectors (who hold it) can give (journeys, conflicts and time away put the rest out of reach). A school no one can lead
    at all is taken all the same, so that the plan says why it cannot be staffed. Returns them, and how many more
    are due, to plan in a later term."""
    share = rules.planning().capacity_used
    taken: list[tuple[DueSchool, int]] = []
    leads: dict[Phase | None, int] = defaultdict(int)
    places: dict[Phase | None, int] = defaultdict(int)
    for item in due:
        size = team_size(item.school, item.kind)
        needs = phases_needed_for(item.school.phase_name)
        phases = (None, *needs)
        no_one = any(not capacity.leads[phase] for phase in needs)
        if no_one or all(
            leads[phase] + 1 <= share * capacity.leads[phase] and places[phase] + size <= share * capacity.places[phase]
            for phase in phases
        ):
            for phase in phases:
                leads[phase] += 1
                places[phase] += size
            taken.append((item, size))
    return taken, len(due) - len(taken)


def _region(school: School) -> str:
    return school.region or (school.local_authority.region if school.local_authority else "")


@dataclass(frozen=True)
class NewPlan:
    to_staff: list[ToStaff]
    beyond_capacity: int  # schools due by the term's end that its inspectors cannot be expected to take


def new_inspections(term: SchoolTerm, progress: Progress = _quiet) -> NewPlan:
    """The inspections of a new plan of `term`: the schools due, as many as its inspectors can take, the soonest
    due first, each given its week, framework and team size."""
    progress(STAGES[0], str(term))
    due = due_in(term).due
    today = working_days.today()
    visits = [visit for visit in visits_in(term) if visit.call_on > today]
    if not visits:
        raise PlanningFailed(f"No week of the {term} is left to plan: every call day has passed")
    available = capacity(visits)
    taken, beyond = within_capacity(due, available)
    progress(STAGES[1], f"{len(taken):,} of the {len(due):,} schools due, over {len(visits)} weeks")
    sizes = {item.school.urn: size for item, size in taken}
    return NewPlan(
        [
            ToStaff(
                school=item.school, framework=framework_in_force(visit.starts_on), kind=item.kind, visit=visit,
                due_by=item.due_by, due_rule=item.reason.rule, due_facts=item.reason.facts, lead_places=1,
                member_places=sizes[item.school.urn] - 1, proposal=item.proposal,
            )  # fmt: skip
            for item, visit in schedule([item for item, _ in taken], visits, available.leads_a_week)
        ],
        beyond,
    )


def planned_inspections(run: PlanRun) -> list[ToStaff]:
    """The inspections a plan already holds, with their dates, and the places pinned on them."""
    rows = (
        PlannedInspection.objects.filter(plan=run.plan)
        .select_related("school__local_authority", "framework", "proposal", "inspection")
        .prefetch_related("places")
        .order_by("starts_on", "school_id")
    )
    teams: dict[int, set[int]] = defaultdict(set)
    inspections = [row.inspection_id for row in rows if row.inspection_id]
    for inspection_id, inspector_id in TeamMember.objects.filter(inspection__in=inspections).values_list(
        "inspection_id", "inspector_id"
    ):
        teams[inspection_id].add(inspector_id)
    return [
        ToStaff(
            school=row.school, framework=row.framework, kind=Kind(row.kind),
            visit=Visit(row.call_on, _days(row.starts_on, row.ends_on)), due_by=row.due_by, due_rule=row.due_rule,
            due_facts=row.due_facts, lead_places=row.lead_places, member_places=row.member_places,
            proposal=row.proposal, inspection=row.inspection,
            team=frozenset(teams[row.inspection_id]) if row.inspection_id else frozenset(),
            pinned=tuple((place.inspector_id, place.is_lead) for place in row.places.all() if place.pinned),
        )  # fmt: skip
        for row in rows
    ]


def _days(starts_on, ends_on) -> tuple:
    days, day = [starts_on], starts_on
    while day < ends_on:
        day = working_days.next_working_day(day)
        days.append(day)
    return tuple(days)


def staffing_problem(to_staff: list[ToStaff], progress: Progress = _quiet) -> tuple[StaffingProblem, list[Inspector]]:
    """The problem of staffing these inspections with the active inspectors, as the rules read them."""
    progress(STAGES[2], f"{len(to_staff):,} inspections")
    planning = rules.planning()
    people_facts = inspector_facts(Inspector.objects.filter(withdrawn_on__isnull=True).values_list("pk", flat=True))
    inspectors = [facts.inspector for facts in people_facts.values()]
    number_of = {inspector.pk: number for number, inspector in enumerate(inspectors)}
    people = [
        Person(
            facts=facts,
            home=home_of(facts.inspector), week_cap=planning.most_a_week[InspectorKind(facts.inspector.kind)],
            fits=phases_needed_for(facts.inspector.own_school.phase_name) if facts.inspector.own_school else frozenset(),
        )  # fmt: skip
        for facts in people_facts.values()
    ]
    slots, pins = [], []
    for number, item in enumerate(to_staff):
        facts = facts_of_new_inspection(
            item.school, item.framework, item.visit.starts_on, item.visit.ends_on,
            item.inspection.pk if item.inspection else None,
        )  # fmt: skip
        team = frozenset(number_of[inspector] for inspector in item.team if inspector in number_of)
        slots.append(Slot(facts, item.visit.days, item.lead_places, item.member_places, team=team))
        for inspector, as_lead in item.pinned:
            if inspector not in number_of:
                raise PlanningFailed(
                    f"{Inspector.objects.get(pk=inspector).name}, pinned on the inspection of {item.school.name}, "
                    "has withdrawn: unpin them first"
                )
            pins.append(Place(number, number_of[inspector], as_lead))
    prices = planning.prices
    weights = Weights(
        unfair=tuple(prices.unfair), off_phase=prices.off_phase, no_lead=prices.no_lead,
        missing_member=prices.missing_member, unknown_journey_km=prices.unknown_journey_km,
    )  # fmt: skip
    problem = StaffingProblem(slots, people, pins=pins, weights=weights)
    refused = [pin for pin in pins if not problem.eligible(pin.person, pin.slot, as_lead=pin.as_lead)]
    if refused:
        names = "; ".join(f"{inspectors[pin.person].name} on {to_staff[pin.slot].school.name}" for pin in refused)
        raise PlanningFailed(f"These pinned places are no longer allowed by the rules: {names}. Unpin them first")
    return problem, inspectors


def run_plan(run: PlanRun, progress: Progress = _quiet) -> PlanRun:
    """Run the planner for a queued run, recording its start, then its result or why it failed."""
    run = services.start_run(run=run)
    started = time.perf_counter()
    try:
        first = not run.plan.inspections.exists()
        new = new_inspections(term_named(run.plan.term), progress) if first else None
        to_staff = new.to_staff if new else planned_inspections(run)
        problem, inspectors = staffing_problem(to_staff, progress)
        seconds = run.parameters["planning"]["solver"]["seconds"]
        gap = run.parameters["planning"]["solver"]["gap"]
        progress(STAGES[3], f"{len(problem.slots):,} inspections, {len(problem.people):,} inspectors")
        try:
            solution = solve(problem, Settings(seconds=seconds, gap=gap), lambda line: progress(STAGES[3], line))
        except Unsolvable:
            raise PlanningFailed(
                "The pinned places cannot all hold together (one person twice in a week, or beyond their limit for "
                "the term, say): unpin some and run the plan again"
            ) from None
        short = shortfalls(problem, solution.places)
        progress(STAGES[4], f"{len(solution.places):,} places")
        return services.record_solution(
            run=run,
            result=services.RunResult(
                to_staff=to_staff, new=first, beyond_capacity=new.beyond_capacity if new else 0, places=[
                    (place.slot, inspectors[place.person], place.as_lead, float(problem.travel_km[place.person, place.slot]))
                    for place in solution.places
                ],
                shortfalls={slot: [item.as_dict() for item in items] for slot, items in short.items()},
                cost=solution.price.total, greedy_cost=solution.greedy.total, bound=solution.bound,
                travel_km=solution.price.travel_km, beyond_fair_share=solution.price.beyond_fair_share,
                seconds=time.perf_counter() - started,
            ),
        )  # fmt: skip
    except Exception as error:
        failure = str(error) if isinstance(error, PlanningFailed) else (
            f"The planner stopped with an error: {error!r}\n{traceback.format_exc(limit=5)}"
        )  # fmt: skip
        services.record_failure(run=run, failure=failure)
        if not isinstance(error, PlanningFailed):
            raise
        return PlanRun.objects.get(pk=run.pk)

