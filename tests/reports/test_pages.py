"""The report's pages: the public report card (its versions, its PDF, its caching), and the embargoed pages of a
report under way."""

import pytest
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.inspections.models import Kind
from fairinspect.reports import services
from fairinspect.reports.selectors import published_report
from tests import factories
from tests.grading.factories import lead_user
from tests.reports.walk import SECRET


def test_the_report_card_shows_each_area_on_its_own_and_is_kept_by_caches(client, report_at):
    inspection, _ = report_at("published")
    version = published_report(inspection)
    assert version is not None
    response = client.get(reverse("reports:card", args=[version.report.inspection_number]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and response.has_header("ETag")
    assert "Curriculum and teaching" in page and "Expected standard" in page and SECRET in page
    assert "Safeguarding" in page and "Met" in page and "no single word sums up a school" in page
    assert "Overall effectiveness" not in page


def test_a_school_in_a_category_of_concern_is_told_so_on_its_report_card(client, report_at):
    inspection, _ = report_at(
        "published", grades={"leadership-and-governance": "urgent-improvement", "curriculum-and-teaching": "urgent-improvement"}
    )
    version = published_report(inspection)
    assert version is not None and version.content["category"] is not None
    page = client.get(reverse("reports:card", args=[version.report.inspection_number])).content.decode()
    assert version.content["category"]["title"] in page and "category of concern" in page


def test_a_replaced_version_stays_readable_and_says_so(client, report_at, quality_assurer):
    inspection, _ = report_at("published")
    services.amend_report(actor=quality_assurer, inspection=inspection, reason="A fact corrected.", next_steps="Read.")
    number = inspection.report.inspection_number
    old = client.get(reverse("reports:card-version", args=[number, 1])).content.decode()
    assert "This version was replaced" in old and "Read more widely." in old
    current = client.get(reverse("reports:card", args=[number])).content.decode()
    assert "A fact corrected." in current and "This version was replaced" not in current


def test_the_pdf_is_served_once_made(client, report_at, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inspection, _ = report_at("published")
    response = client.get(reverse("reports:card-pdf", args=[inspection.report.inspection_number, 1]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_visits_letter_page_has_no_grade_and_no_history(client, report_at, frameworks):
    inspection, _ = report_at("published", kind=Kind.VISIT)
    page = client.get(reverse("reports:card", args=[inspection.report.inspection_number])).content.decode()
    assert SECRET in page and "letter to parents" in page
    for word in ("standard", "Needs attention", "Urgent improvement", "Exceptional", "Good", "Outstanding", "Inadequate"):
        assert word not in page, word


@pytest.mark.parametrize("stage", ["draft_report", "factual_accuracy_check", "quality_assurance"])
def test_the_draft_is_for_the_school_and_the_team_and_never_kept_by_a_cache(client, report_at, stage):
    inspection, school_user = report_at(stage)
    url = reverse("reports:report", args=[inspection.pk])
    for reader in (school_user, lead_user(inspection), factories.make_user(Role.QUALITY_ASSURER)):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200 and SECRET in response.content.decode()
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    for outsider in (factories.make_user(Role.RESEARCHER), factories.make_user(Role.SCHOOL_USER), factories.make_user(Role.INSPECTOR)):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_the_school_comments_and_the_lead_answers_through_the_pages(client, report_at):
    inspection, school_user = report_at("factual_accuracy_check")
    client.force_login(school_user)
    response = client.post(
        reverse("reports:comment", args=[inspection.pk]), {"section": "next-steps", "text": "We already do this."}
    )
    assert response.status_code == 302
    comment = inspection.report.comments.get(section="next-steps")
    client.force_login(lead_user(inspection))
    page = client.get(reverse("reports:report", args=[inspection.pk])).content.decode()
    assert "We already do this." in page and reverse("reports:answer", args=[inspection.pk, comment.pk]) in page
    response = client.post(
        reverse("reports:answer", args=[inspection.pk, comment.pk]), {"accepted": "no", "reason": "The plan is new."}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.answer == "rejected" and comment.answer_reason == "The plan is new."


def test_staff_see_what_is_overdue(client, report_at, clock):
    inspection, _ = report_at("draft_report")
    clock.advance(days=60)
    client.force_login(factories.make_user(Role.SCHEDULER))
    page = client.get(reverse("reports:under-way")).content.decode()
    assert inspection.school.name in page and "Overdue" in page and "1 report is overdue" in page


def test_the_inspections_page_links_to_its_report_for_those_who_read_it(client, report_at):
    inspection, school_user = report_at("draft_report")
    client.force_login(school_user)
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert reverse("reports:report", args=[inspection.pk]) in page


def test_a_review_upheld_links_the_senior_inspector_to_each_areas_grade_change(client, report_at):
    inspection, school_user = report_at("factual_accuracy_check")
    services.request_review(actor=school_user, inspection=inspection, reason="Leadership is better than that.")
    senior = factories.make_user(Role.DUTY_DECISION_MAKER)
    client.force_login(senior)
    page = reverse("reports:report", args=[inspection.pk])
    change = reverse("grading:regrade", args=[inspection.pk, "inclusion"])
    assert change not in client.get(page).content.decode()
    services.decide_review(actor=senior, inspection=inspection, upheld=True, reason="Leadership is strong.")
    assert change in client.get(page).content.decode()
    client.force_login(lead_user(inspection))  # on the team: no link
    assert change not in client.get(page).content.decode()
