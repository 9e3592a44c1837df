"""Inspectors over JSON, for the people who plan inspections (and each inspector's own record)."""

from datetime import date

from django.db.models import Manager, Model, QuerySet
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from fairinspect.web.api_errors import CHANGE_ERROR_RESPONSES, SIGNED_IN_ERROR_RESPONSES
from fairinspect.web.api_inputs import Pages, ReasonIn, Text
from fairinspect.accounts.decorators import api_requires
from fairinspect.accounts.permissions import SEE_EVERY_INSPECTION
from fairinspect.core.text import LINE, SHORT_NOTE
from fairinspect.schools.models import School, Trust
from fairinspect.workforce import services
from fairinspect.workforce.models import Inspector
from fairinspect.workforce.selectors import inspector_list, inspectors_visible_to, training_courses

router = Router(tags=["inspectors"], auth=django_auth)


class TrainingOut(Schema):
    id: int
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
    may_lead: bool = Field(alias="may_lead_today", description="Whether they may lead an inspection starting today.")
    last_worked_as_hmi_on: date | None = Field(description="An Ofsted Inspector's HMI experience, which counts as recent for some years.")
    load_cap_per_term: int
    withdrawn_on: date | None


class UnavailabilityOut(Schema):
    id: int
    starts_on: date
    ends_on: date
    reason: str


class ConflictOut(Schema):
    id: int
    school_urn: int | None = Field(alias="school_id")
    trust_code: int | None = Field(alias="trust_id")
    reason: str
    declared_on: date


class SchoolWorkedAtOut(Schema):
    id: int
    school_urn: int = Field(alias="school_id")
    started_on: date
    left_on: date | None = Field(description="None while they still work there.")


class InspectorOut(InspectorSummary):
    own_school_urn: int | None = Field(alias="own_school_id")
    withdrawal_reason: str
    training: list[TrainingOut]
    unavailability: list[UnavailabilityOut]
    declared_conflicts: list[ConflictOut]
    schools_worked_at: list[SchoolWorkedAtOut]

    @staticmethod
    def resolve_training(inspector: Inspector):
        return list(inspector.training.select_related("course"))


def _visible(request, inspector_id: int) -> Inspector:
    inspector = inspectors_visible_to(request.user).filter(pk=inspector_id).first()
    if inspector is None:
        raise Http404(f"No inspector {inspector_id} that you can see")
    return inspector


@router.get("/inspectors", response={200: list[InspectorSummary], **SIGNED_IN_ERROR_RESPONSES}, url_name="inspectors")
@api_requires(SEE_EVERY_INSPECTION, "list inspectors")
@paginate(Pages, page_size=50)
def list_inspectors(request, q: Text = ""):
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


# An inspector's record: adding to it and putting it right. The services say who may (403 otherwise).


class TrainingIn(Schema):
    course: Text = Field(description="The code of a course a framework requires, e.g. mental-health-awareness.")
    completed_on: date
    expires_on: date | None = None


class UnavailabilityIn(Schema):
    starts_on: date
    ends_on: date
    reason: Text = Field("", description=f"A few words, at most {SHORT_NOTE.limit} characters, on one line.")


class ConflictIn(Schema):
    school_urn: int | None = Field(None, description="The school, or else trust_code: one of the two.")
    trust_code: int | None = Field(None, description="The trust's group UID in Get Information about Schools.")
    reason: Text = Field(description=f"At most {LINE.limit} characters, on one line.")


class SchoolWorkedAtIn(Schema):
    school_urn: int
    started_on: date
    left_on: date | None = None


class LeftSchoolIn(Schema):
    left_on: date


def _record_of[R: Model](records: Manager[R] | QuerySet[R], record_id: int, what: str) -> R:
    record = records.filter(pk=record_id).first()
    if record is None:
        raise Http404(f"No {what} {record_id} of this inspector")
    return record


def _school(urn: int) -> School:
    school = School.objects.filter(urn=urn).first()
    if school is None:
        raise Http404(f"No school has URN {urn}")
    return school


@router.post(
    "/inspectors/{inspector_id}/training", response={201: TrainingOut, **CHANGE_ERROR_RESPONSES},
    url_name="inspector-training",
)
def record_training(request, inspector_id: int, data: TrainingIn):
    inspector = _visible(request, inspector_id)
    course = training_courses().filter(code=data.course).first()
    if course is None:
        raise Http404(f"No course {data.course!r} that a framework requires")
    record = services.record_training(
        actor=request.user, inspector=inspector, course=course, completed_on=data.completed_on,
        expires_on=data.expires_on,
    )  # fmt: skip
    return Status(201, record)


@router.post(
    "/inspectors/{inspector_id}/training/{training_id}/remove",
    response={200: InspectorOut, **CHANGE_ERROR_RESPONSES}, url_name="inspector-training-remove",
)
def remove_training(request, inspector_id: int, training_id: int, data: ReasonIn):
    inspector = _visible(request, inspector_id)
    record = _record_of(inspector.training.select_related("course"), training_id, "training record")
    services.remove_training(actor=request.user, record=record, reason=data.reason)
    return inspector


@router.post(
    "/inspectors/{inspector_id}/unavailability", response={201: UnavailabilityOut, **CHANGE_ERROR_RESPONSES},
    url_name="inspector-unavailability",
)
def add_unavailability(request, inspector_id: int, data: UnavailabilityIn):
    inspector = _visible(request, inspector_id)
    return Status(201, services.add_unavailability(actor=request.user, inspector=inspector, **data.dict()))


@router.delete(
    "/inspectors/{inspector_id}/unavailability/{unavailability_id}",
    response={200: InspectorOut, **CHANGE_ERROR_RESPONSES}, url_name="inspector-unavailability-period",
)
def remove_unavailability(request, inspector_id: int, unavailability_id: int):
    inspector = _visible(request, inspector_id)
    period = _record_of(inspector.unavailability, unavailability_id, "period of unavailability")
    services.remove_unavailability(actor=request.user, period=period)
    return inspector


@router.post(
    "/inspectors/{inspector_id}/conflicts", response={201: ConflictOut, **CHANGE_ERROR_RESPONSES},
    url_name="inspector-conflicts",
)
def declare_conflict(request, inspector_id: int, data: ConflictIn):
    inspector = _visible(request, inspector_id)
    school = _school(data.school_urn) if data.school_urn is not None else None
    trust = None
    if data.trust_code is not None:
        trust = Trust.objects.filter(code=data.trust_code).first()
        if trust is None:
            raise Http404(f"No trust has the number {data.trust_code}")
    conflict = services.declare_conflict(
        actor=request.user, inspector=inspector, school=school, trust=trust, reason=data.reason
    )
    return Status(201, conflict)


@router.post(
    "/inspectors/{inspector_id}/conflicts/{conflict_id}/withdraw",
    response={200: InspectorOut, **CHANGE_ERROR_RESPONSES}, url_name="inspector-conflict-withdraw",
)
def withdraw_conflict(request, inspector_id: int, conflict_id: int, data: ReasonIn):
    inspector = _visible(request, inspector_id)
    conflict = _record_of(inspector.declared_conflicts, conflict_id, "declared conflict")
    services.withdraw_conflict(actor=request.user, conflict=conflict, reason=data.reason)
    return inspector


@router.post(
    "/inspectors/{inspector_id}/schools-worked-at", response={201: SchoolWorkedAtOut, **CHANGE_ERROR_RESPONSES},
    url_name="inspector-schools-worked-at",
)
def record_school_worked_at(request, inspector_id: int, data: SchoolWorkedAtIn):
    inspector = _visible(request, inspector_id)
    worked = services.record_school_worked_at(
        actor=request.user, inspector=inspector, school=_school(data.school_urn), started_on=data.started_on,
        left_on=data.left_on,
    )  # fmt: skip
    return Status(201, worked)


@router.post(
    "/inspectors/{inspector_id}/schools-worked-at/{school_worked_at_id}/left",
    response={200: SchoolWorkedAtOut, **CHANGE_ERROR_RESPONSES}, url_name="inspector-school-left",
)
def record_leaving_school(request, inspector_id: int, school_worked_at_id: int, data: LeftSchoolIn):
    inspector = _visible(request, inspector_id)
    worked = _record_of(inspector.schools_worked_at, school_worked_at_id, "school they worked at")
    return services.record_leaving_school(actor=request.user, worked=worked, left_on=data.left_on)
