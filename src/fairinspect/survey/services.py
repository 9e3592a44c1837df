"""Inviting a school to the impact survey and taking its answers."""

from fairinspect.accounts.selectors import schools_of
from fairinspect.audit.services import public_service, record_event
from fairinspect.core import working_days
from fairinspect.core.actors import Actor
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.core.text import REASON
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.survey.invitations import invite
from fairinspect.survey.models import QUESTIONS, Invitation, Response, SurveyEvent


@public_service(may_change_nothing=True)  # an inspection already invited keeps its invitation
def invite_school(inspection_number: str, *, actor: Actor = None) -> Invitation:
    """Invite the school of an inspection in the published record (for inspections published before the survey
    began, and the demo)."""
    outcome = HistoricOutcome.objects.filter(inspection_number=inspection_number).first()
    if outcome is None:
        raise InvalidRequest(f"No published inspection has the number {inspection_number}")
    return invite(outcome, actor)


@public_service
def respond(invitation: Invitation, answers: dict[str, int], comments: str = "", *, actor: Actor) -> Response:
    """Take a school's answers: once per invitation, from someone acting for the school, while it is open."""
    if not schools_of(actor).filter(urn=invitation.urn).exists():
        raise NotPermitted("Only someone acting for the inspected school can answer its survey.")
    if Response.objects.filter(invitation=invitation).exists():
        raise WrongState("This survey has been answered already: each inspection's survey takes one response")
    if working_days.today() > invitation.closes_on:
        raise WrongState(f"This survey closed on {invitation.closes_on:%-d %B %Y}")
    values = {}
    for field, question, choices in QUESTIONS:
        value = answers.get(field)
        if value not in choices.values:
            raise InvalidRequest(f"Answer “{question}”", field=field)
        values[field] = value
    text = REASON.clean(comments, field="comments", what="your comments", required=False)
    response = Response.objects.create(
        invitation=invitation, comments=text, responded_at=working_days.now(), **values
    )
    # The answers are not on the trail: it is read one event at a time, and they are read only in aggregate.
    record_event(actor=actor, action=SurveyEvent.RESPONDED, obj=invitation, after={"answered": True})
    return response
