"""Evidence over JSON: the same services and visibility rules as the pages. An inspection whose evidence the user
may not read is 404 (a visit's firewalled evidence is not found by anyone outside its team); attachments are
uploaded through the page and fetched from their `url`, which applies the same rule."""

from datetime import datetime
from typing import Annotated

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from fairinspect.evidence import services
from fairinspect.evidence.models import EVIDENCE_TEXT, Activity, EvidenceRecord
from fairinspect.evidence.selectors import evidence_of, evidence_visible_to, reads_evidence_of
from fairinspect.inspections.models import Inspection
from fairinspect.web.api_errors import CHANGE_ERROR_RESPONSES, SIGNED_IN_ERROR_RESPONSES
from fairinspect.web.api_inputs import Text

router = Router(tags=["evidence"], auth=django_auth)


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str

    @staticmethod
    def resolve_url(attachment) -> str:
        return reverse("evidence:attachment", args=[attachment.pk])


class EvidenceOut(Schema):
    id: int
    inspection_id: int
    activity: Activity
    area: str = Field(alias="area.code")
    criteria: list[str]
    text: str
    observed_at: datetime
    written_by: str
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_criteria(record: EvidenceRecord) -> list[str]:
        return [criterion.code for criterion in record.criteria.all()]

    @staticmethod
    def resolve_written_by(record: EvidenceRecord) -> str:
        return record.written_by.get_full_name()

    @staticmethod
    def resolve_attachments(record: EvidenceRecord):
        return list(record.attachments.all())


class EvidenceIn(Schema):
    activity: Activity
    area: Text = Field(description="The area's code in the inspection's framework, e.g. inclusion.")
    criteria: list[Annotated[Text, Field(max_length=80)]] = Field([], max_length=50)
    text: Text = Field(description=f"What was found: at most {EVIDENCE_TEXT.limit:,} characters.")
    observed_at: datetime | None = Field(None, description="When the activity took place; now if left out.")


def _readable(request, inspection_id: int) -> Inspection:
    inspection = get_object_or_404(Inspection.objects.select_related("school", "framework"), pk=inspection_id)
    if not reads_evidence_of(request.user, inspection):
        raise Http404("No inspection's evidence here for you")
    return inspection


@router.get("/inspections/{inspection_id}/evidence", response={200: list[EvidenceOut], **SIGNED_IN_ERROR_RESPONSES}, url_name="inspection-evidence")
def list_evidence(request, inspection_id: int):
    return list(evidence_of(request.user, _readable(request, inspection_id)))


@router.post("/inspections/{inspection_id}/evidence", response={201: EvidenceOut, **CHANGE_ERROR_RESPONSES}, url_name="inspection-evidence")
def write_evidence(request, inspection_id: int, data: EvidenceIn):
    inspection = _readable(request, inspection_id)
    record = services.write_evidence(
        actor=request.user, inspection=inspection, activity=data.activity, area_code=data.area, text=data.text,
        criteria=data.criteria, observed_at=data.observed_at,
    )  # fmt: skip
    return Status(201, evidence_of(request.user, inspection).get(pk=record.pk))


@router.get("/evidence/{record_id}", response={200: EvidenceOut, **SIGNED_IN_ERROR_RESPONSES}, url_name="evidence-record")
def evidence_record(request, record_id: int):
    return get_object_or_404(evidence_visible_to(request.user).prefetch_related("criteria", "attachments"), pk=record_id)
