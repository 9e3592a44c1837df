"""National halts: every inspection stops at once, and nothing is notified, started or resumed until the halt
is lifted."""

from collections.abc import Callable

from fairinspect.accounts.permissions import HALT_INSPECTIONS, require
from fairinspect.audit.services import public_service, record_event
from fairinspect.core import working_days
from fairinspect.core.actors import Actor
from fairinspect.core.email import email_after_commit
from fairinspect.core.errors import WrongState
from fairinspect.core.formatting import govuk_date
from fairinspect.inspections import messages
from fairinspect.inspections.lifecycle import Action, lock_halt_switch, transition
from fairinspect.inspections.models import Inspection, LifecycleEvent, NationalHalt, Pause, PausedBy, PauseGround, State
from fairinspect.core.text import REASON
from fairinspect.inspections.services._helpers import school_emails, team_emails


def _touched_by_a_halt():
    """Inspections whose school has been told of them and which are not over: notified, or paused (those on site
    are paused by the halt before this is asked)."""
    return Inspection.objects.filter(state__in=[State.NOTIFIED, State.PAUSED]).select_related("school").order_by("pk")


def _tell(inspection: Inspection, message: Callable[..., tuple[str, str]], halt: NationalHalt) -> None:
    """The team, and the school (in the dates it was told), hear of the halt or its lift."""
    email_after_commit(*message(inspection, halt), team_emails(inspection))
    email_after_commit(*message(inspection, halt, to_school=True), school_emails(inspection))


@public_service
def halt_inspections(*, actor: Actor, reason: str) -> NationalHalt:
    """Halt every inspection: nothing is notified, started or resumed while it lasts, and every inspection
    on site now is paused (each with its own audit event)."""
    require(actor, HALT_INSPECTIONS, "halt inspections nationally")
    assert actor is not None  # the system holds no role, so it was refused
    reason = REASON.clean(reason, field="reason", what="the reason for the halt")
    switch = lock_halt_switch()
    if switch.current_halt is not None:
        raise WrongState(f"Inspections are already halted (since {govuk_date(switch.current_halt.started_at)})")
    now = working_days.now()
    halt = NationalHalt.objects.create(reason=reason, started_by=actor, started_at=now)
    switch.current_halt = halt
    switch.save(update_fields=["current_halt"])
    paused = []
    # Locked together first: one paused at this moment by someone else is then no longer on site, and is left.
    on_site = list(Inspection.objects.select_for_update(of=("self",)).filter(state=State.ON_SITE).order_by("pk"))
    for inspection in on_site:
        step = transition(actor=actor, action=Action.PAUSE_FOR_HALT, inspection=inspection)
        pause = Pause.objects.create(
            inspection=step.inspection,
            ground=PauseGround.NATIONAL_HALT,
            paused_by=PausedBy.NATIONAL_HALT,
            halt=halt,
            started_at=now,
        )
        step.write(after={"pause": pause.pk, "halt": halt.pk}, reason=f"National halt: {reason}")
        paused.append(inspection.pk)
    record_event(actor=actor, action=LifecycleEvent.HALT_STARTED, obj=halt, after={"reason": reason, "paused": paused}, reason=reason)
    for inspection in _touched_by_a_halt():
        _tell(inspection, messages.halted, halt)
    return halt


@public_service
def lift_halt(*, actor: Actor, reason: str) -> NationalHalt:
    """End the halt. Nothing resumes by itself: each paused inspection's lead or a duty decision-maker resumes it."""
    require(actor, HALT_INSPECTIONS, "lift a national halt")
    reason = REASON.clean(reason, field="reason", what="the reason for lifting the halt")
    switch = lock_halt_switch()
    halt = switch.current_halt
    if halt is None:
        raise WrongState("Inspections are not halted")
    halt.lifted_by = actor
    halt.lifted_at = working_days.now()
    halt.lift_reason = reason
    halt.save()
    switch.current_halt = None
    switch.save(update_fields=["current_halt"])
    still_paused = list(halt.pauses.filter(ended_at__isnull=True).values_list("inspection_id", flat=True))
    record_event(actor=actor, action=LifecycleEvent.HALT_LIFTED, obj=halt, after={"still_paused": still_paused}, reason=reason)
    for inspection in _touched_by_a_halt():
        _tell(inspection, messages.halt_lifted, halt)
    return halt
