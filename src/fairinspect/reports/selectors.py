"""Reads of reports, and the embargo: who may read an inspection's report before it is published.

Until publication a report, its draft and its grades are readable only by the school (from the feedback meeting
on), the team, quality assurers and the staff who see every inspection (`may_read_embargoed`). A published report
card is public, read from the frozen copy of the version published (`ReportVersion.content`), never from the
live draft, so nothing written after publication reaches the public until a new version is published.
"""

import operator
from dataclasses import dataclass
from functools import reduce
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from fairinspect.accounts.permissions import ACT_FOR_A_SCHOOL, INSPECT, QUALITY_ASSURE, SEE_EVERY_INSPECTION, holds
from fairinspect.accounts.selectors import schools_of
from fairinspect.core import working_days
from fairinspect.core.formatting import govuk_period
from fairinspect.grading.selectors import outcome_of
from fairinspect.inspections.models import Inspection, Kind, State, TeamMember
from fairinspect.outcomes.selectors import PublishedInspection, published_history
from fairinspect.reports.models import Answer, FactualAccuracyComment, Report, ReportVersion, ReviewDecision, ReviewRequest

# The states in which an inspection has grades or a report the school may read: from the feedback meeting on.
SCHOOL_READS_FROM = frozenset(
    {State.FEEDBACK_GIVEN, State.DRAFT_REPORT, State.FACTUAL_ACCURACY_CHECK, State.QUALITY_ASSURANCE, State.PUBLISHED}
)
# The states of a report being written, checked and approved: embargoed, and counted against the target.
REPORT_UNDER_WAY = frozenset(
    {State.FEEDBACK_GIVEN, State.DRAFT_REPORT, State.FACTUAL_ACCURACY_CHECK, State.QUALITY_ASSURANCE}
)
# The narrative sections of a draft, which the school may comment on beside each area's grade and rationale.
NARRATIVE_SECTIONS = {
    "pupil-experience": "What it is like to be a pupil here",
    "next-steps": "What the school should do next",
    "safeguarding": "Safeguarding",
    "category": "Category of concern",
}
LETTER_SECTIONS = {"letter": "Letter to parents"}


def embargoed_reports_visible_to(user) -> QuerySet[Inspection]:
    """The inspections whose unpublished report (draft, grades, comments) this user may read."""
    inspections = Inspection.objects.select_related("school", "framework")
    if holds(user, SEE_EVERY_INSPECTION) or holds(user, QUALITY_ASSURE):
        return inspections
    seen: list[Q | Exists] = []
    if holds(user, INSPECT):
        seen.append(Exists(TeamMember.objects.filter(inspection=OuterRef("pk"), inspector__user=user)))
    if holds(user, ACT_FOR_A_SCHOOL):
        seen.append(Q(school__in=schools_of(user), state__in=SCHOOL_READS_FROM))
    if not seen:
        return inspections.none()
    return inspections.filter(reduce(operator.or_, seen))


def may_read_embargoed(user, inspection: Inspection) -> bool:
    return embargoed_reports_visible_to(user).filter(pk=inspection.pk).exists()


def embargoed_inspection_or_404(user, inspection_id: int) -> Inspection:
    """The inspection, if this user may read its report before publication; otherwise 404, as if it did not exist."""
    inspection = embargoed_reports_visible_to(user).filter(pk=inspection_id).first()
    if inspection is None:
        raise Http404("No such inspection report")
    return inspection


def report_of(inspection: Inspection) -> Report | None:
    return Report.objects.filter(inspection=inspection).first()


def publication_target(inspection: Inspection) -> date:
    """The day the report is due to be published by: the configured working days after the last day on site."""
    return working_days.add_working_days(inspection.ends_on, settings.FAIRINSPECT["PUBLICATION_TARGET_WORKING_DAYS"])


def is_letter(inspection: Inspection) -> bool:
    """A visit publishes a letter to parents rather than a report card with grades."""
    return inspection.kind == Kind.VISIT or not inspection.framework.is_graded


def school_context(inspection: Inspection) -> dict[str, Any]:
    school = inspection.school
    ages = (
        f"{school.statutory_low_age} to {school.statutory_high_age}"
        if school.statutory_low_age is not None and school.statutory_high_age is not None
        else ""
    )
    return {
        "urn": school.urn,
        "name": school.name,
        "kind": school.kind_in_words,
        "type": school.type_name,
        "ages": ages,
        "pupils": school.number_of_pupils,
        "local_authority": school.local_authority.name if school.local_authority else "",
        "town": school.town,
    }


def card_content(inspection: Inspection, report: Report) -> dict[str, Any]:
    """Everything a report card (or a visit's letter) shows, as the draft stands now: what publication freezes.

    A letter carries no grade, no safeguarding judgement and no category, so no word of the scale can appear."""
    content: dict[str, Any] = {
        "inspection_id": inspection.pk,
        "kind": inspection.kind,
        "kind_label": inspection.get_kind_display(),
        "is_letter": is_letter(inspection),
        "framework": inspection.framework.title,
        "starts_on": inspection.starts_on.isoformat(),
        "ends_on": inspection.ends_on.isoformat(),
        "dates": govuk_period(inspection.starts_on, inspection.ends_on),
        "school": school_context(inspection),
        "areas": [],
        "safeguarding": None,
        "category": None,
        "pupil_experience": "",
        "next_steps": "",
        "letter": "",
    }
    if content["is_letter"]:
        content["letter"] = report.letter
        return content
    outcome = outcome_of(inspection)
    content["areas"] = [
        {
            "code": area.area.code,
            "title": area.area.title,
            "grade_code": area.grade.code,
            "grade": area.grade.label,
            "meaning": area.grade.meaning,
            "rationale": area.rationale,
        }
        for area in outcome.areas
    ]
    if outcome.safeguarding is not None:
        content["safeguarding"] = {
            "code": outcome.safeguarding.code,
            "label": outcome.safeguarding.label,
            "met": outcome.safeguarding.is_satisfactory,
            "meaning": outcome.safeguarding.meaning,
        }
    if outcome.category is not None:
        content["category"] = {"code": outcome.category.code, "title": outcome.category.title}
    content["pupil_experience"] = report.pupil_experience
    content["next_steps"] = report.next_steps
    return content


def card_history(version: ReportVersion) -> list[PublishedInspection]:
    """The school's published inspections shown with a report card, on its page and in its PDF alike. A letter
    stands alone: the school's history would put grades beside it."""
    return [] if version.content["is_letter"] else published_history(version.report.inspection.school)


def sections_of(content: dict[str, Any]) -> dict[str, str]:
    """The sections of a draft the school may comment on, by code: each area, then the narrative."""
    if content["is_letter"]:
        return dict(LETTER_SECTIONS)
    sections = {area["code"]: area["title"] for area in content["areas"]}
    for code, title in NARRATIVE_SECTIONS.items():
        if code == "category" and content["category"] is None:
            continue
        sections[code] = title
    return sections


def comments_on(report: Report) -> QuerySet[FactualAccuracyComment]:
    return report.comments.select_related("made_by", "answered_by")


def unanswered_comments(report: Report) -> QuerySet[FactualAccuracyComment]:
    return report.comments.filter(answer=Answer.PENDING)


def pending_review(report: Report) -> ReviewRequest | None:
    return report.review_requests.filter(decision=ReviewDecision.PENDING).first()


def window_open(report: Report) -> bool:
    """The school may still comment (or ask for a review): within its working days, until it says it has finished."""
    return (
        report.comments_due_on is not None
        and report.school_finished_at is None
        and working_days.today() <= report.comments_due_on
    )


def published_report(inspection: Inspection) -> ReportVersion | None:
    """The current published version of the inspection's report, or None while it is unpublished (or a pilot)."""
    return (
        ReportVersion.objects.filter(report__inspection=inspection, replaced_at__isnull=True)
        .select_related("report")
        .first()
    )


def publication_date(inspection: Inspection) -> datetime | None:
    """When the inspection's final report was first published (an amendment does not move it), or None."""
    return Report.objects.filter(inspection=inspection).values_list("published_at", flat=True).first()


def card_version_or_404(inspection_number: str, number: int | None = None) -> ReportVersion:
    """A published version of a report card, public: the current one, or the one numbered. 404 for anything else,
    so an unpublished report is indistinguishable from none."""
    versions = ReportVersion.objects.filter(report__inspection_number=inspection_number).select_related("report")
    version = versions.filter(number=number).first() if number is not None else versions.filter(replaced_at__isnull=True).first()
    if version is None:
        raise Http404("No published report card has this number")
    return version


def versions_of(report: Report) -> QuerySet[ReportVersion]:
    return report.versions.order_by("-number")


@dataclass(frozen=True)
class ReportDue:
    inspection: Inspection
    target: date
    overdue: bool


def reports_under_way() -> list[ReportDue]:
    """Every inspection whose report is still being written, checked or approved, with the day it is due to be
    published and whether that day has passed, most overdue first: for the staff who see every inspection."""
    today = working_days.today()
    inspections = Inspection.objects.filter(state__in=REPORT_UNDER_WAY).select_related("school", "framework")
    due = [ReportDue(inspection, target := publication_target(inspection), target < today) for inspection in inspections]
    return sorted(due, key=lambda item: (item.target, item.inspection.pk))


def awaiting_quality_assurance() -> QuerySet[Inspection]:
    return Inspection.objects.filter(state=State.QUALITY_ASSURANCE).select_related("school").order_by("ends_on")


def sees_reports_under_way(user) -> bool:
    return holds(user, SEE_EVERY_INSPECTION) or holds(user, QUALITY_ASSURE)
