"""Inspectors over JSON, for the people who plan inspections (and each inspector's own record)."""

from datetime import date

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from fairinspect.api_errors import CHANGE_ERROR_RESPONSES, SIGNED_IN_ERROR_RESPONSES
from fairinspect.api_inputs import Pages, ReasonIn, Text
from fairinspect.core.errors import NotPermitted
from fairinspect.workforce import services
from fairinspect.workforce.models import Inspector
from fairinspect.workforce.selectors import can_see_every_inspector, inspector_list, inspectors_visible_to

router = Router(tags=["inspectors"], auth=django_auth)


class TrainingOut(Schema):
    course: str = Field(alias="course.code")
    title: str = Field(alias="course.title")
    completed_on: date
    expires_on: date | None


class InspectorSummary(Schema):
    id: int
    reference: str
    name: str
    kind: str
    phases: list[str]
    may_lead: bool
    load_cap_per_term: int
    withdrawn_on: date | None


class InspectorOut(InspectorSummary):
    own_school_urn: int | None = Field(alias="own_school_id")
    withdrawal_reason: str
    training: list[TrainingOut]

    @staticmethod
    def resolve_training(inspector: Inspector):
        return list(inspector.training.select_related("course"))


def _visible(request, inspector_id: int) -> Inspector:
    inspector = inspectors_visible_to(request.user).filter(pk=inspector_id).first()
    if inspector is None:
        raise Http404(f"No inspector {inspector_id} that you can see")
    return inspector


@router.get("/inspectors", response={200: list[InspectorSummary], **SIGNED_IN_ERROR_RESPONSES}, url_name="inspectors")
@paginate(Pages, page_size=50)
def list_inspectors(request, q: Text = ""):
    if not can_see_every_inspector(request.user):
        raise NotPermitted("Only schedulers, duty decision-makers and administrators can list inspectors.")
    return inspector_list(q)


@router.get("/inspectors/{inspector_id}", response={200: InspectorOut, **SIGNED_IN_ERROR_RESPONSES}, url_name="inspector")
def inspector_detail(request, inspector_id: int):
    return _visible(request, inspector_id)


@router.post("/inspectors/{inspector_id}/withdraw", response={200: InspectorOut, **CHANGE_ERROR_RESPONSES}, url_name="inspector-withdraw")
def withdraw(request, inspector_id: int, data: ReasonIn):
    return services.withdraw_inspector(actor=request.user, inspector=_visible(request, inspector_id), reason=data.reason)


@router.post("/inspectors/{inspector_id}/reinstate", response={200: InspectorOut, **CHANGE_ERROR_RESPONSES}, url_name="inspector-reinstate")
def reinstate(request, inspector_id: int, data: ReasonIn):
    return services.reinstate_inspector(actor=request.user, inspector=_visible(request, inspector_id), reason=data.reason)
