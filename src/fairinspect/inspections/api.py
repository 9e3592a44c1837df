"""The inspection lifecycle over JSON: the same services and visibility rules as the pages.

Signed-in users only (the session, with Django's CSRF token on every change). An inspection the user may
not see is 404; an action they may not take is 403, one the state does not allow 409, bad data 422, each
with a `detail` message (and, for an ineligible inspector, every reason in `reasons`).
"""

from datetime import date, datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from fairinspect.accounts.decorators import api_requires
from fairinspect.accounts.permissions import MANAGE_DEFERRALS
from fairinspect.core import working_days
from fairinspect.core.text import LINE, REASON, SHORT_NOTE
from fairinspect.frameworks.models import Framework
from fairinspect.inspections import services
from fairinspect.inspections.lifecycle import allowed_actions
from fairinspect.inspections.models import BlanketDeferralOffer, DeferralGround, DeferralRequest, Inspection, Kind, PauseGround, State
from fairinspect.inspections.selectors import (
    active_halt,
    blanket_offers,
    deferral_queue,
    inspections_visible_to,
    is_overdue,
    on_site_time,
    team_of,
)
from fairinspect.web.api_errors import CHANGE_ERROR_RESPONSES, SIGNED_IN_ERROR_RESPONSES
from fairinspect.web.api_inputs import Pages, ReasonIn, Text
from fairinspect.schools.models import School
from fairinspect.workforce.models import Inspector

router = Router(tags=["inspections"], auth=django_auth)


class TeamMemberOut(Schema):
    inspector_id: int
    reference: str = Field(alias="inspector.reference")
    name: str = Field(alias="inspector.name")
    is_lead: bool


class InspectionSummary(Schema):
    id: int
    school_urn: int = Field(alias="school_id")
    school_name: str = Field(alias="school.name")
    kind: Kind
    framework: str = Field(alias="framework.code")
    state: State
    # A school is given the dates it was told: new dates stay the inspectorate's until the school is notified.
    starts_on: date = Field(alias="shown_starts_on")
    ends_on: date = Field(alias="shown_ends_on")


class InspectionOut(InspectionSummary):
    school_told_at: datetime | None
    started_at: datetime | None
    minutes_on_site: int = Field(description="Time on site since on-site work started, not counting pauses.")
    team: list[TeamMemberOut]
    actions: list[str] = Field(description="What the signed-in user may do to it now.")

    @staticmethod
    def resolve_minutes_on_site(inspection: Inspection) -> int:
        return int(on_site_time(inspection, list(inspection.pauses.all()), working_days.now()).total_seconds() // 60)

    @staticmethod
    def resolve_team(inspection: Inspection):
        return list(team_of(inspection))

    @staticmethod
    def resolve_actions(inspection: Inspection, context) -> list[str]:
        return [str(action) for action in allowed_actions(context["request"].user, inspection, active_halt())]


class PlanIn(Schema):
    school_urn: int
    framework: Text = Field(description="A framework code, e.g. report-card-2025.")
    kind: Kind
    starts_on: date
    ends_on: date | None = None


class AssignIn(Schema):
    inspector_id: int
    as_lead: bool = False


class DeferralRequestIn(Schema):
    ground: DeferralGround
    details: Text = Field(description=f"What has happened: at most {REASON.limit:,} characters.")


class DeferralRequestOut(Schema):
    id: int
    inspection_id: int
    school_name: str = Field(alias="inspection.school.name")
    ground: DeferralGround
    details: str
    requested_at: datetime
    decide_by: date
    decision: str
    decision_reason: str
    overdue: bool

    @staticmethod
    def resolve_overdue(request: DeferralRequest) -> bool:
        return is_overdue(request)


class DecisionIn(Schema):
    grant: bool
    reason: Text


class PauseIn(Schema):
    ground: PauseGround
    note: Text = Field(
        "", description=f"For the duty decision-maker and the lead only: no names or health details. One line, at "
        f"most {SHORT_NOTE.limit} characters."
    )
    until: date | None = None


class PauseUntilIn(Schema):
    until: date | None = None


class ReplanIn(Schema):
    starts_on: date
    ends_on: date | None = None


class OfferIn(Schema):
    ground: DeferralGround
    starts_on: date
    ends_on: date
    description: Text = Field(description=f"What the offer is, as schools will read it: one line, at most {LINE.limit} characters.")


class OfferOut(Schema):
    id: int
    ground: DeferralGround
    starts_on: date
    ends_on: date
    description: str
    withdrawn_at: datetime | None


class HaltOut(Schema):
    halted: bool
    reason: str = ""
    started_at: datetime | None = None


class InspectionFilters(Schema):
    state: State | None = None


def _visible(request, inspection_id: int) -> Inspection:
    inspection = inspections_visible_to(request.user).filter(pk=inspection_id).first()
    if inspection is None:
        raise Http404(f"No inspection {inspection_id} that you can see")
    return inspection


def _stored(request, inspection: Inspection) -> Inspection:
    """The inspection as stored now and as the user may see it, for the response (a service may have changed it)."""
    return inspections_visible_to(request.user).get(pk=inspection.pk)


@router.get("/inspections", response={200: list[InspectionSummary], **SIGNED_IN_ERROR_RESPONSES}, url_name="inspections")
@paginate(Pages, page_size=50)
def list_inspections(request, filters: Query[InspectionFilters]):
    inspections = inspections_visible_to(request.user).order_by("starts_on", "pk")
    return inspections.filter(state=filters.state) if filters.state else inspections


@router.post("/inspections", response={201: InspectionOut, **CHANGE_ERROR_RESPONSES}, url_name="inspections")
def plan_inspection(request, data: PlanIn):
    school = School.objects.filter(urn=data.school_urn).first()
    framework = Framework.objects.filter(code=data.framework).first()
    if school is None or framework is None:
        raise Http404(f"No school has URN {data.school_urn}" if school is None else f"No framework {data.framework!r}")
    inspection = services.plan_inspection(
        actor=request.user, school=school, framework=framework, kind=data.kind, starts_on=data.starts_on, ends_on=data.ends_on
    )
    return Status(201, _stored(request, inspection))


@router.get("/inspections/{inspection_id}", response={200: InspectionOut, **SIGNED_IN_ERROR_RESPONSES}, url_name="inspection")
def inspection_detail(request, inspection_id: int):
    return _visible(request, inspection_id)


@router.post("/inspections/{inspection_id}/team", response={200: InspectionOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-team")
def assign(request, inspection_id: int, data: AssignIn):
    inspection = _visible(request, inspection_id)
    inspector = get_object_or_404(Inspector, pk=data.inspector_id)
    services.assign_inspector(actor=request.user, inspection=inspection, inspector=inspector, as_lead=data.as_lead)
    return _stored(request, inspection)


@router.delete("/inspections/{inspection_id}/team/{inspector_id}", response={200: InspectionOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-team-member")
def unassign(request, inspection_id: int, inspector_id: int):
    inspection = _visible(request, inspection_id)
    inspector = get_object_or_404(Inspector.objects.select_related("user"), pk=inspector_id)
    services.unassign_inspector(actor=request.user, inspection=inspection, inspector=inspector)
    return _stored(request, inspection)


@router.post("/inspections/{inspection_id}/notify", response={200: InspectionOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-notify")
def notify(request, inspection_id: int):
    return _stored(request, services.notify_school(actor=request.user, inspection=_visible(request, inspection_id)))


@router.post("/inspections/{inspection_id}/start", response={200: InspectionOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-start")
def start(request, inspection_id: int):
    return _stored(request, services.start_inspection(actor=request.user, inspection=_visible(request, inspection_id)))


@router.post(
    "/inspections/{inspection_id}/deferral-requests", response={201: DeferralRequestOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-deferral-requests"
)
def request_deferral(request, inspection_id: int, data: DeferralRequestIn):
    inspection = _visible(request, inspection_id)
    created = services.request_deferral(actor=request.user, inspection=inspection, ground=data.ground, details=data.details)
    return Status(201, DeferralRequest.objects.select_related("inspection__school").get(pk=created.pk))


@router.post("/inspections/{inspection_id}/pause", response={200: InspectionOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-pause")
def pause(request, inspection_id: int, data: PauseIn):
    inspection = _visible(request, inspection_id)
    services.pause_inspection(actor=request.user, inspection=inspection, ground=data.ground, note=data.note, until=data.until)
    return _stored(request, inspection)


@router.post("/inspections/{inspection_id}/pause/confirm", response={200: InspectionOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-pause-confirm")
def confirm_pause(request, inspection_id: int, data: PauseUntilIn):
    inspection = _visible(request, inspection_id)
    services.confirm_pause(actor=request.user, inspection=inspection, until=data.until)
    return _stored(request, inspection)


@router.post("/inspections/{inspection_id}/resume", response={200: InspectionOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-resume")
def resume(request, inspection_id: int):
    return _stored(request, services.resume_inspection(actor=request.user, inspection=_visible(request, inspection_id)))


@router.post("/inspections/{inspection_id}/defer", response={200: InspectionOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-defer")
def defer(request, inspection_id: int, data: ReasonIn):
    inspection = _visible(request, inspection_id)
    return _stored(request, services.defer_inspection(actor=request.user, inspection=inspection, reason=data.reason))


@router.post("/inspections/{inspection_id}/replan", response={200: InspectionOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-replan")
def replan(request, inspection_id: int, data: ReplanIn):
    inspection = _visible(request, inspection_id)
    replanned = services.replan_inspection(actor=request.user, inspection=inspection, starts_on=data.starts_on, ends_on=data.ends_on)
    return _stored(request, replanned)


@router.post("/inspections/{inspection_id}/cancel", response={200: InspectionOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-cancel")
def cancel(request, inspection_id: int, data: ReasonIn):
    inspection = _visible(request, inspection_id)
    return _stored(request, services.cancel_inspection(actor=request.user, inspection=inspection, reason=data.reason))


# The deferral queue and standing offers.


@router.get("/deferral-requests", response={200: list[DeferralRequestOut], **SIGNED_IN_ERROR_RESPONSES}, url_name="deferral-requests")
@api_requires(MANAGE_DEFERRALS, "see the requests to defer")
def pending_deferrals(request):
    return list(deferral_queue())


@router.post("/deferral-requests/{request_id}/decision", response={200: DeferralRequestOut, **CHANGE_ERROR_RESPONSES}, url_name="deferral-decision")
def decide(request, request_id: int, data: DecisionIn):
    deferral = DeferralRequest.objects.filter(
        pk=request_id, inspection__in=inspections_visible_to(request.user)
    ).first()
    if deferral is None:
        raise Http404(f"No request {request_id} that you can see")
    services.decide_deferral(actor=request.user, request=deferral, grant=data.grant, reason=data.reason)
    return DeferralRequest.objects.select_related("inspection__school").get(pk=deferral.pk)


@router.get("/deferral-offers", response={200: list[OfferOut], **SIGNED_IN_ERROR_RESPONSES}, url_name="deferral-offers")
@api_requires(MANAGE_DEFERRALS, "see the standing offers to defer")
def list_offers(request):
    return list(blanket_offers())


@router.post("/deferral-offers", response={201: OfferOut, **CHANGE_ERROR_RESPONSES}, url_name="deferral-offers")
def make_offer(request, data: OfferIn):
    return Status(201, services.create_blanket_offer(actor=request.user, **data.dict()))


@router.post("/deferral-offers/{offer_id}/withdraw", response={200: OfferOut, **CHANGE_ERROR_RESPONSES}, url_name="deferral-offer-withdraw")
@api_requires(MANAGE_DEFERRALS, "withdraw a standing offer to defer")
def withdraw_offer(request, offer_id: int):
    offer = get_object_or_404(BlanketDeferralOffer, pk=offer_id)
    return services.withdraw_blanket_offer(actor=request.user, offer=offer)


# National halts.


def _halt_out() -> dict:
    halt = active_halt()
    if halt is None:
        return {"halted": False}
    return {"halted": True, "reason": halt.reason, "started_at": halt.started_at}


@router.get("/national-halt", response={200: HaltOut, **SIGNED_IN_ERROR_RESPONSES}, url_name="national-halt")
def halt_status(request):
    return _halt_out()


@router.post("/national-halt", response={200: HaltOut, **CHANGE_ERROR_RESPONSES}, url_name="national-halt")
def halt(request, data: ReasonIn):
    services.halt_inspections(actor=request.user, reason=data.reason)
    return _halt_out()


@router.post("/national-halt/lift", response={200: HaltOut, **CHANGE_ERROR_RESPONSES}, url_name="national-halt-lift")
def lift(request, data: ReasonIn):
    services.lift_halt(actor=request.user, reason=data.reason)
    return _halt_out()
