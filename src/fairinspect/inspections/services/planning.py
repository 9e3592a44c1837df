"""Planning an inspection and putting its team together: plan, assign (one or many at once), remove, replan,
cancel."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from fairinspect.audit.services import public_service
from fairinspect.core.actors import Actor
from fairinspect.core.email import email_after_commit
from fairinspect.core.errors import InvalidRequest
from fairinspect.core.formatting import govuk_date
from fairinspect.core.text import REASON
from fairinspect.frameworks.models import Framework
from fairinspect.inspections import messages
from fairinspect.inspections.eligibility import Ineligible, assignment_refusals
from fairinspect.inspections.lifecycle import Action, transition
from fairinspect.inspections.models import Inspection, Kind, PauseEnding, State, TeamMember
from fairinspect.inspections.selectors import lead_of
from fairinspect.inspections.services._helpers import (
    end_pause,
    lapse_pending_request,
    on_site_dates,
    tell_deferred_or_cancelled,
)
from fairinspect.schools import gias
from fairinspect.schools.models import School
from fairinspect.workforce.models import Inspector


@public_service
def plan_inspection(
    *, actor: Actor, school: School, framework: Framework, kind: Kind, starts_on: date, ends_on: date | None = None
) -> Inspection:
    kind = Kind(kind)
    step = transition(
        actor=actor,
        action=Action.PLAN,
        inspection=Inspection(school=school, framework=framework, kind=kind, starts_on=starts_on, ends_on=starts_on),
    )
    # Grading is refused for visits: a visit is planned only under a framework without grades, and every
    # other kind of inspection only under one with them.
    if kind == Kind.VISIT and framework.is_graded:
        raise InvalidRequest(
            f"A visit is never graded, so it cannot be under “{framework.title}”: choose a framework without grades",
            field="framework",
        )
    if kind != Kind.VISIT and not framework.is_graded:
        raise InvalidRequest(
            f"A {kind.label.lower()} is graded, so it cannot be under “{framework.title}”, which has no grades",
            field="framework",
        )
    starts_on, ends_on = on_site_dates(starts_on, ends_on)
    if kind != Kind.VISIT and not framework.is_in_force_on(starts_on):
        raise InvalidRequest(
            f"“{framework.title}” is not in force on {govuk_date(starts_on)}: choose the framework in force then",
            field="framework",
        )
    if not school.is_open:
        status = "not yet open" if school.status_code == gias.PROPOSED_TO_OPEN else "closed"
        raise InvalidRequest(f"{school.name} is {status}, so it cannot be inspected", field="school")
    step.inspection.starts_on, step.inspection.ends_on = starts_on, ends_on
    return step.write(
        after={"school": school.urn, "framework": framework.code, "kind": kind, "starts_on": starts_on, "ends_on": ends_on}
    )


@dataclass(frozen=True)
class Assignment:
    """One inspector to put on one inspection's team (as its lead when `as_lead`)."""

    inspection: Inspection
    inspector: Inspector
    as_lead: bool = False


def _assign(actor: Actor, assignment: Assignment) -> TeamMember:
    """Put one inspector on a team, refusing with every reason the eligibility rules give; inside the caller's
    transaction, with its own audit event."""
    step = transition(actor=actor, action=Action.ASSIGN, inspection=assignment.inspection)
    inspection, as_lead = step.inspection, assignment.as_lead
    # Locking the inspector too means two schedulers cannot book them twice over at the same moment.
    inspector = Inspector.objects.select_for_update(of=("self",)).select_related("user").get(pk=assignment.inspector.pk)
    if inspection.team.filter(inspector=inspector).exists():
        raise InvalidRequest(f"{inspector.name} is already on this team", field="inspector")
    lead = lead_of(inspection)
    if as_lead and lead is not None:
        raise InvalidRequest(
            f"This inspection already has a lead inspector ({lead.inspector.name}): remove them first", field="as_lead"
        )
    refusals = assignment_refusals(inspector, inspection, as_lead=as_lead)
    if refusals:
        raise Ineligible(f"{inspector.name} cannot {'lead this inspection' if as_lead else 'join this team'}", refusals)
    member = TeamMember.objects.create(inspection=inspection, inspector=inspector, is_lead=as_lead)
    step.write(after={"inspector": inspector.reference, "lead": as_lead})
    if inspection.state == State.NOTIFIED:
        # The rest of the team heard when the school was notified; someone joining later hears now.
        email_after_commit(*messages.notice_to_team(inspection), [inspector.user.email])
    return member


@public_service
def assign_inspector(*, actor: Actor, inspection: Inspection, inspector: Inspector, as_lead: bool = False) -> TeamMember:
    """Put an inspector on the team, refusing with every reason the eligibility rules give."""
    return _assign(actor, Assignment(inspection, inspector, as_lead))


@public_service
def assign_inspectors(*, actor: Actor, assignments: Iterable[Assignment]) -> list[TeamMember]:
    """Put many inspectors on teams at once (an approved plan of a term's inspections), all or none: one refusal
    refuses them all. Each assignment is checked and audited as `assign_inspector` checks and audits one.
    Inspections are locked in order of their ids, as every action locks them, so that no two services wait for
    each other in a circle."""
    ordered = sorted(assignments, key=lambda item: (item.inspection.pk, not item.as_lead, item.inspector.pk))
    return [_assign(actor, assignment) for assignment in ordered]


@public_service
def unassign_inspector(*, actor: Actor, inspection: Inspection, inspector: Inspector) -> None:
    step = transition(actor=actor, action=Action.UNASSIGN, inspection=inspection)
    member = step.inspection.team.filter(inspector=inspector).first()
    if member is None:
        raise InvalidRequest(f"{inspector.name} is not on this team", field="inspector")
    member.delete()
    step.write(after={"inspector": inspector.reference, "lead": member.is_lead})


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
