"""Pauses of on-site work: asked for by the lead inspector or the headteacher, confirmed by a duty
decision-maker, ended by resuming (or by deferring or cancelling the inspection)."""

from datetime import date

from django.conf import settings
from django.utils import timezone

from fairinspect.accounts.selectors import is_headteacher_of
from fairinspect.audit.services import public_service
from fairinspect.core import working_days
from fairinspect.core.actors import Actor
from fairinspect.core.email import email_after_commit
from fairinspect.core.errors import InvalidRequest
from fairinspect.core.formatting import govuk_date
from fairinspect.core.text import SHORT_NOTE
from fairinspect.inspections import messages
from fairinspect.inspections.lifecycle import Action, transition
from fairinspect.inspections.models import PERSON_PAUSE_GROUNDS, Inspection, Pause, PausedBy, PauseEnding, PauseGround
from fairinspect.inspections.selectors import is_lead_of
from fairinspect.inspections.dates import working_day
from fairinspect.inspections.services._helpers import duty_emails, end_pause, school_emails, team_emails


def _pause_until(start: date, until: date | None) -> date:
    """The day a pause begun on `start` ends by: the next working day unless said, at most the limit."""
    if until is None:
        return working_days.next_working_day(start)
    latest = working_days.add_working_days(start, settings.FAIRINSPECT["PAUSE_MAX_WORKING_DAYS"])
    if until <= start:
        raise InvalidRequest("A pause must last until a later day", field="until")
    working_day(until, "until", "The day the pause ends")
    if until > latest:
        raise InvalidRequest(
            f"A pause lasts at most {settings.FAIRINSPECT['PAUSE_MAX_WORKING_DAYS']} working days: "
            f"it must end by {govuk_date(latest)}",
            field="until",
        )
    return until


@public_service
def pause_inspection(*, actor: Actor, inspection: Inspection, ground: PauseGround, note: str = "", until: date | None = None) -> Pause:
    """The lead inspector pauses on-site work, or the headteacher asks for a pause: it takes effect at once,
    and a duty decision-maker confirms it. A duty decision-maker may pause it too (answering a school's concern),
    confirmed as they do. Keep the note short: no names or health details."""
    step = transition(actor=actor, action=Action.PAUSE, inspection=inspection)
    inspection = step.inspection
    if ground not in PERSON_PAUSE_GROUNDS:
        raise InvalidRequest("Choose why the inspection is being paused", field="ground")
    note = SHORT_NOTE.clean(note, field="note", what="the note", required=False)
    until = _pause_until(working_days.today(), until)
    paused_by = _paused_by(actor, inspection)
    started_at = working_days.now()
    by_duty = paused_by == PausedBy.DUTY_DECISION_MAKER
    pause = Pause.objects.create(
        inspection=inspection,
        ground=ground,
        note=note,
        paused_by=paused_by,
        requested_by=actor,
        started_at=started_at,
        until=until,
        confirmed_by=actor if by_duty else None,
        confirmed_at=started_at if by_duty else None,
    )
    step.write(after={"pause": pause.pk, "ground": ground, "paused_by": pause.paused_by, "until": until})
    # Those who can confirm it are asked to; the team and the school, but for whoever paused, are told.
    if not by_duty:
        email_after_commit(*messages.pause_to_confirm(inspection, pause), duty_emails())
    told_already = {actor.email} if actor is not None else set()
    email_after_commit(*messages.paused(inspection, pause), set(team_emails(inspection)) - told_already)
    email_after_commit(*messages.paused(inspection, pause, to_school=True), set(school_emails(inspection)) - told_already)
    return pause


def _paused_by(actor: Actor, inspection: Inspection) -> PausedBy:
    if is_lead_of(actor, inspection):
        return PausedBy.LEAD_INSPECTOR
    if is_headteacher_of(actor, inspection.school):
        return PausedBy.HEADTEACHER
    return PausedBy.DUTY_DECISION_MAKER  # the only other who may pause (lifecycle.RULES)


@public_service
def confirm_pause(*, actor: Actor, inspection: Inspection, until: date | None = None) -> Pause:
    step = transition(actor=actor, action=Action.CONFIRM_PAUSE, inspection=inspection)
    pause = Pause.objects.select_for_update(of=("self",)).get(inspection=step.inspection, ended_at__isnull=True)
    if until is not None:
        pause.until = _pause_until(timezone.localdate(pause.started_at), until)
    pause.confirmed_by = actor
    pause.confirmed_at = working_days.now()
    pause.save()
    step.write(after={"pause": pause.pk, "until": pause.until})
    return pause


@public_service
def resume_inspection(*, actor: Actor, inspection: Inspection) -> Inspection:
    """On-site work goes on; the working days the pause took are added to the end of the inspection."""
    step = transition(actor=actor, action=Action.RESUME, inspection=inspection)
    inspection = step.inspection
    pause = end_pause(inspection, PauseEnding.RESUMED)
    assert pause is not None  # a paused inspection has its open pause
    lost = working_days.working_days_between(timezone.localdate(pause.started_at), working_days.today())
    previous_end = inspection.ends_on
    inspection.ends_on = working_days.add_working_days(previous_end, lost)
    inspection.told_ends_on = inspection.ends_on
    step.write(after={"pause": pause.pk, "ends_on": inspection.ends_on, "previous_ends_on": previous_end})
    email_after_commit(*messages.resumed(inspection), school_emails(inspection) + team_emails(inspection))
    return inspection
