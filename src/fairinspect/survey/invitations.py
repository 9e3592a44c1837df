"""Inviting a school to the impact survey, inside the transaction that publishes its inspection (reports'
`on_publication`), or of an inspection already published (`services.invite_school`)."""

from datetime import date

from django.conf import settings

from fairinspect.accounts.selectors import school_members_emails
from fairinspect.audit.services import SYSTEM_ACTOR, record_event
from fairinspect.core import working_days
from fairinspect.core.actors import Actor
from fairinspect.core.email import email_after_commit
from fairinspect.core.errors import WrongState
from fairinspect.inspections.models import Inspection
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.reports.models import ReportVersion
from fairinspect.survey.models import Invitation, SurveyEvent


def closes_on(published_on: date) -> date:
    """The last day a school may answer about an inspection published on `published_on`."""
    return working_days.add_working_days(published_on, settings.FAIRINSPECT["SURVEY_OPEN_WORKING_DAYS"])


def invite(outcome: HistoricOutcome, actor: Actor = None) -> Invitation:
    """Invite the school of a published inspection, inside the caller's transaction; an inspection already
    invited keeps its invitation (an amended report is not surveyed again)."""
    if outcome.publication_date is None:
        raise WrongState(f"Inspection {outcome.inspection_number} is not published, so its school is not invited yet")
    existing = Invitation.objects.filter(inspection_number=outcome.inspection_number).first()
    if existing:
        return existing
    invitation = Invitation.objects.create(
        inspection_number=outcome.inspection_number,
        urn=outcome.urn,
        published_on=outcome.publication_date,
        invited_at=working_days.now(),
        closes_on=closes_on(outcome.publication_date),
    )
    record_event(
        actor=actor, actor_label=None if actor else SYSTEM_ACTOR, action=SurveyEvent.INVITED, obj=invitation,
        after={"inspection_number": invitation.inspection_number, "urn": invitation.urn,
               "closes_on": invitation.closes_on},
    )  # fmt: skip
    email_after_commit(*_invitation_email(invitation), school_members_emails(invitation.urn))
    return invitation


def _invitation_email(invitation: Invitation) -> tuple[str, str]:
    return (
        "Tell us how your inspection went",
        f"The report of inspection {invitation.inspection_number} is published. Please tell us how the inspection "
        f"went: the workload, the effect on staff wellbeing, whether the process was fair and whether the report "
        f"reflects your school. It takes about 3 minutes; sign in and choose 'Tell us how your inspection went' "
        f"on your home page, by {invitation.closes_on:%-d %B %Y}.\n\nYour answers are only ever shown added up with "
        f"those of at least nine other schools.\n\nSchool inspections\n(This is an automatic email: replies are "
        "not read.)\n",
    )


def invite_after_publication(inspection: Inspection, version: ReportVersion) -> None:
    """reports' `on_publication`: the inspection has just joined the published record under its number."""
    invite(HistoricOutcome.objects.get(inspection_number=version.report.inspection_number))
