"""Reports over JSON. A published report card is open to everyone (`/report-cards/…`); a report under embargo
(`/inspections/{id}/report`) only to those its page is, with the same 404 for everyone else, so nothing shows
that an unpublished report exists. Each change is the page's service."""

from datetime import date, datetime

from ninja import Field, Router, Schema
from ninja.security import django_auth
from django.urls import reverse

from fairinspect.core.text import REASON
from fairinspect.reports import services
from fairinspect.reports.models import Answer, ReviewDecision
from fairinspect.reports.selectors import (
    card_content,
    card_version_or_404,
    comments_on,
    embargoed_inspection_or_404,
    publication_target,
    report_of,
)
from fairinspect.web.api_errors import CHANGE_ERROR_RESPONSES, ERROR_RESPONSES, SIGNED_IN_ERROR_RESPONSES
from fairinspect.web.api_inputs import Text

public = Router(tags=["report cards"])
router = Router(tags=["reports"], auth=django_auth)


class SchoolContextOut(Schema):
    urn: int
    name: str
    kind: str
    ages: str
    pupils: int | None
    local_authority: str


class AreaOut(Schema):
    code: str
    title: str
    grade_code: str
    grade: str
    meaning: str = Field(description="What the grade means, in plain words.")
    rationale: str


class SafeguardingOut(Schema):
    code: str
    label: str
    met: bool
    meaning: str


class CategoryOut(Schema):
    code: str
    title: str


class CardOut(Schema):
    is_letter: bool = Field(description="A visit's letter to parents: no grades at all.")
    kind: str
    framework: str
    starts_on: date
    ends_on: date
    school: SchoolContextOut
    areas: list[AreaOut] = Field(description="Each area's grade on its own: there is no overall grade.")
    safeguarding: SafeguardingOut | None
    category: CategoryOut | None = Field(description="The category of concern, if the school is in one.")
    pupil_experience: str
    next_steps: str
    letter: str


class ReportCardOut(Schema):
    inspection_number: str
    version: int
    published_at: datetime
    replaced_at: datetime | None = Field(description="Set when a newer version replaced this one.")
    amendment_reason: str
    pdf_url: str | None = Field(description="The PDF, once made (it is made just after publication).")
    card: CardOut


def _card_out(request, version) -> ReportCardOut:
    number = version.report.inspection_number
    return ReportCardOut(
        inspection_number=number,
        version=version.number,
        published_at=version.published_at,
        replaced_at=version.replaced_at,
        amendment_reason=version.amendment_reason,
        pdf_url=reverse("reports:card-pdf", args=[number, version.number]) if version.pdf else None,
        card=CardOut.model_validate(version.content),
    )


@public.get("/report-cards/{inspection_number}", response={200: ReportCardOut, **ERROR_RESPONSES}, url_name="report-card")
def report_card(request, inspection_number: str):
    """The current version of a published report card (or a visit's letter)."""
    return _card_out(request, card_version_or_404(inspection_number))


@public.get(
    "/report-cards/{inspection_number}/versions/{number}",
    response={200: ReportCardOut, **ERROR_RESPONSES},
    url_name="report-card-version",
)
def report_card_version(request, inspection_number: str, number: int):
    """One published version, current or replaced."""
    return _card_out(request, card_version_or_404(inspection_number, number))


class CommentOut(Schema):
    id: int
    section: str
    text: str
    made_at: datetime
    answer: Answer
    answer_reason: str


class ReviewOut(Schema):
    id: int
    reason: str
    requested_at: datetime
    decision: ReviewDecision
    decision_reason: str


class ReportOut(Schema):
    inspection_id: int
    state: str
    publication_target: date
    comments_due_on: date | None
    published_at: datetime | None
    inspection_number: str
    draft: CardOut | None
    comments: list[CommentOut]
    reviews: list[ReviewOut]


def _report_out(inspection) -> ReportOut:
    report = report_of(inspection)
    return ReportOut(
        inspection_id=inspection.pk,
        state=inspection.state,
        publication_target=publication_target(inspection),
        comments_due_on=report.comments_due_on if report else None,
        published_at=report.published_at if report else None,
        inspection_number=report.inspection_number if report else "",
        draft=CardOut.model_validate(card_content(inspection, report)) if report else None,
        comments=[CommentOut.model_validate(comment) for comment in comments_on(report)] if report else [],
        reviews=[ReviewOut.model_validate(review) for review in report.review_requests.all()] if report else [],
    )


@router.get("/inspections/{inspection_id}/report", response={200: ReportOut, **SIGNED_IN_ERROR_RESPONSES}, url_name="inspection-report")
def inspection_report(request, inspection_id: int):
    """The report under embargo: for the school (from the feedback meeting on), the team, quality assurers and the
    staff who see every inspection. 404 for anyone else."""
    return _report_out(embargoed_inspection_or_404(request.user, inspection_id))


class CommentIn(Schema):
    section: Text = Field(description="The section's code: an area's code, pupil-experience, next-steps, …")
    text: Text = Field(description=f"At most {REASON.limit:,} characters.")


@router.post(
    "/inspections/{inspection_id}/report/comments",
    response={201: CommentOut, **CHANGE_ERROR_RESPONSES},
    url_name="inspection-report-comments",
)
def comment(request, inspection_id: int, data: CommentIn):
    """The school comments on one section of the draft, in its factual-accuracy window."""
    inspection = embargoed_inspection_or_404(request.user, inspection_id)
    return 201, services.comment_on_facts(actor=request.user, inspection=inspection, section=data.section, text=data.text)


@router.post(
    "/inspections/{inspection_id}/report/publish",
    response={200: ReportOut, **CHANGE_ERROR_RESPONSES},
    url_name="inspection-report-publish",
)
def publish(request, inspection_id: int):
    """Quality assurance approves and publishes the report."""
    inspection = embargoed_inspection_or_404(request.user, inspection_id)
    services.publish_report(actor=request.user, inspection=inspection)
    return _report_out(inspection)
