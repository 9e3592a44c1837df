"""The life of an inspection: one function per action (DOMAIN.md §4).

Each runs in one transaction: it locks the inspection row (so concurrent actions on it take turns),
checks who is acting and from which state (`selectors.RULES`) and what they asked for, writes the new
state through `Inspection.enter_state`, appends exactly one audit event for the decision, and queues its
emails for after the commit. Actions a national halt holds (notify, start, resume) lock the halt switch
first, so a halt being declared and a start cannot pass each other. Locks are always taken in the same
order (the halt switch, the inspection, its inspectors by id, then a deferral request or standing offer), so
two actions never wait for each other in a circle.

Every inspection event records the state before and after, so the audit trail alone replays the life of
an inspection.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fairinspect.accounts.models import SchoolMembership
from fairinspect.accounts.roles import Role
from fairinspect.audit.services import record_event
from fairinspect.core import working_days
from fairinspect.core.email import email_after_commit
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.frameworks.models import Framework
from fairinspect.inspections import messages
from fairinspect.inspections.eligibility import Ineligible, assignment_refusals, team_refusals
from fairinspect.inspections.models import (
    PERSON_PAUSE_GROUNDS,
    BlanketDeferralOffer,
    Decision,
    DeferralGround,
    DeferralRequest,
    HaltSwitch,
    Inspection,
    Kind,
    NationalHalt,
    Pause,
    PausedBy,
    PauseEnding,
    PauseGround,
    State,
    TeamMember,
)
from fairinspect.inspections.selectors import (
    RULES,
    Action,
    halts_inspections,
    is_lead_of,
    manages_deferrals,
    offers_granting,
    pending_deferral,
    permission_refusal,
    plans_inspections,
    state_refusal,
)
from fairinspect.schools import gias
from fairinspect.schools.models import School
from fairinspect.web.formatting import govuk_date
from fairinspect.workforce.models import Inspector


# Locks, guards and the one way a state is written.


def _lock_halt_switch() -> HaltSwitch:
    switch, _ = HaltSwitch.objects.select_for_update().get_or_create(id=1)
    return switch


def _locked(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("school", "framework")
        .get(pk=inspection.pk)
    )


def _check_permission(actor, action: Action, inspection: Inspection) -> None:
    problem = permission_refusal(actor, action, inspection)
    if problem:
        raise NotPermitted(problem)


def _check_state(action: Action, inspection: Inspection, halt: NationalHalt | None = None) -> None:
    problem = state_refusal(action, inspection, halt)
    if problem:
        raise WrongState(problem)


def _begin(actor, action: Action, inspection: Inspection) -> Inspection:
    """Lock what the action needs (the halt switch first when a halt holds the action, then the
    inspection), check who is acting and from which state, and return the locked inspection."""
    halt = _lock_halt_switch().current_halt if RULES[action].held_by_halt else None
    inspection = _locked(inspection)
    _check_permission(actor, action, inspection)
    _check_state(action, inspection, halt)
    return inspection


def _record(
    inspection: Inspection, action: str, *, actor, before_state, after: dict | None = None, reason: str = "", actor_label=None
) -> None:
    record_event(
        actor=actor,
        actor_label=actor_label,
        action=f"inspection.{action}",
        obj=inspection,
        before={"state": before_state},
        after={"state": inspection.state, **(after or {})},
        reason=reason,
    )


def _move(
    inspection: Inspection, to: State, action: str, *, actor, after: dict | None = None, reason: str = "", actor_label=None
) -> Inspection:
    """Write the inspection's new state (with any other changed fields) and its one audit event."""
    before_state = inspection.state or None  # a new inspection has none yet
    inspection.enter_state(to)
    inspection.save()
    _record(inspection, action, actor=actor, before_state=before_state, after=after, reason=reason, actor_label=actor_label)
    return inspection


def _required_text(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidRequest(f"Enter {what}", field=field)
    return value


def _working_day(day: date, field: str, what: str) -> None:
    if working_days.is_working_day(day):
        return
    holiday = working_days.bank_holiday_name(day)
    why = f"it is a bank holiday ({holiday})" if holiday else "it is a weekend"
    raise InvalidRequest(f"{what} must be a working day: {govuk_date(day)} is not, as {why}", field=field)


def _on_site_dates(starts_on: date, ends_on: date | None) -> tuple[date, date]:
    """Checked on-site dates; the last day defaults to the usual length of an inspection."""
    if starts_on <= working_days.today():
        raise InvalidRequest("The first day on site must be in the future", field="starts_on")
    _working_day(starts_on, "starts_on", "The first day on site")
    if ends_on is None:
        try:
            ends_on = working_days.add_working_days(starts_on, settings.FAIRINSPECT["ON_SITE_WORKING_DAYS"] - 1)
        except OverflowError:  # the usual length runs past 31 December 9999, the last day Python has
            raise InvalidRequest("The first day on site is too far in the future", field="starts_on") from None
    if ends_on < starts_on:
        raise InvalidRequest("The last day on site must be the same as or after the first day", field="ends_on")
    _working_day(ends_on, "ends_on", "The last day on site")
    return starts_on, ends_on


def _school_emails(inspection: Inspection) -> list[str]:
    return list(
        SchoolMembership.objects.filter(school_id=inspection.school_id, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def _team_emails(inspection: Inspection) -> list[str]:
    return list(inspection.team.values_list("inspector__user__email", flat=True))


def _duty_emails() -> list[str]:
    return list(
        get_user_model()
        .objects.filter(groups__name=Role.DUTY_DECISION_MAKER, is_active=True)
        .values_list("email", flat=True)
    )


# Planning and the team.


@transaction.atomic
def plan_inspection(
    *, actor, school: School, framework: Framework, kind: Kind, starts_on: date, ends_on: date | None = None
) -> Inspection:
    if not plans_inspections(actor):
        raise NotPermitted("Only a scheduler can plan an inspection.")
    kind = Kind(kind)
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
    starts_on, ends_on = _on_site_dates(starts_on, ends_on)
    if kind != Kind.VISIT and not framework.is_in_force_on(starts_on):
        raise InvalidRequest(
            f"“{framework.title}” is not in force on {govuk_date(starts_on)}: choose the framework in force then",
            field="framework",
        )
    if not school.is_open:
        status = "not yet open" if school.status_code == gias.PROPOSED_TO_OPEN else "closed"
        raise InvalidRequest(f"{school.name} is {status}, so it cannot be inspected", field="school")
    inspection = Inspection(school=school, framework=framework, kind=kind, starts_on=starts_on, ends_on=ends_on)
    return _move(
        inspection,
        State.PLANNED,
        "planned",
        actor=actor,
        after={"school": school.urn, "framework": framework.code, "kind": kind, "starts_on": starts_on, "ends_on": ends_on},
    )


@transaction.atomic
def assign_inspector(*, actor, inspection: Inspection, inspector: Inspector, as_lead: bool = False) -> TeamMember:
    """Put an inspector on the team, refusing with every reason the eligibility rules give."""
    inspection = _begin(actor, Action.ASSIGN, inspection)
    # Locking the inspector too means two schedulers cannot book them twice over at the same moment.
    inspector = Inspector.objects.select_for_update(of=("self",)).select_related("user").get(pk=inspector.pk)
    if inspection.team.filter(inspector=inspector).exists():
        raise InvalidRequest(f"{inspector.name} is already on this team", field="inspector")
    lead = inspection.team.filter(is_lead=True).select_related("inspector__user").first()
    if as_lead and lead is not None:
        raise InvalidRequest(
            f"This inspection already has a lead inspector ({lead.inspector.name}): remove them first", field="as_lead"
        )
    refusals = assignment_refusals(inspector, inspection, as_lead=as_lead)
    if refusals:
        raise Ineligible(f"{inspector.name} cannot {'lead this inspection' if as_lead else 'join this team'}", refusals)
    member = TeamMember.objects.create(inspection=inspection, inspector=inspector, is_lead=as_lead)
    _record(
        inspection,
        "inspector_assigned",
        actor=actor,
        before_state=inspection.state,
        after={"inspector": inspector.reference, "lead": as_lead},
    )
    if inspection.state == State.NOTIFIED:
        # The rest of the team heard when the school was notified; someone joining later hears now.
        email_after_commit(*messages.notice_to_team(inspection), [inspector.user.email])
    return member


@transaction.atomic
def unassign_inspector(*, actor, inspection: Inspection, inspector: Inspector) -> None:
    inspection = _begin(actor, Action.UNASSIGN, inspection)
    member = inspection.team.filter(inspector=inspector).first()
    if member is None:
        raise InvalidRequest(f"{inspector.name} is not on this team", field="inspector")
    member.delete()
    _record(
        inspection,
        "inspector_removed",
        actor=actor,
        before_state=inspection.state,
        after={"inspector": inspector.reference, "lead": member.is_lead},
    )


@transaction.atomic
def replan_inspection(*, actor, inspection: Inspection, starts_on: date, ends_on: date | None = None) -> Inspection:
    """New on-site dates for a deferred inspection (back into planning) or a planned one."""
    inspection = _begin(actor, Action.REPLAN, inspection)
    before = {"starts_on": inspection.starts_on, "ends_on": inspection.ends_on}
    inspection.starts_on, inspection.ends_on = _on_site_dates(starts_on, ends_on)
    inspection.started_at = None
    return _move(
        inspection,
        State.PLANNED,
        "replanned",
        actor=actor,
        after={"previous": before, "starts_on": inspection.starts_on, "ends_on": inspection.ends_on},
    )


# Notification and on-site work.


def _checked_team(inspection: Inspection, *, or_else: str) -> list[TeamMember]:
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


@transaction.atomic
def notify_school(*, actor, inspection: Inspection) -> Inspection:
    """The call to the school: the notice period before on-site work, counted in working days."""
    inspection = _begin(actor, Action.NOTIFY, inspection)
    today = working_days.today()
    notice = settings.FAIRINSPECT["NOTICE_WORKING_DAYS"]
    if not working_days.is_working_day(today):
        raise InvalidRequest("Schools are only notified on working days, and today is not one")
    call_day = working_days.add_working_days(inspection.starts_on, -notice)
    if call_day != today:
        when = "has passed" if call_day < today else f"is {govuk_date(call_day)}"
        raise InvalidRequest(
            f"Schools are notified {notice} working day(s) before on-site work. This inspection starts on "
            f"{govuk_date(inspection.starts_on)}, so the day to notify the school {when}"
            + (": replan it first" if call_day < today else "")
        )
    team = _checked_team(inspection, or_else="the school cannot be notified yet")
    lead = next((member for member in team if member.is_lead), None)
    if lead is None:
        raise InvalidRequest("Assign a lead inspector before notifying the school")
    first_time = inspection.school_told_at is None
    inspection.school_told_at = inspection.school_told_at or working_days.now()
    inspection.told_starts_on, inspection.told_ends_on = inspection.starts_on, inspection.ends_on
    _move(inspection, State.NOTIFIED, "notified", actor=actor, after={"first_notice": first_time, "starts_on": inspection.starts_on})
    email_after_commit(*messages.notice_to_school(inspection, lead.inspector.name), _school_emails(inspection))
    email_after_commit(*messages.notice_to_team(inspection), _team_emails(inspection))
    return inspection


@transaction.atomic
def start_inspection(*, actor, inspection: Inspection) -> Inspection:
    inspection = _begin(actor, Action.START, inspection)
    today = working_days.today()
    if not (inspection.starts_on <= today <= inspection.ends_on) or not working_days.is_working_day(today):
        raise InvalidRequest(
            f"On-site work can start only on a working day from {govuk_date(inspection.starts_on)} "
            f"to {govuk_date(inspection.ends_on)}; today is {govuk_date(today)}"
        )
    if pending_deferral(inspection) is not None:
        raise WrongState(
            "The school has asked to defer this inspection: the scheduling team must decide before on-site work starts"
        )
    _checked_team(inspection, or_else="on-site work cannot start: the scheduling team must change it")
    inspection.started_at = working_days.now()
    return _move(inspection, State.ON_SITE, "started", actor=actor)


# Deferral.


@transaction.atomic
def request_deferral(*, actor, inspection: Inspection, ground: DeferralGround, details: str) -> DeferralRequest:
    """A school's request to defer, before on-site work starts. A standing offer on its ground grants it at once."""
    inspection = _begin(actor, Action.REQUEST_DEFERRAL, inspection)
    if ground not in DeferralGround.values:
        raise InvalidRequest("Choose why you are asking to defer the inspection", field="ground")
    details = _required_text(details, "details", "what has happened, so that we can decide quickly")
    pending = pending_deferral(inspection)
    if pending is not None:
        raise WrongState(
            f"You have already asked to defer this inspection (on {govuk_date(pending.requested_at)}); "
            "we will tell you our decision"
        )
    today = working_days.today()
    # The decision is due within the configured working days, but before the inspection would start: by the
    # working day before its first day on site, or today when the request comes that day (a school called
    # today for tomorrow hears today).
    decide_by = max(
        today,
        min(
            working_days.add_working_days(today, settings.FAIRINSPECT["DEFERRAL_DECISION_WORKING_DAYS"]),
            working_days.add_working_days(inspection.starts_on, -1),
        ),
    )
    request = DeferralRequest.objects.create(
        inspection=inspection,
        requested_by=actor,
        ground=ground,
        details=details,
        requested_at=working_days.now(),
        decide_by=decide_by,
    )
    _record(
        inspection,
        "deferral_requested",
        actor=actor,
        before_state=inspection.state,
        after={"request": request.pk, "ground": ground, "decide_by": decide_by},
    )
    # Locked, so that an offer being withdrawn at this moment either grants this request first or not at all.
    offer = offers_granting(DeferralGround(ground), today).select_for_update().first()
    if offer is not None:
        request.granted_by_offer = offer
        _decide(
            request,
            inspection,
            grant=True,
            reason=f"Granted under our standing offer: {offer.description}",
            actor=None,
            actor_label=f"standing offer {offer.pk}",
        )
    return request


def _decide(request: DeferralRequest, inspection: Inspection, *, grant: bool, reason: str, actor, actor_label=None) -> None:
    request.decision = Decision.GRANTED if grant else Decision.REFUSED
    request.decided_by = actor
    request.decided_at = working_days.now()
    request.decision_reason = reason
    request.save()
    after = {"request": request.pk, "decision": request.decision}
    if request.granted_by_offer_id:
        after["offer"] = request.granted_by_offer_id
    if grant:
        _move(inspection, State.DEFERRED, "deferral_granted", actor=actor, after=after, reason=reason, actor_label=actor_label)
    else:
        _record(inspection, "deferral_refused", actor=actor, before_state=inspection.state, after=after, reason=reason)
    email_after_commit(*messages.deferral_decision(request), _school_emails(inspection))
    if grant:
        email_after_commit(*messages.deferred_or_cancelled(inspection, reason, deferred=True), _team_emails(inspection))


@transaction.atomic
def decide_deferral(*, actor, request: DeferralRequest, grant: bool, reason: str) -> DeferralRequest:
    inspection = _locked(request.inspection)
    _check_permission(actor, Action.DECIDE_DEFERRAL, inspection)
    request = DeferralRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if request.decision != Decision.PENDING:
        raise WrongState(
            f"This request was already decided: {request.get_decision_display().lower()} on "
            f"{govuk_date(request.decided_at)}"
        )
    _check_state(Action.DECIDE_DEFERRAL, inspection)
    reason = _required_text(reason, "reason", "the reason for your decision: the school will read it")
    request.inspection = inspection
    _decide(request, inspection, grant=grant, reason=reason, actor=actor)
    return request


@transaction.atomic
def create_blanket_offer(
    *, actor, ground: DeferralGround, starts_on: date, ends_on: date, description: str
) -> BlanketDeferralOffer:
    if not manages_deferrals(actor):
        raise NotPermitted("Only a scheduler or an administrator can make a standing offer to defer.")
    if ground not in DeferralGround.values:
        raise InvalidRequest("Choose the ground the offer grants", field="ground")
    description = _required_text(description, "description", "what the offer is, as schools will read it")
    if ends_on < starts_on:
        raise InvalidRequest("The offer must end on or after the day it starts", field="ends_on")
    if ends_on < working_days.today():
        raise InvalidRequest("The offer must not end in the past", field="ends_on")
    offer = BlanketDeferralOffer.objects.create(
        ground=ground, starts_on=starts_on, ends_on=ends_on, description=description, created_by=actor
    )
    record_event(
        actor=actor,
        action="deferral_offer.created",
        obj=offer,
        after={"ground": ground, "starts_on": starts_on, "ends_on": ends_on, "description": description},
    )
    return offer


@transaction.atomic
def withdraw_blanket_offer(*, actor, offer: BlanketDeferralOffer) -> BlanketDeferralOffer:
    if not manages_deferrals(actor):
        raise NotPermitted("Only a scheduler or an administrator can withdraw a standing offer to defer.")
    offer = BlanketDeferralOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.withdrawn_at is not None:
        raise WrongState(f"This offer was already withdrawn on {govuk_date(offer.withdrawn_at)}")
    offer.withdrawn_at = working_days.now()
    offer.save(update_fields=["withdrawn_at"])
    record_event(actor=actor, action="deferral_offer.withdrawn", obj=offer, after={"withdrawn_at": offer.withdrawn_at})
    return offer


# Pauses.


def _pause_until(start: date, until: date | None) -> date:
    """The day a pause begun on `start` ends by: the next working day unless said, at most the limit."""
    if until is None:
        return working_days.next_working_day(start)
    latest = working_days.add_working_days(start, settings.FAIRINSPECT["PAUSE_MAX_WORKING_DAYS"])
    if until <= start:
        raise InvalidRequest("A pause must last until a later day", field="until")
    _working_day(until, "until", "The day the pause ends")
    if until > latest:
        raise InvalidRequest(
            f"A pause lasts at most {settings.FAIRINSPECT['PAUSE_MAX_WORKING_DAYS']} working days: "
            f"it must end by {govuk_date(latest)}",
            field="until",
        )
    return until


def _open_pause(inspection: Inspection) -> Pause:
    return Pause.objects.select_for_update(of=("self",)).get(inspection=inspection, ended_at__isnull=True)


@transaction.atomic
def pause_inspection(*, actor, inspection: Inspection, ground: PauseGround, note: str = "", until: date | None = None) -> Pause:
    """The lead inspector pauses on-site work, or the headteacher asks for a pause: it takes effect at once,
    and a duty decision-maker confirms it. Keep the note short: no names or health details."""
    inspection = _begin(actor, Action.PAUSE, inspection)
    if ground not in PERSON_PAUSE_GROUNDS:
        raise InvalidRequest("Choose why the inspection is being paused", field="ground")
    note = (note or "").strip()
    if len(note) > Pause._meta.get_field("note").max_length:
        raise InvalidRequest("Keep the note to 200 characters or fewer: no names or health details", field="note")
    until = _pause_until(working_days.today(), until)
    pause = Pause.objects.create(
        inspection=inspection,
        ground=ground,
        note=note,
        paused_by=PausedBy.LEAD_INSPECTOR if is_lead_of(actor, inspection) else PausedBy.HEADTEACHER,
        requested_by=actor,
        started_at=working_days.now(),
        until=until,
    )
    _move(
        inspection,
        State.PAUSED,
        "paused",
        actor=actor,
        after={"pause": pause.pk, "ground": ground, "paused_by": pause.paused_by, "until": until},
    )
    email_after_commit(*messages.pause_to_confirm(inspection, pause), _duty_emails() + _team_emails(inspection))
    return pause


@transaction.atomic
def confirm_pause(*, actor, inspection: Inspection, until: date | None = None) -> Pause:
    inspection = _begin(actor, Action.CONFIRM_PAUSE, inspection)
    pause = _open_pause(inspection)
    if pause.paused_by == PausedBy.NATIONAL_HALT:
        raise WrongState("A pause for a national halt needs no confirmation: it lasts until the halt is lifted")
    if pause.confirmed_at is not None:
        raise WrongState(f"This pause was already confirmed on {govuk_date(pause.confirmed_at)}")
    if until is not None:
        pause.until = _pause_until(timezone.localdate(pause.started_at), until)
    pause.confirmed_by = actor
    pause.confirmed_at = working_days.now()
    pause.save()
    _record(inspection, "pause_confirmed", actor=actor, before_state=inspection.state, after={"pause": pause.pk, "until": pause.until})
    return pause


def _end_pause(inspection: Inspection, ending: PauseEnding) -> Pause | None:
    pause = inspection.pauses.select_for_update(of=("self",)).filter(ended_at__isnull=True).first()
    if pause is not None:
        pause.ended_at = working_days.now()
        pause.ending = ending
        pause.save(update_fields=["ended_at", "ending"])
    return pause


@transaction.atomic
def resume_inspection(*, actor, inspection: Inspection) -> Inspection:
    """On-site work goes on; the working days the pause took are added to the end of the inspection."""
    inspection = _begin(actor, Action.RESUME, inspection)
    pause = _end_pause(inspection, PauseEnding.RESUMED)
    lost = working_days.working_days_between(timezone.localdate(pause.started_at), working_days.today())
    previous_end = inspection.ends_on
    inspection.ends_on = working_days.add_working_days(previous_end, lost)
    inspection.told_ends_on = inspection.ends_on
    _move(
        inspection, State.ON_SITE, "resumed", actor=actor, after={"pause": pause.pk, "ends_on": inspection.ends_on, "previous_ends_on": previous_end}
    )
    email_after_commit(*messages.resumed(inspection), _school_emails(inspection) + _team_emails(inspection))
    return inspection


@transaction.atomic
def defer_inspection(*, actor, inspection: Inspection, reason: str) -> Inspection:
    """The inspection goes back into planning, to be given new dates: a notified one that cannot go ahead
    on its dates (a halt, a lead falling ill), or a paused one whose pause ends that way."""
    inspection = _begin(actor, Action.DEFER, inspection)
    reason = _required_text(reason, "reason", "the reason for deferring the inspection")
    pending = pending_deferral(inspection)
    if pending is not None:
        raise WrongState(
            f"The school asked to defer this inspection on {govuk_date(pending.requested_at)}: "
            "decide its request instead (granting it defers the inspection)"
        )
    after = {}
    pause = _end_pause(inspection, PauseEnding.DEFERRED)
    if pause is not None:
        after["pause"] = pause.pk
    inspection = _move(inspection, State.DEFERRED, "deferred", actor=actor, after=after, reason=reason)
    _email_deferred_or_cancelled(inspection, reason, deferred=True)
    return inspection


@transaction.atomic
def cancel_inspection(*, actor, inspection: Inspection, reason: str) -> Inspection:
    inspection = _begin(actor, Action.CANCEL, inspection)
    reason = _required_text(reason, "reason", "the reason for cancelling the inspection")
    after = {}
    pause = _end_pause(inspection, PauseEnding.CANCELLED)
    if pause is not None:
        after["pause"] = pause.pk
    pending = pending_deferral(inspection)
    if pending is not None:
        pending.decision = Decision.LAPSED
        pending.decided_by = actor
        pending.decided_at = working_days.now()
        pending.decision_reason = "The inspection was cancelled."
        pending.save()
        after["deferral_request_lapsed"] = pending.pk
    inspection = _move(inspection, State.CANCELLED, "cancelled", actor=actor, after=after, reason=reason)
    _email_deferred_or_cancelled(inspection, reason, deferred=False)
    return inspection


def _email_deferred_or_cancelled(inspection: Inspection, reason: str, *, deferred: bool) -> None:
    """Tell the team, and the school if it was ever told of the inspection: in the dates it was told."""
    email_after_commit(*messages.deferred_or_cancelled(inspection, reason, deferred=deferred), _team_emails(inspection))
    if inspection.school_told_at is not None:
        email_after_commit(
            *messages.deferred_or_cancelled(inspection, reason, deferred=deferred, to_school=True),
            _school_emails(inspection),
        )


# National halts.


@transaction.atomic
def halt_inspections(*, actor, reason: str) -> NationalHalt:
    """Halt every inspection: nothing is notified, started or resumed while it lasts, and every inspection
    on site now is paused (each with its own audit event)."""
    if not halts_inspections(actor):
        raise NotPermitted("Only an administrator can halt inspections nationally.")
    reason = _required_text(reason, "reason", "the reason for the halt: everyone will see it")
    switch = _lock_halt_switch()
    if switch.current_halt is not None:
        raise WrongState(f"Inspections are already halted (since {govuk_date(switch.current_halt.started_at)})")
    now = working_days.now()
    halt = NationalHalt.objects.create(reason=reason, started_by=actor, started_at=now)
    switch.current_halt = halt
    switch.save(update_fields=["current_halt"])
    on_site = (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("school", "framework")
        .filter(state=State.ON_SITE)
        .order_by("pk")
    )
    paused = []
    for inspection in on_site:
        pause = Pause.objects.create(
            inspection=inspection,
            ground=PauseGround.NATIONAL_HALT,
            paused_by=PausedBy.NATIONAL_HALT,
            halt=halt,
            started_at=now,
        )
        _move(inspection, State.PAUSED, "paused", actor=actor, after={"pause": pause.pk, "halt": halt.pk}, reason=f"National halt: {reason}")
        paused.append(inspection.pk)
    record_event(actor=actor, action="national_halt.started", obj=halt, after={"reason": reason, "paused": paused}, reason=reason)
    return halt


@transaction.atomic
def lift_halt(*, actor, reason: str) -> NationalHalt:
    """End the halt. Nothing resumes by itself: each paused inspection's lead or a duty decision-maker resumes it."""
    if not halts_inspections(actor):
        raise NotPermitted("Only an administrator can lift a national halt.")
    reason = _required_text(reason, "reason", "the reason for lifting the halt")
    switch = _lock_halt_switch()
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
    record_event(actor=actor, action="national_halt.lifted", obj=halt, after={"still_paused": still_paused}, reason=reason)
    return halt
