"""Planning an inspection and putting its team together: plan, assign (one or many at once), remove, replan,
cancel."""

from collections.abc import Iterable
from datetime import date

from fairinspect.audit.services import public_service
from fairinspect.core.actors import Actor
from fairinspect.core.text import REASON
from fairinspect.frameworks.models import Framework
from fairinspect.inspections.lifecycle import Action, transition
from fairinspect.inspections.models import Inspection, Kind, PauseEnding, TeamMember
from fairinspect.inspections.dates import on_site_dates
from fairinspect.inspections.services._helpers import end_pause, lapse_pending_request, tell_deferred_or_cancelled
from fairinspect.inspections.steps import Assignment, assign, plan, unassign
from fairinspect.schools.models import School
from fairinspect.workforce.models import Inspector


@public_service
def plan_inspection(
    *, actor: Actor, school: School, framework: Framework, kind: Kind, starts_on: date, ends_on: date | None = None
) -> Inspection:
    return plan(actor, school=school, framework=framework, kind=kind, starts_on=starts_on, ends_on=ends_on)


@public_service
def assign_inspector(*, actor: Actor, inspection: Inspection, inspector: Inspector, as_lead: bool = False) -> TeamMember:
    """Put an inspector on the team, refusing with every reason the eligibility rules give."""
    return assign(actor, Assignment(inspection, inspector, as_lead))


@public_service
def assign_inspectors(*, actor: Actor, assignments: Iterable[Assignment]) -> list[TeamMember]:
    """Put many inspectors on teams at once, all or none: one refusal refuses them all. Each assignment is
    checked and audited as `assign_inspector` checks and audits one. Inspections are locked in order of their
    ids, as every action locks them, so that no two services wait for each other in a circle."""
    ordered = sorted(assignments, key=lambda item: (item.inspection.pk, not item.as_lead, item.inspector.pk))
    return [assign(actor, assignment) for assignment in ordered]


@public_service
def unassign_inspector(*, actor: Actor, inspection: Inspection, inspector: Inspector) -> None:
    unassign(actor, inspection=inspection, inspector=inspector)


@public_service
def replan_inspection(*, actor: Actor, inspection: Inspection, starts_on: date, ends_on: date | None = None) -> Inspection:
    """New on-site dates for a deferred inspection (back into planning) or a planned one."""
    step = transition(actor=actor, action=Action.REPLAN, inspection=inspection)
    inspection = step.inspection
    before = {"starts_on": inspection.starts_on, "ends_on": inspection.ends_on}
    inspection.starts_on, inspection.ends_on = on_site_dates(starts_on, ends_on)
    inspection.started_at = None
    return step.write(after={"previous": before, "starts_on": inspection.starts_on, "ends_on": inspection.ends_on})


@public_service
def cancel_inspection(*, actor: Actor, inspection: Inspection, reason: str) -> Inspection:
    step = transition(actor=actor, action=Action.CANCEL, inspection=inspection)
    inspection = step.inspection
    reason = REASON.clean(reason, field="reason", what="the reason for cancelling the inspection")
    after = {}
    pause = end_pause(inspection, PauseEnding.CANCELLED)
    if pause is not None:
        after["pause"] = pause.pk
    lapsed = lapse_pending_request(inspection, actor)
    if lapsed is not None:
        after["deferral_request_lapsed"] = lapsed.pk
    step.write(after=after, reason=reason)
    tell_deferred_or_cancelled(inspection, reason, deferred=False)
    return inspection
