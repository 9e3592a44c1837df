"""Proposing an inspection to the scheduling team. The apps above inspections whose decisions call for another
inspection (a report's category of concern, a complaint upheld) propose it here, inside their own transaction;
the scheduling team plans it."""

from datetime import date

from django.db import transaction

from fairinspect.audit.services import record_event
from fairinspect.core import working_days
from fairinspect.core.errors import WrongState
from fairinspect.core.actors import Actor
from fairinspect.inspections.models import Inspection, InspectionProposal, Kind, LifecycleEvent
from fairinspect.schools.models import School


def record_proposal(
    *,
    school: School,
    kind: Kind,
    due_by: date,
    reason: str,
    follows: Inspection | None = None,
    actor: Actor = None,
    recorded_as: str = "",
) -> InspectionProposal:
    """Ask the scheduling team to plan an inspection of `school` by `due_by`, inside the caller's transaction (a
    report's publication, a complaint's outcome), with its audit event. `recorded_as` names the rule that
    proposed it when no person did."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_proposal runs inside the transaction of the decision that calls for the inspection")
    proposal = InspectionProposal.objects.create(
        school=school, kind=kind, due_by=due_by, reason=reason, proposed_at=working_days.now(),
        proposed_by=actor if actor is not None and actor.is_authenticated else None, follows=follows,
    )  # fmt: skip
    record_event(
        actor=actor, actor_label=recorded_as or None, action=LifecycleEvent.PROPOSED, obj=proposal,
        after={"school": school.urn, "kind": kind, "due_by": due_by, "follows": follows.pk if follows else None},
        reason=reason,
    )  # fmt: skip
    return proposal


def record_planned(*, proposal: InspectionProposal, inspection: Inspection) -> None:
    """The inspection planned for a proposal, inside the caller's transaction (the approval of a plan, which
    audits it); refused when another inspection was planned for it meanwhile."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_planned runs inside the transaction of the plan's approval")
    if not InspectionProposal.objects.filter(pk=proposal.pk, planned_as__isnull=True).update(planned_as=inspection):
        raise WrongState(
            f"The proposed {Kind(proposal.kind).label.lower()} of {proposal.school.name} was planned meanwhile"
        )
