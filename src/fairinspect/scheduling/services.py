"""Changes to plans, each audited: asking for a plan of a term (or new team members for approved inspections that
lost some), recording a run's start, result or failure, the scheduling team's changes to a plan (pinning, taking
out, putting in), and approving it, which plans every inspection and assigns every team through the inspections
app's steps, in one transaction."""

from collections import defaultdict
from dataclasses import dataclass


from fairinspect.accounts.permissions import PLAN_INSPECTIONS, require
from fairinspect.audit.services import public_service, record_event
from fairinspect.core import working_days
from fairinspect.core.errors import DomainError, InvalidRequest, WrongState
from fairinspect.core.formatting import count, govuk_date
from fairinspect.core.tasks import with_the_change
from fairinspect.inspections import steps
from fairinspect.inspections.eligibility import Ineligible
from fairinspect.inspections.models import Inspection, Kind
from fairinspect.inspections.proposals import record_planned
from fairinspect.scheduling import rules, selectors
from fairinspect.scheduling.calendar import SchoolTerm, term_named
from fairinspect.scheduling.tasks import run_plan_task
from fairinspect.scheduling.models import (
    FAILURE_LIMIT,
    Plan,
    PlannedInspection,
    PlannedPlace,
    PlanRun,
    PlanStatus,
    Purpose,
    RunStatus,
    SchedulingEvent,
)
from fairinspect.workforce.models import Inspector

PLANNER = "system:planner"


def _queue(run: PlanRun, in_background: bool) -> None:
    """Run the planner for `run` in the background once the transaction commits, when asked to (queued with the
    change, so that a process dying just after the commit leaves no run waiting for ever)."""
    if in_background:

        def enqueue() -> None:
            result = run_plan_task.enqueue(run.pk)
            PlanRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id))

        with_the_change(enqueue)


def _new_run(plan: Plan, actor, term: SchoolTerm) -> PlanRun:
    return PlanRun.objects.create(
        plan=plan, requested_by=actor if actor is not None and actor.is_authenticated else None,
        requested_at=working_days.now(), parameters=rules.run_parameters(term.code),
    )  # fmt: skip


def _check_planner(actor, doing: str) -> None:
    # The command line (no actor) runs as the operator of the machine; anyone else must plan inspections.
    if actor is not None:
        require(actor, PLAN_INSPECTIONS, doing)


@public_service
def request_plan(*, actor, term: str, in_background: bool = False) -> PlanRun:
    """A new plan of the term with this code: who is due, their dates and teams, once its first run finishes."""
    _check_planner(actor, "plan a term's inspections")
    school_term = term_named(term)
    if school_term.ends_on <= working_days.today():
        raise InvalidRequest(f"The {school_term} has ended: plan a term to come", field="term")
    plan = Plan.objects.create(
        term=school_term.code, created_by=actor if actor is not None and actor.is_authenticated else None,
        created_at=working_days.now(),
    )  # fmt: skip
    run = _new_run(plan, actor, school_term)
    record_event(actor=actor, action=SchedulingEvent.PLAN_REQUESTED, obj=plan, after={"term": plan.term, "run": run.pk})
    _queue(run, in_background)
    return run


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _refuse_unless_changeable(plan: Plan) -> None:
    if plan.status == PlanStatus.APPROVED:
        raise WrongState(f"This plan was approved on {govuk_date(plan.approved_at)}: it can no longer change")
    if plan.status in (PlanStatus.QUEUED, PlanStatus.RUNNING):
        raise WrongState("The planner is running for this plan: wait for it to finish")


@public_service
def request_run(*, actor, plan: Plan, in_background: bool = False) -> PlanRun:
    """Run the planner again for a plan, keeping its dates and the places pinned, and choosing the rest anew."""
    require(actor, PLAN_INSPECTIONS, "plan inspections")
    plan = _locked(plan)
    _refuse_unless_changeable(plan)
    if not plan.inspections.exists():
        raise WrongState("This plan's first run failed: ask for a new plan of the term instead")
    run = _new_run(plan, actor, term_named(plan.term))
    plan.status = PlanStatus.QUEUED
    plan.save(update_fields=["status"])
    record_event(actor=actor, action=SchedulingEvent.PLAN_REQUESTED, obj=plan, after={"term": plan.term, "run": run.pk})
    _queue(run, in_background)
    return run


@public_service
def request_repair(*, actor, plan: Plan, in_background: bool = False) -> PlanRun:
    """New team members for the approved inspections of `plan` that have lost some (a withdrawal, time away,
    training lapsed) or were approved short: a plan of those alone, their dates kept, for the team to review."""
    require(actor, PLAN_INSPECTIONS, "plan inspections")
    plan = _locked(plan)
    if plan.status != PlanStatus.APPROVED:
        raise WrongState("Only an approved plan's inspections can be given new team members")
    short = selectors.short_of_team(plan)
    if not short:
        raise WrongState("Every inspection of this plan that is still to come has its full team")
    repair = Plan.objects.create(
        term=plan.term, purpose=Purpose.REPAIR, repairs=plan, created_by=actor, created_at=working_days.now()
    )
    for item in short:
        planned = item.planned
        PlannedInspection.objects.create(
            plan=repair, school=planned.school, framework=planned.framework, kind=planned.kind,
            call_on=planned.call_on, starts_on=item.inspection.starts_on, ends_on=item.inspection.ends_on,
            due_by=planned.due_by, due_rule=planned.due_rule, due_facts=planned.due_facts,
            lead_places=int(item.needs_lead), member_places=item.members_needed, proposal=planned.proposal,
            inspection=item.inspection,
        )  # fmt: skip
    run = _new_run(repair, actor, term_named(plan.term))
    record_event(
        actor=actor, action=SchedulingEvent.REPAIR_REQUESTED, obj=repair,
        after={"repairs": plan.pk, "inspections": [item.inspection.pk for item in short], "run": run.pk},
    )  # fmt: skip
    _queue(run, in_background)
    return run


@public_service
def start_run(*, run: PlanRun) -> PlanRun:
    """The planner has begun a queued run (it records this itself, as the system)."""
    run = PlanRun.objects.select_for_update().select_related("plan").get(pk=run.pk)
    if run.status != RunStatus.QUEUED:
        raise WrongState(f"Run {run.pk} is {run.get_status_display().lower()}, not waiting to run")
    run.status, run.started_at = RunStatus.RUNNING, working_days.now()
    run.save(update_fields=["status", "started_at"])
    Plan.objects.filter(pk=run.plan_id).update(status=PlanStatus.RUNNING)
    record_event(actor=None, actor_label=PLANNER, action=SchedulingEvent.RUN_STARTED, obj=run.plan, after={"run": run.pk})
    return run


@dataclass(frozen=True)
class RunResult:
    """What a run found: the inspections it staffed (with their dates and needs, new ones when `new`), each place
    as (inspection's number, inspector, as lead, km from home), why any inspection is short, and the figures."""

    to_staff: list
    new: bool
    beyond_capacity: int
    places: list[tuple[int, Inspector, bool, float]]
    shortfalls: dict[int, list[dict]]
    cost: float
    greedy_cost: float
    bound: float
    travel_km: float
    beyond_fair_share: int
    seconds: float


@public_service
def record_solution(*, run: PlanRun, result: RunResult) -> PlanRun:
    """The plan a run found: its inspections (the first time), and the places it chose in place of every
    unpinned one."""
    run = PlanRun.objects.select_for_update().get(pk=run.pk)
    run.plan = plan = _locked(run.plan)
    if result.new:
        plan.beyond_capacity = result.beyond_capacity
        rows = [
            PlannedInspection.objects.create(
                plan=plan, school=item.school, framework=item.framework, kind=item.kind, call_on=item.visit.call_on,
                starts_on=item.visit.starts_on, ends_on=item.visit.ends_on, due_by=item.due_by,
                due_rule=item.due_rule, due_facts=item.due_facts, lead_places=item.lead_places,
                member_places=item.member_places, proposal=item.proposal,
            )  # fmt: skip
            for item in result.to_staff
        ]
    else:
        by_school = {row.school_id: row for row in plan.inspections.all()}
        rows = [by_school[item.school.pk] for item in result.to_staff]
    PlannedPlace.objects.filter(planned__plan=plan, pinned=False).delete()
    pinned = set(PlannedPlace.objects.filter(planned__plan=plan).values_list("planned_id", "inspector_id"))
    PlannedPlace.objects.bulk_create(
        PlannedPlace(planned=rows[number], inspector=inspector, is_lead=as_lead, travel_km=round(km, 1))
        for number, inspector, as_lead, km in result.places
        if (rows[number].pk, inspector.pk) not in pinned
    )
    for number, row in enumerate(rows):
        row.shortfall = result.shortfalls.get(number, [])
    PlannedInspection.objects.bulk_update(rows, ["shortfall"])
    run.status, run.finished_at = RunStatus.FINISHED, working_days.now()
    run.cost, run.greedy_cost, run.bound = result.cost, result.greedy_cost, result.bound
    run.travel_km, run.beyond_fair_share, run.seconds = result.travel_km, result.beyond_fair_share, result.seconds
    run.unstaffed = len(result.shortfalls)
    run.save()
    plan.status = PlanStatus.READY
    plan.save(update_fields=["status", "beyond_capacity"])
    record_event(
        actor=None, actor_label=PLANNER, action=SchedulingEvent.RUN_FINISHED, obj=plan,
        after={"run": run.pk, "inspections": len(rows), "places": len(result.places), "cost": result.cost,
               "bound": result.bound, "gap": run.gap, "unstaffed": run.unstaffed,
               "beyond_capacity": plan.beyond_capacity},
    )  # fmt: skip
    return run


@public_service
def record_failure(*, run: PlanRun, failure: str) -> PlanRun:
    """A run that could not finish, and why; the plan keeps what an earlier run found, if any did."""
    run = PlanRun.objects.select_for_update().get(pk=run.pk)
    run.plan = plan = _locked(run.plan)
    if len(failure) > FAILURE_LIMIT:
        failure = failure[: FAILURE_LIMIT - 1] + "…"
    run.status, run.finished_at, run.failure = RunStatus.FAILED, working_days.now(), failure
    run.save(update_fields=["status", "finished_at", "failure"])
    plan.status = PlanStatus.READY if plan.inspections.exists() else PlanStatus.FAILED
    plan.save(update_fields=["status"])
    record_event(
        actor=None, actor_label=PLANNER, action=SchedulingEvent.RUN_FAILED, obj=plan, after={"run": run.pk},
        reason=failure,
    )  # fmt: skip
    return run


# The scheduling team's changes ---------------------------------------------------------------------------------


def _changeable(actor, planned: PlannedInspection) -> Plan:
    require(actor, PLAN_INSPECTIONS, "change a plan")
    plan = _locked(planned.plan)
    _refuse_unless_changeable(plan)
    return plan


def _place_event(actor, action: SchedulingEvent, place: PlannedPlace) -> None:
    record_event(
        actor=actor, action=action, obj=place.planned.plan,
        after={"school": place.planned.school_id, "inspector": place.inspector.reference, "lead": place.is_lead},
    )  # fmt: skip


@public_service
def pin_place(*, actor, place: PlannedPlace) -> PlannedPlace:
    """Keep this place as it is when the plan is run again."""
    _changeable(actor, place.planned)
    if place.pinned:
        raise WrongState(f"{place.inspector.name} is already pinned on this inspection")
    place.pinned = True
    place.save(update_fields=["pinned"])
    _place_event(actor, SchedulingEvent.PLACE_PINNED, place)
    return place


@public_service
def unpin_place(*, actor, place: PlannedPlace) -> PlannedPlace:
    """Let the planner choose this place afresh when the plan is run again."""
    _changeable(actor, place.planned)
    if not place.pinned:
        raise WrongState(f"{place.inspector.name} is not pinned on this inspection")
    place.pinned = False
    place.save(update_fields=["pinned"])
    _place_event(actor, SchedulingEvent.PLACE_UNPINNED, place)
    return place


@public_service
def remove_place(*, actor, place: PlannedPlace) -> None:
    """Take someone out of a planned team; the next run fills the place (with anyone but them, if they are pinned
    elsewhere that day)."""
    _changeable(actor, place.planned)
    deleted, _ = PlannedPlace.objects.filter(pk=place.pk).delete()
    if not deleted:
        raise WrongState("This place was already taken out of the plan")
    _place_event(actor, SchedulingEvent.PLACE_REMOVED, place)


@public_service
def add_place(*, actor, planned: PlannedInspection, inspector: Inspector, as_lead: bool) -> PlannedPlace:
    """Put someone in a planned team, pinned: refused, with every reason, as assigning them would be, counting the
    rest of the plan as booked."""
    plan = _changeable(actor, planned)
    planned = PlannedInspection.objects.select_related("school", "framework", "plan").get(pk=planned.pk, plan=plan)
    places = list(planned.places.select_related("inspector__user"))
    if any(place.inspector_id == inspector.pk for place in places):
        raise InvalidRequest(f"{inspector.name} is already on this team", field="inspector")
    if as_lead:
        lead = next((place for place in places if place.is_lead), None)
        if not planned.lead_places:
            raise InvalidRequest("This inspection has its lead already: add a team member instead", field="as_lead")
        if lead is not None:
            raise InvalidRequest(f"This team's lead is {lead.inspector.name}: take them out first", field="as_lead")
    elif sum(1 for place in places if not place.is_lead) >= planned.member_places:
        raise InvalidRequest(
            f"This team has its {count(planned.member_places, 'member')} already: take one out first", field="inspector"
        )
    refusals = selectors.refusals_in_plan(inspector, planned, as_lead=as_lead)
    if refusals:
        raise Ineligible(f"{inspector.name} cannot {'lead this inspection' if as_lead else 'join this team'}", refusals)
    problem = selectors.over_weekly_cap(inspector, planned)
    if problem:
        raise InvalidRequest(f"{inspector.name} cannot join this team: {problem}", field="inspector")
    place = PlannedPlace.objects.create(
        planned=planned, inspector=inspector, is_lead=as_lead, pinned=True,
        travel_km=selectors.journey_km(inspector, planned.school),
    )  # fmt: skip
    _place_event(actor, SchedulingEvent.PLACE_PINNED, place)
    return place


# Approval ---------------------------------------------------------------------------------------------------


@public_service
def approve_plan(*, actor, plan: Plan) -> list[Inspection]:
    """Plan every inspection of the plan and assign every team, through the inspections app's steps (each audited
    as planning or assigning one by hand is), all or none; for a plan of new team members, first take off each
    team the members the rules now refuse. A refusal names the school it is about. Returns the inspections."""
    require(actor, PLAN_INSPECTIONS, "approve a plan")
    plan = _locked(plan)
    if plan.status != PlanStatus.READY:
        raise WrongState(f"Only a plan ready to review can be approved; this one is {plan.get_status_display().lower()}")
    rows = list(
        plan.inspections.select_related("school", "framework", "proposal", "inspection").order_by("starts_on", "pk")
    )
    places: dict[int, list[PlannedPlace]] = defaultdict(list)
    for place in PlannedPlace.objects.filter(planned__plan=plan).select_related("inspector__user"):
        places[place.planned_id].append(place)
    if plan.purpose == Purpose.TERM:
        in_hand = selectors.schools_in_hand([row.school_id for row in rows])
        if in_hand:
            raise WrongState(
                "Inspections of these schools are in hand since the plan was made, so it cannot be approved as it "
                f"is: {'; '.join(in_hand)}. Make a new plan of the term"
            )
        passed = [row for row in rows if row.starts_on <= working_days.today()]
        if passed:
            raise WrongState(
                f"The first day on site of {count(len(passed), 'inspection')} has come ("
                + "; ".join(f"{row.school.name}, {govuk_date(row.starts_on)}" for row in passed[:5])
                + ("; …" if len(passed) > 5 else "") + "): make a new plan of the term"
            )
    inspections = []
    for row in rows:
        try:
            inspections.append(_approve(actor, plan, row, places[row.pk]))
        except Ineligible as error:
            raise Ineligible(f"{row.school.name}: {error.summary}", error.refusals) from None
        except DomainError as error:
            raise type(error)(f"{row.school.name}: {error.message}", field=error.field) from None
    plan.status, plan.approved_by, plan.approved_at = PlanStatus.APPROVED, actor, working_days.now()
    plan.save(update_fields=["status", "approved_by", "approved_at"])
    record_event(
        actor=actor, action=SchedulingEvent.PLAN_APPROVED, obj=plan,
        after={"inspections": [inspection.pk for inspection in inspections],
               "places": sum(len(team) for team in places.values())},
    )  # fmt: skip
    return inspections


def _approve(actor, plan: Plan, row: PlannedInspection, places: list[PlannedPlace]) -> Inspection:
    """One planned inspection approved: planned (or, in a plan of new team members, its refused members taken
    off), then its team assigned, the lead first."""
    if row.inspection is None:
        inspection = steps.plan(
            actor, school=row.school, framework=row.framework, kind=Kind(row.kind), starts_on=row.starts_on,
            ends_on=row.ends_on,
        )  # fmt: skip
        row.inspection = inspection
        row.save(update_fields=["inspection"])
        if row.proposal is not None:
            record_planned(proposal=row.proposal, inspection=inspection)
    else:
        inspection = row.inspection
        for member in selectors.refused_members(inspection):
            steps.unassign(actor, inspection=inspection, inspector=member)
    for place in sorted(places, key=lambda place: (not place.is_lead, place.inspector_id)):
        steps.assign(actor, steps.Assignment(inspection, place.inspector, place.is_lead))
    return inspection
