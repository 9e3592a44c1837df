"""The steps of planning an inspection and putting its team together, each inside the caller's transaction and
writing its own audit event. The public services of `services.planning` take one step each; a service above that
plans many inspections at once (scheduling's approval of a term's plan) takes many steps in its one transaction.
A state is still written only through `lifecycle.transition`."""

from dataclasses import dataclass
from datetime import date

from fairinspect.core.actors import Actor
from fairinspect.core.email import email_after_commit
from fairinspect.core.errors import InvalidRequest
from fairinspect.core.formatting import govuk_date
from fairinspect.frameworks.models import Framework
from fairinspect.inspections import messages
from fairinspect.inspections.eligibility import Ineligible, assignment_refusals
from fairinspect.inspections.lifecycle import Action, transition
from fairinspect.inspections.models import Inspection, Kind, State, TeamMember
from fairinspect.inspections.dates import on_site_dates
from fairinspect.inspections.selectors import lead_of
from fairinspect.schools import gias
from fairinspect.schools.models import School
from fairinspect.workforce.models import Inspector


def plan(
    actor: Actor, *, school: School, framework: Framework, kind: Kind, starts_on: date, ends_on: date | None = None
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


def assign(actor: Actor, assignment: Assignment) -> TeamMember:
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


def unassign(actor: Actor, *, inspection: Inspection, inspector: Inspector) -> TeamMember:
    """Take an inspector off a team."""
    step = transition(actor=actor, action=Action.UNASSIGN, inspection=inspection)
    member = step.inspection.team.filter(inspector=inspector).first()
    if member is None:
        raise InvalidRequest(f"{inspector.name} is not on this team", field="inspector")
    member.delete()
    step.write(after={"inspector": inspector.reference, "lead": member.is_lead})
    return member
