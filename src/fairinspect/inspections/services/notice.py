"""Notifying the school, and starting on-site work."""

from fairinspect.audit.services import public_service
from fairinspect.core import working_days
from fairinspect.core.actors import Actor
from fairinspect.core.email import email_after_commit
from fairinspect.inspections import messages
from fairinspect.inspections.lifecycle import Action, transition
from fairinspect.inspections.models import Inspection
from fairinspect.inspections.services._helpers import checked_team, school_emails, team_emails


@public_service
def notify_school(*, actor: Actor, inspection: Inspection) -> Inspection:
    """The call to the school, on the working day the notice period before on-site work gives."""
    step = transition(actor=actor, action=Action.NOTIFY, inspection=inspection)
    inspection = step.inspection
    team = checked_team(inspection, or_else="the school cannot be notified yet")
    lead = next(member for member in team if member.is_lead)
    first_time = inspection.school_told_at is None
    inspection.school_told_at = inspection.school_told_at or working_days.now()
    inspection.told_starts_on, inspection.told_ends_on = inspection.starts_on, inspection.ends_on
    step.write(after={"first_notice": first_time, "starts_on": inspection.starts_on})
    email_after_commit(*messages.notice_to_school(inspection, lead.inspector.name), school_emails(inspection))
    email_after_commit(*messages.notice_to_team(inspection), team_emails(inspection))
    return inspection


@public_service
def start_inspection(*, actor: Actor, inspection: Inspection) -> Inspection:
    step = transition(actor=actor, action=Action.START, inspection=inspection)
    checked_team(step.inspection, or_else="on-site work cannot start: the scheduling team must change it")
    step.inspection.started_at = working_days.now()
    return step.write()
