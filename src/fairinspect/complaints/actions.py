"""A complaint's actions that another app carries out: the report amended as a new version (reports), an area's
grade changed through the grading rules (grading).

Each is two public services, one after the other: the other app's, which makes the change with its own audit event,
then the complaint's, which records it as the complaint's action after checking that it was made. They cannot share
one transaction (every public service is durable), so what the complaint's step checks is checked before the change
too: once the change is made, recording it fails only if the database does, and the change's own audit event names
the complaint either way.
"""

from collections.abc import Mapping

from fairinspect.accounts.permissions import HANDLE_COMPLAINTS, require
from fairinspect.complaints import selectors, services
from fairinspect.complaints.models import Complaint, ComplaintAction
from fairinspect.core.actors import Actor
from fairinspect.core.errors import WrongState
from fairinspect.grading.services import Judgement, regrade_area
from fairinspect.reports.services import amend_report


def _may_act(actor: Actor, complaint: Complaint) -> None:
    require(actor, HANDLE_COMPLAINTS, "take action on complaints")
    # As stored now: the caller's copy may predate the decision.
    problem = selectors.action_refusal(Complaint.objects.get(pk=complaint.pk))
    if problem:
        raise WrongState(problem)


def amend_report_after_complaint(
    *, actor: Actor, complaint: Complaint, reason: str, pupil_experience: str | None = None,
    next_steps: str | None = None, letter: str | None = None,
) -> ComplaintAction:  # fmt: skip
    _may_act(actor, complaint)
    version = amend_report(
        actor=actor, inspection=complaint.inspection, reason=f"Complaint {complaint.pk} upheld: {reason}",
        pupil_experience=pupil_experience, next_steps=next_steps, letter=letter,
    )  # fmt: skip
    return services.record_report_amended(actor=actor, complaint=complaint, version=version)


def regrade_after_complaint(
    *, actor: Actor, complaint: Complaint, area_code: str, judgements: Mapping[str, Judgement], reason: str,
    rationale: str | None = None,
) -> ComplaintAction:  # fmt: skip
    _may_act(actor, complaint)
    regrade_area(
        actor=actor, inspection=complaint.inspection, area_code=area_code, judgements=judgements,
        reason=f"Complaint {complaint.pk} upheld: {reason}", rationale=rationale,
    )  # fmt: skip
    return services.record_grade_changed(actor=actor, complaint=complaint, area_code=area_code, reason=reason)
