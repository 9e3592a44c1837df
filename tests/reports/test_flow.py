"""A report from the feedback meeting to publication, each step through its service: who may take it, when, what
it writes, and the published record it joins."""

import pytest
from django.core import mail

from fairinspect.accounts.roles import Role
from fairinspect.audit.models import AuditEvent
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.inspections.models import InspectionEvent, Kind, State
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.outcomes.selectors import published_history
from fairinspect.reports import services
from fairinspect.reports.hooks import publication_holds
from fairinspect.reports.models import Answer, ReportVersion
from fairinspect.reports.selectors import published_report, publication_date
from tests import factories
from tests.grading.factories import lead_user
from tests.reports.walk import SECRET


def test_a_published_report_joins_the_record_the_historic_imports_are_in(report_at, quality_assurer):
    inspection, _ = report_at("published")
    assert inspection.state == State.PUBLISHED
    version = published_report(inspection)
    assert version is not None and version.number == 1 and publication_date(inspection) is not None
    row = HistoricOutcome.objects.get(inspection_number=version.report.inspection_number)
    assert row.urn == inspection.school_id and row.has_report_card and row.version == 1
    assert row.grades and all(grade == "expected-standard" for grade in row.grades.values())
    (shown,) = [item for item in published_history(inspection.school) if item.inspection_number == row.inspection_number]
    assert shown.report_card_url == f"/reports/{row.inspection_number}/"
    assert [area.grade_code for area in shown.area_grades] == list(row.grades.values())
    assert AuditEvent.objects.filter(action=InspectionEvent.PUBLISHED, object_id=str(inspection.pk)).count() == 1


def test_the_pdf_is_made_after_the_publication_commits(report_at, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inspection, _ = report_at("published")
    version = published_report(inspection)
    assert version is not None
    version.refresh_from_db()
    assert version.pdf.name.endswith(".pdf") and version.pdf.read(5) == b"%PDF-"


def test_nothing_is_published_before_quality_assurance(report_at, quality_assurer):
    inspection, _ = report_at("factual_accuracy_check")
    with pytest.raises(WrongState):
        services.publish_report(actor=quality_assurer, inspection=inspection)
    assert not ReportVersion.objects.exists() and not HistoricOutcome.objects.filter(has_report_card=True).exists()


def test_only_quality_assurance_publishes(report_at):
    inspection, school_user = report_at("quality_assurance")
    for actor in (lead_user(inspection), school_user, factories.make_user(Role.SCHEDULER)):
        with pytest.raises(NotPermitted):
            services.publish_report(actor=actor, inspection=inspection)


def test_a_pilot_is_never_published(report_at, quality_assurer):
    inspection, _ = report_at("quality_assurance", kind=Kind.PILOT)
    with pytest.raises(WrongState, match="pilot"):
        services.publish_report(actor=quality_assurer, inspection=inspection)
    assert not HistoricOutcome.objects.filter(urn=inspection.school_id).exists()


def test_a_publication_hold_stops_publishing_in_its_own_words(report_at, quality_assurer, monkeypatch):
    inspection, _ = report_at("quality_assurance")
    monkeypatch.setattr(publication_holds, "_items", [lambda held: "a complaint is being investigated"])
    with pytest.raises(WrongState, match="a complaint is being investigated"):
        services.publish_report(actor=quality_assurer, inspection=inspection)
    assert published_report(inspection) is None


def test_the_school_cannot_comment_after_its_window(report_at, clock):
    inspection, school_user = report_at("factual_accuracy_check")
    clock.advance(days=14)
    with pytest.raises(WrongState, match="time for comments ended"):
        services.comment_on_facts(actor=school_user, inspection=inspection, section="next-steps", text="Too late.")


def test_quality_assurance_waits_for_every_comment_to_be_answered(report_at):
    inspection, school_user = report_at("factual_accuracy_check")
    services.finish_commenting(actor=school_user, inspection=inspection)
    with pytest.raises(WrongState, match="1 comment waits"):
        services.send_to_quality_assurance(actor=lead_user(inspection), inspection=inspection)


def test_an_answer_needs_a_reason(report_at):
    inspection, _ = report_at("factual_accuracy_check")
    comment = inspection.report.comments.get()
    with pytest.raises(InvalidRequest, match="reason"):
        services.answer_comment(actor=lead_user(inspection), inspection=inspection, comment_id=comment.pk, accepted=False, reason=" ")
    comment.refresh_from_db()
    assert comment.answer == Answer.PENDING


def test_a_review_is_decided_by_a_senior_inspector_who_was_not_on_the_team(report_at, django_capture_on_commit_callbacks):
    inspection, school_user = report_at("factual_accuracy_check")
    services.request_review(actor=school_user, inspection=inspection, reason="Leadership is better than that.")
    senior = factories.make_user(Role.DUTY_DECISION_MAKER)
    with pytest.raises(NotPermitted):
        services.decide_review(actor=lead_user(inspection), inspection=inspection, upheld=False, reason="No.")
    with django_capture_on_commit_callbacks(execute=True):
        review = services.decide_review(actor=senior, inspection=inspection, upheld=False, reason="The evidence holds.")
    assert review.decided_by == senior
    assert [message.to for message in mail.outbox] == [[school_user.email]] and "decided" in mail.outbox[0].subject


def test_quality_assurance_returns_the_report_to_the_lead_who_sends_it_back(report_at, quality_assurer):
    inspection, _ = report_at("returned")
    assert inspection.state == State.DRAFT_REPORT and "reading" in inspection.report.quality_assurance_comments
    services.send_to_quality_assurance(actor=lead_user(inspection), inspection=inspection)
    inspection.refresh_from_db()
    assert inspection.state == State.QUALITY_ASSURANCE


def test_an_amendment_is_a_new_version_and_the_old_one_stays_readable_marked_replaced(report_at, quality_assurer):
    inspection, _ = report_at("published")
    version = services.amend_report(
        actor=quality_assurer, inspection=inspection, reason="A complaint was upheld in part.", next_steps="Read more."
    )
    assert version.number == 2 and version.content["next_steps"] == "Read more."
    first = ReportVersion.objects.get(report=version.report, number=1)
    assert first.replaced_at is not None and first.content["next_steps"] == "Read more widely."
    assert HistoricOutcome.objects.get(inspection_number=version.report.inspection_number).version == 2


def test_a_visit_publishes_a_letter_with_no_grade_and_no_scale_word(report_at, quality_assurer):
    inspection, _ = report_at("published", kind=Kind.VISIT)
    version = published_report(inspection)
    assert version is not None and version.content["is_letter"] and version.content["areas"] == []
    with pytest.raises(InvalidRequest, match="Good"):
        services.amend_report(actor=quality_assurer, inspection=inspection, reason="Typo.", letter="The school is good.")
    assert SECRET in version.content["letter"]
