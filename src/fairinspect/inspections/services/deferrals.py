"""Deferrals: a school's request and the scheduling team's decision, standing offers to defer, and deferring an
inspection that cannot go ahead on its dates."""

from datetime import date

from django.conf import settings

from fairinspect.accounts.permissions import MANAGE_DEFERRALS, require
from fairinspect.audit.services import public_service, record_event
from fairinspect.core import working_days
from fairinspect.core.actors import Actor
from fairinspect.core.email import email_after_commit
from fairinspect.core.errors import InvalidRequest, WrongState
from fairinspect.core.formatting import govuk_date
from fairinspect.core.text import LINE, REASON
from fairinspect.inspections import messages
from fairinspect.inspections.lifecycle import Action, Transition, transition
from fairinspect.inspections.models import (
    BlanketDeferralOffer,
    Decision,
    DeferralGround,
    DeferralRequest,
    Inspection,
    InspectionEvent,
    LifecycleEvent,
    PauseEnding,
)
from fairinspect.inspections.selectors import offers_granting
from fairinspect.inspections.services._helpers import (
    end_pause,
    school_emails,
    team_emails,
    tell_deferred_or_cancelled,
)


@public_service
def request_deferral(*, actor: Actor, inspection: Inspection, ground: DeferralGround, details: str) -> DeferralRequest:
    """A school's request to defer, before on-site work starts. A standing offer on its ground grants it at once."""
    step = transition(actor=actor, action=Action.REQUEST_DEFERRAL, inspection=inspection)
    assert actor is not None  # only a user of the school may ask, so the system was refused
    inspection = step.inspection
    if ground not in DeferralGround.values:
        raise InvalidRequest("Choose why you are asking to defer the inspection", field="ground")
    details = REASON.clean(details, field="details", what="what has happened")
    today = working_days.today()
    # The decision is due within the configured working days, but before the inspection would start: by the
    # working day before its first day on site, or the day the request comes when that is later (a school called
    # today for tomorrow hears today; one asking at the weekend for Monday, on Monday before on-site work starts).
    decide_by = max(
        today if working_days.is_working_day(today) else working_days.next_working_day(today),
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
    step.write(after={"request": request.pk, "ground": ground, "decide_by": decide_by})
    # Locked, so that an offer being withdrawn at this moment either grants this request first or not at all.
    offer = offers_granting(DeferralGround(ground), today).select_for_update().first()
    if offer is not None:
        request.granted_by_offer = offer
        _decide(
            request,
            transition(actor=actor, action=Action.GRANT_BY_STANDING_OFFER, inspection=inspection),
            grant=True,
            reason=f"Granted under our standing offer: {offer.description}",
            recorded_as=f"standing offer {offer.pk}",
        )
    return request


def _decide(request: DeferralRequest, step: Transition, *, grant: bool, reason: str, recorded_as=None) -> None:
    inspection = step.inspection
    request.inspection = inspection
    request.decision = Decision.GRANTED if grant else Decision.REFUSED
    request.decided_by = None if recorded_as else step.actor
    request.decided_at = working_days.now()
    request.decision_reason = reason
    request.save()
    after = {"request": request.pk, "decision": request.decision}
    if request.granted_by_offer_id:
        after["offer"] = request.granted_by_offer_id
    step.write(
        after=after,
        reason=reason,
        recorded_as=recorded_as,
        to=True if grant else None,
        event=InspectionEvent.DEFERRAL_GRANTED if grant else InspectionEvent.DEFERRAL_REFUSED,
    )
    email_after_commit(*messages.deferral_decision(request), school_emails(inspection))
    if grant:
        email_after_commit(*messages.deferred_or_cancelled(inspection, reason, deferred=True), team_emails(inspection))


def _already_decided(request: DeferralRequest) -> WrongState:
    return WrongState(
        f"This request was already decided: {request.get_decision_display().lower()} on "
        f"{govuk_date(request.decided_at)}"
    )


@public_service
def decide_deferral(*, actor: Actor, request: DeferralRequest, grant: bool, reason: str) -> DeferralRequest:
    try:
        step = transition(actor=actor, action=Action.DECIDE_DEFERRAL, inspection=request.inspection)
    except WrongState:
        # A granted request has moved its inspection on: say so, rather than that the inspection is deferred.
        stored = DeferralRequest.objects.get(pk=request.pk)
        if stored.decision != Decision.PENDING:
            raise _already_decided(stored) from None
        raise
    request = DeferralRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if request.decision != Decision.PENDING:
        raise _already_decided(request)
    reason = REASON.clean(reason, field="reason", what="the reason for your decision")
    _decide(request, step, grant=grant, reason=reason)
    return request


@public_service
def defer_inspection(*, actor: Actor, inspection: Inspection, reason: str) -> Inspection:
    """The inspection goes back into planning, to be given new dates: a notified one that cannot go ahead
    on its dates (a halt, a lead falling ill), or a paused one whose pause ends that way."""
    step = transition(actor=actor, action=Action.DEFER, inspection=inspection)
    inspection = step.inspection
    reason = REASON.clean(reason, field="reason", what="the reason for deferring the inspection")
    after = {}
    pause = end_pause(inspection, PauseEnding.DEFERRED)
    if pause is not None:
        after["pause"] = pause.pk
    step.write(after=after, reason=reason)
    tell_deferred_or_cancelled(inspection, reason, deferred=True)
    return inspection


@public_service
def create_blanket_offer(
    *, actor: Actor, ground: DeferralGround, starts_on: date, ends_on: date, description: str
) -> BlanketDeferralOffer:
    require(actor, MANAGE_DEFERRALS, "make a standing offer to defer")
    assert actor is not None  # the system holds no role, so it was refused
    if ground not in DeferralGround.values:
        raise InvalidRequest("Choose the ground the offer grants", field="ground")
    description = LINE.clean(description, field="description", what="what the offer is")
    if ends_on < starts_on:
        raise InvalidRequest("The offer must end on or after the day it starts", field="ends_on")
    if ends_on < working_days.today():
        raise InvalidRequest("The offer must not end in the past", field="ends_on")
    offer = BlanketDeferralOffer.objects.create(
        ground=ground, starts_on=starts_on, ends_on=ends_on, description=description, created_by=actor
    )
    record_event(
        actor=actor,
        action=LifecycleEvent.OFFER_CREATED,
        obj=offer,
        after={"ground": ground, "starts_on": starts_on, "ends_on": ends_on, "description": description},
    )
    return offer


@public_service
def withdraw_blanket_offer(*, actor: Actor, offer: BlanketDeferralOffer) -> BlanketDeferralOffer:
    require(actor, MANAGE_DEFERRALS, "withdraw a standing offer to defer")
    offer = BlanketDeferralOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.withdrawn_at is not None:
        raise WrongState(f"This offer was already withdrawn on {govuk_date(offer.withdrawn_at)}")
    offer.withdrawn_at = working_days.now()
    offer.save(update_fields=["withdrawn_at"])
    record_event(actor=actor, action=LifecycleEvent.OFFER_WITHDRAWN, obj=offer, after={"withdrawn_at": offer.withdrawn_at})
    return offer
