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
from fairinspect.inspections.eligibility import facts_of_new_inspection, inspector_facts
from fairinspect.inspections.models import BOOKING_STATES, Inspection, InspectionProposal, Kind, TeamMember
from fairinspect.scheduling import rules, services
from fairinspect.scheduling.calendar import SchoolTerm, Visit, term_named, visits_in
from fairinspect.scheduling.due import DueSchool, due_in
from fairinspect.scheduling.models import PlannedInspection, PlanRun
from fairinspect.scheduling.solver import Settings, solve
from fairinspect.scheduling.staffing import Person, Place, Slot, StaffingProblem, Weights, shortfalls
from fairinspect.schools.models import School
from fairinspect.workforce.models import Inspector, Unavailability, phases_needed_for

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


def schedule(due: list[DueSchool], visits: list[Visit], leads_free: list[int]) -> list[tuple[DueSchool, Visit]]:
    """A week for each school due, the soonest due first into the earliest week with room. Each week takes an even
    share of the term's inspections, overall and of each region's, so that no week or region asks more of its
    inspectors than another; a school that would fall after the week it is due in goes instead to the earliest
    week before then that still has a lead free (`leads_free`: how many who may lead are free each week)."""
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
            (week for week in weeks if taken[week] < per_visit and taken_in_region[week, region] < per_region[region]),
            None,
        )
        if number is None or visits[number].starts_on > item.due_by:
            in_time = next(
                (week for week in weeks if visits[week].starts_on <= item.due_by and taken[week] < leads_free[week]), None
            )
            number = in_time if in_time is not None else number
        if number is None:  # every week is full: the least full
            number = min(weeks, key=lambda week: (taken[week], week))
        taken[number] += 1
        taken_in_region[number, region] += 1
        planned.append((item, visits[number]))
    return planned


def leads_free(visits: list[Visit]) -> list[int]:
    """For each visit, how many active inspectors may lead then and are neither away nor on an inspection."""
    if not visits:
        return []
    first, last = visits[0].starts_on, visits[-1].ends_on
    busy: dict[int, list[tuple]] = defaultdict(list)
    for inspector_id, starts_on, ends_on in Unavailability.objects.filter(
        starts_on__lte=last, ends_on__gte=first
    ).values_list("inspector_id", "starts_on", "ends_on"):
        busy[inspector_id].append((starts_on, ends_on))
    for inspector_id, starts_on, ends_on in TeamMember.objects.filter(
        inspection__state__in=BOOKING_STATES, inspection__starts_on__lte=last, inspection__ends_on__gte=first
    ).values_list("inspector_id", "inspection__starts_on", "inspection__ends_on"):
        busy[inspector_id].append((starts_on, ends_on))
    inspectors = list(Inspector.objects.filter(withdrawn_on__isnull=True))
    return [
        sum(
            1 for inspector in inspectors
            if inspector.may_lead_on(visit.starts_on)
            and not any(starts_on <= visit.ends_on and visit.starts_on <= ends_on for starts_on, ends_on in busy[inspector.pk])
        )  # fmt: skip
        for visit in visits
    ]


def _region(school: School) -> str:
    return school.region or (school.local_authority.region if school.local_authority else "")


def new_inspections(term: SchoolTerm, progress: Progress = _quiet) -> list[ToStaff]:
    """The inspections of a new plan of `term`: the schools due, each given its week, framework and team size."""
    progress(STAGES[0], str(term))
    due = due_in(term).due
    today = working_days.today()
    visits = [visit for visit in visits_in(term) if visit.call_on > today]
    if not visits:
        raise PlanningFailed(f"No week of the {term} is left to plan: every call day has passed")
    progress(STAGES[1], f"{len(due):,} schools due over {len(visits)} weeks")
    free = leads_free(visits)
    return [
        ToStaff(
            school=item.school, framework=framework_in_force(visit.starts_on), kind=item.kind, visit=visit,
            due_by=item.due_by, due_rule=item.reason.rule, due_facts=item.reason.facts, lead_places=1,
            member_places=team_size(item.school, item.kind) - 1, proposal=item.proposal,
        )  # fmt: skip
        for item, visit in schedule(due, visits, free)
    ]


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
            proposal=row.proposal, inspection=row.inspection, team=frozenset(teams.get(row.inspection_id, ())),
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
            home=(facts.inspector.home_easting, facts.inspector.home_northing)
            if facts.inspector.home_easting is not None else None,
            week_cap=planning.most_a_week[facts.inspector.kind],
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
        to_staff = new_inspections(term_named(run.plan.term), progress) if first else planned_inspections(run)
        problem, inspectors = staffing_problem(to_staff, progress)
        seconds = run.parameters["planning"]["solver"]["seconds"]
        gap = run.parameters["planning"]["solver"]["gap"]
        progress(STAGES[3], f"{len(problem.slots):,} inspections, {len(problem.people):,} inspectors")
        solution = solve(problem, Settings(seconds=seconds, gap=gap), lambda line: progress(STAGES[3], line))
        short = shortfalls(problem, solution.places)
        progress(STAGES[4], f"{len(solution.places):,} places")
        return services.record_solution(
            run=run,
            result=services.RunResult(
                to_staff=to_staff, new=first, places=[
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

