"""Concerns and complaints over JSON: the same services and visibility rules as the pages. A concern or complaint
the user may not see is 404; a change they may not make 403, one its stage does not allow 409, bad data 422."""

from datetime import date, datetime

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from fairinspect.complaints import actions, selectors, services
from fairinspect.complaints.models import ActionKind, Complaint, Concern, Outcome
from fairinspect.core.text import REASON
from fairinspect.grading.services import Judgement
from fairinspect.inspections.models import Inspection
from fairinspect.inspections.selectors import inspections_visible_to
from fairinspect.web.api_errors import CHANGE_ERROR_RESPONSES, SIGNED_IN_ERROR_RESPONSES
from fairinspect.web.api_inputs import Text

router = Router(tags=["complaints"], auth=django_auth)


class ConcernIn(Schema):
    details: Text = Field(description=f"The concern: at most {REASON.limit:,} characters.")


class ConcernAnswerIn(Schema):
    response: Text = Field(description=f"The answer the school reads: at most {REASON.limit:,} characters.")


class ConcernOut(Schema):
    id: int
    inspection_id: int
    school_name: str = Field(alias="inspection.school.name")
    raised_at: datetime
    details: str
    respond_by: date = Field(description="The working day by the end of which it is answered.")
    response: str
    responded_at: datetime | None
    overdue: bool

    @staticmethod
    def resolve_overdue(concern: Concern) -> bool:
        return selectors.is_concern_overdue(concern)


class ComplaintIn(Schema):
    grounds: Text = Field(description=f"The complaint: at most {REASON.limit:,} characters.")


class DecisionIn(Schema):
    outcome: Outcome
    reason: Text = Field(description=f"The reasons the school reads: at most {REASON.limit:,} characters.")


class ComplaintOut(Schema):
    id: int
    inspection_id: int
    school_name: str = Field(alias="inspection.school.name")
    made_at: datetime
    grounds: str
    respond_by: date
    holds_publication: bool = Field(description="Whether it holds the report's publication now.")
    outcome: Outcome | None
    outcome_reason: str
    decided_at: datetime | None
    escalated_at: datetime | None
    overdue: bool

    @staticmethod
    def resolve_holds_publication(complaint: Complaint) -> bool:
        return complaint.holds_publication and complaint.hold_released_at is None

    @staticmethod
    def resolve_outcome(complaint: Complaint) -> Outcome | None:
        return Outcome(complaint.outcome) if complaint.outcome else None

    @staticmethod
    def resolve_overdue(complaint: Complaint) -> bool:
        return selectors.is_complaint_overdue(complaint)


def _inspection(request, inspection_id: int) -> Inspection:
    inspection = inspections_visible_to(request.user).filter(pk=inspection_id).first()
    if inspection is None:
        raise Http404(f"No inspection {inspection_id} that you can see")
    return inspection


def _concern(request, concern_id: int) -> Concern:
    concern = selectors.concerns_visible_to(request.user).filter(pk=concern_id).first()
    if concern is None:
        raise Http404(f"No concern {concern_id} that you can see")
    return concern


def _complaint(request, complaint_id: int) -> Complaint:
    complaint = selectors.complaints_visible_to(request.user).filter(pk=complaint_id).first()
    if complaint is None:
        raise Http404(f"No complaint {complaint_id} that you can see")
    return complaint


@router.get("/concerns", response={200: list[ConcernOut], **SIGNED_IN_ERROR_RESPONSES}, url_name="concerns")
def list_concerns(request):
    """The concerns you may see: your school's, those routed to you, or (complaints staff) all; soonest due first."""
    return list(selectors.concerns_visible_to(request.user))


@router.post(
    "/inspections/{inspection_id}/concerns", response={201: ConcernOut, **CHANGE_ERROR_RESPONSES},
    url_name="inspection-concerns",
)  # fmt: skip
def raise_concern(request, inspection_id: int, data: ConcernIn):
    concern = services.raise_concern(actor=request.user, inspection=_inspection(request, inspection_id), details=data.details)
    return Status(201, _concern(request, concern.pk))


@router.get("/concerns/{concern_id}", response={200: ConcernOut, **SIGNED_IN_ERROR_RESPONSES}, url_name="concern")
def concern_detail(request, concern_id: int):
    return _concern(request, concern_id)


@router.post("/concerns/{concern_id}/answer", response={200: ConcernOut, **CHANGE_ERROR_RESPONSES}, url_name="concern-answer")
def answer_concern(request, concern_id: int, data: ConcernAnswerIn):
    concern = services.answer_concern(actor=request.user, concern=_concern(request, concern_id), response=data.response)
    return _concern(request, concern.pk)


@router.get("/complaints", response={200: list[ComplaintOut], **SIGNED_IN_ERROR_RESPONSES}, url_name="complaints")
def list_complaints(request):
    """The complaints you may see (your school's, or all for complaints staff), soonest deadline first."""
    return list(selectors.complaints_visible_to(request.user))


@router.post(
    "/inspections/{inspection_id}/complaints", response={201: ComplaintOut, **CHANGE_ERROR_RESPONSES},
    url_name="inspection-complaints",
)  # fmt: skip
def make_complaint(request, inspection_id: int, data: ComplaintIn):
    complaint = services.make_complaint(actor=request.user, inspection=_inspection(request, inspection_id), grounds=data.grounds)
    return Status(201, _complaint(request, complaint.pk))


@router.get("/complaints/{complaint_id}", response={200: ComplaintOut, **SIGNED_IN_ERROR_RESPONSES}, url_name="complaint")
def complaint_detail(request, complaint_id: int):
    return _complaint(request, complaint_id)


@router.post(
    "/complaints/{complaint_id}/decision", response={200: ComplaintOut, **CHANGE_ERROR_RESPONSES},
    url_name="complaint-decision",
)  # fmt: skip
def decide(request, complaint_id: int, data: DecisionIn):
    complaint = services.decide_complaint(
        actor=request.user, complaint=_complaint(request, complaint_id), outcome=data.outcome, reason=data.reason
    )
    return _complaint(request, complaint.pk)


class AmendmentIn(Schema):
    reason: Text = Field(description=f"Why the report is amended, published with it: at most {REASON.limit:,} characters.")
    pupil_experience: Text | None = Field(None, description="The new words, or null to keep them as published.")
    next_steps: Text | None = Field(None, description="The new words, or null to keep them as published.")
    letter: Text | None = Field(None, description="A visit's letter, or null to keep it as published.")


class JudgementIn(Schema):
    holds: bool = Field(description="Whether the criterion is met (an indicator: found).")
    cites: list[int] = Field([], description="Ids of the evidence records of this inspection and area it cites.")


class RegradeIn(Schema):
    area_code: Text
    judgements: dict[str, JudgementIn] = Field(description="Each criterion of the area judged again, by its code.")
    reason: Text = Field(description=f"Why the grade changes: at most {REASON.limit:,} characters.")


class ActionOut(Schema):
    id: int
    kind: ActionKind
    details: str
    taken_at: datetime
    report_version: int | None = Field(None, alias="report_version.number")
    area_code: str


@router.post(
    "/complaints/{complaint_id}/amendment", response={201: ActionOut, **CHANGE_ERROR_RESPONSES},
    url_name="complaint-amendment",
)  # fmt: skip
def amend(request, complaint_id: int, data: AmendmentIn):
    """An upheld complaint's action: the published report amended, as a new version."""
    return Status(
        201, actions.amend_report_after_complaint(actor=request.user, complaint=_complaint(request, complaint_id), **data.dict())
    )


@router.post(
    "/complaints/{complaint_id}/regrade", response={201: ActionOut, **CHANGE_ERROR_RESPONSES},
    url_name="complaint-regrade",
)  # fmt: skip
def regrade(request, complaint_id: int, data: RegradeIn):
    """An upheld complaint's action: an area's grade changed by judging its criteria again, under the grading rules."""
    judgements = {code: Judgement(holds=item.holds, cites=item.cites) for code, item in data.judgements.items()}
    action = actions.regrade_after_complaint(
        actor=request.user, complaint=_complaint(request, complaint_id), area_code=data.area_code, judgements=judgements,
        reason=data.reason,
    )  # fmt: skip
    return Status(201, action)


@router.post(
    "/complaints/{complaint_id}/escalation", response={200: ComplaintOut, **CHANGE_ERROR_RESPONSES},
    url_name="complaint-escalation",
)  # fmt: skip
def escalate(request, complaint_id: int, data: ComplaintIn):
    complaint = services.escalate_complaint(actor=request.user, complaint=_complaint(request, complaint_id), grounds=data.grounds)
    return _complaint(request, complaint.pk)
