"""What the inspection services share: the checks of a team, ending a pause or a request, and who is emailed. Each
expects to run inside the transaction of the public service that calls it."""

from fairinspect.accounts.permissions import DECIDE_PAUSES
from fairinspect.accounts.selectors import emails_of_holders, school_members_emails
from fairinspect.core import working_days
from fairinspect.core.actors import Actor
from fairinspect.core.email import email_after_commit
from fairinspect.inspections import messages
from fairinspect.inspections.eligibility import Ineligible, team_refusals
from fairinspect.inspections.models import (
    Decision,
    DeferralRequest,
    Inspection,
    Pause,
    PauseEnding,
    TeamMember,
)
from fairinspect.inspections.selectors import pending_deferral


def checked_team(inspection: Inspection, *, or_else: str) -> list[TeamMember]:
    """The team as it stands now, every member checked again: anything recorded since they were assigned (a
    withdrawal, time away, a declared conflict, lapsed training) refuses the action. The members' rows are
    locked (after the inspection's, as assigning does), so such a change recorded at the same moment waits
    for this action or is seen by it."""
    team = list(
        inspection.team.select_related("inspector__user").select_for_update(of=("inspector",)).order_by("inspector_id")
    )
    problems = team_refusals(team, inspection)
    if problems:
        raise Ineligible(f"The team has changed since it was assigned, so {or_else}", problems)
    return team


def school_emails(inspection: Inspection) -> list[str]:
    return school_members_emails(inspection.school_id)


def team_emails(inspection: Inspection) -> list[str]:
    return list(inspection.team.values_list("inspector__user__email", flat=True))


def duty_emails() -> list[str]:
    return emails_of_holders(DECIDE_PAUSES)


def end_pause(inspection: Inspection, ending: PauseEnding) -> Pause | None:
    """End the inspection's open pause, if it has one, the way given."""
    pause = inspection.pauses.select_for_update(of=("self",)).filter(ended_at__isnull=True).first()
    if pause is not None:
        pause.ended_at = working_days.now()
        pause.ending = ending
        pause.save(update_fields=["ended_at", "ending"])
    return pause


def lapse_pending_request(inspection: Inspection, actor: Actor) -> DeferralRequest | None:
    """A request to defer that waits for a decision needs none once the inspection is cancelled."""
    pending = pending_deferral(inspection)
    if pending is not None:
        pending.decision = Decision.LAPSED
        pending.decided_by = actor
        pending.decided_at = working_days.now()
        pending.decision_reason = "The inspection was cancelled."
        pending.save()
    return pending


def tell_deferred_or_cancelled(inspection: Inspection, reason: str, *, deferred: bool) -> None:
    """Tell the team, and the school if it was ever told of the inspection: in the dates it was told."""
    email_after_commit(*messages.deferred_or_cancelled(inspection, reason, deferred=deferred), team_emails(inspection))
    if inspection.school_told_at is not None:
        email_after_commit(
            *messages.deferred_or_cancelled(inspection, reason, deferred=deferred, to_school=True),
            school_emails(inspection),
        )

