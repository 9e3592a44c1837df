"""Writing evidence on site. Only the inspection's team, only while it is on site: a pause (or a national halt,
which pauses every inspection on site) means stop, and the refusal says so."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.files import File

from fairinspect.audit.services import public_service, record_event
from fairinspect.core import working_days
from fairinspect.core.actors import Actor
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.core.formatting import govuk_date, govuk_datetime
from fairinspect.core.text import LINE
from fairinspect.evidence.models import EVIDENCE_TEXT, Activity, Attachment, EvidenceEvent, EvidenceRecord
from fairinspect.evidence.selectors import is_on_team
from fairinspect.frameworks.models import Area
from fairinspect.inspections.lifecycle import lock_inspection
from fairinspect.inspections.models import Inspection, PausedBy, State
from fairinspect.inspections.selectors import open_pause


@dataclass(frozen=True)
class AttachmentType:
    """A kind of file the team may attach: known by its first bytes, not by what the upload claims to be."""

    label: str
    extensions: tuple[str, ...]
    content_type: str
    starts_with: bytes


# Photographs of work and scanned or saved documents; nothing that runs or holds macros.
ATTACHMENT_TYPES = (
    AttachmentType("PDF", (".pdf",), "application/pdf", b"%PDF-"),
    AttachmentType("JPEG", (".jpg", ".jpeg"), "image/jpeg", b"\xff\xd8\xff"),
    AttachmentType("PNG", (".png",), "image/png", b"\x89PNG\r\n\x1a\n"),
)


def _attachment_type(upload: File) -> AttachmentType:
    name = upload.name or ""
    extension = PurePath(name).suffix.lower()
    allowed = ", ".join(kind.label for kind in ATTACHMENT_TYPES)
    limit = settings.FAIRINSPECT["EVIDENCE_ATTACHMENT_MAX_BYTES"]
    if upload.size is None or upload.size > limit:
        raise InvalidRequest(
            f"{name} is too big: an attachment must be {limit // (1024 * 1024)} MB or smaller", field="attachments"
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind in ATTACHMENT_TYPES:
        if extension in kind.extensions and head.startswith(kind.starts_with):
            return kind
    raise InvalidRequest(f"{name} cannot be attached: attach a {allowed} file", field="attachments")


def _refuse_unless_on_site(inspection: Inspection) -> None:
    if inspection.state == State.ON_SITE:
        return
    if inspection.state == State.PAUSED:
        pause = open_pause(inspection)
        if pause is not None and pause.paused_by == PausedBy.NATIONAL_HALT:
            raise WrongState(
                "Inspections are halted nationally: write no evidence until the halt is lifted and on-site work resumes."
            )
        since = f" since {govuk_datetime(pause.started_at)}" if pause is not None else ""
        raise WrongState(f"This inspection is paused{since}: the pause means stop, so write no evidence until it resumes.")
    raise WrongState(
        f"Evidence is written only while the inspection is on site; it is {inspection.get_state_display().lower()}."
    )


def _observed_at(inspection: Inspection, observed_at: datetime | None) -> datetime:
    now = working_days.now()
    if observed_at is None:
        return now
    if observed_at > now:
        raise InvalidRequest("The time of the activity cannot be in the future", field="observed_at")
    if observed_at.date() < inspection.starts_on:
        raise InvalidRequest(
            f"The activity must have taken place on site, from {govuk_date(inspection.starts_on)}", field="observed_at"
        )
    return observed_at


@public_service
def write_evidence(
    *,
    actor: Actor,
    inspection: Inspection,
    activity: str,
    area_code: str,
    text: str,
    criteria: Sequence[str] = (),
    observed_at: datetime | None = None,
    attachments: Iterable[File] = (),
) -> EvidenceRecord:
    """A team member writes a record of one activity about one area (and any of its criteria) while on site."""
    inspection = lock_inspection(inspection)
    if not is_on_team(actor, inspection):
        raise NotPermitted("Only the team of this inspection can write its evidence.")
    _refuse_unless_on_site(inspection)
    if activity not in Activity.values:
        raise InvalidRequest("Choose the activity", field="activity")
    area = Area.objects.filter(framework=inspection.framework, code=area_code).first()
    if area is None or not area.applies_to(inspection.school):
        raise InvalidRequest("Choose an area this inspection looks at", field="area")
    known = {criterion.code: criterion for criterion in area.criteria.all()}
    unknown = sorted(set(criteria) - set(known))
    if unknown:
        raise InvalidRequest(f"{area.title} has no criterion {', '.join(unknown)}", field="criteria")
    text = EVIDENCE_TEXT.clean(text, field="text", what="what you found")
    observed = _observed_at(inspection, observed_at)
    # Every file is checked before anything is stored, so a refused one leaves nothing behind.
    files = [
        (upload, _attachment_type(upload), LINE.clean(upload.name, field="attachments", what="the file's name"))
        for upload in attachments
    ]
    assert actor is not None  # a team member
    record = EvidenceRecord.objects.create(
        inspection=inspection, activity=activity, area=area, text=text, observed_at=observed,
        written_by=actor, created_at=working_days.now(),
    )  # fmt: skip
    record.criteria.set([known[code] for code in criteria])
    for upload, kind, name in files:
        attachment = Attachment(record=record, name=name, content_type=kind.content_type, size=upload.size or 0)
        attachment.file.save(f"{uuid.uuid4().hex}{kind.extensions[0]}", upload, save=False)
        attachment.save()
    record_event(
        actor=actor,
        action=EvidenceEvent.WRITTEN,
        obj=record,
        after={
            "inspection": inspection.pk, "activity": activity, "area": area.code, "criteria": sorted(criteria),
            "attachments": len(files),
        },
    )  # fmt: skip
    return record
