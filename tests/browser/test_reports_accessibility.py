"""The report's pages meet WCAG 2.2 AA as axe-core sees them in Chromium, as strictly as every other page: the
draft at the factual-accuracy check (the school's comments and the lead's answers on it), the comment form sent
with errors, the quality assurer's page, and the public report card (a school in a category of concern, a replaced
version, a visit's letter), each built through the services."""

import pytest
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.inspections.models import Kind, State
from fairinspect.reports import services
from tests.browser.axe import assert_accessible_and_scripted
from tests.factories import make_user
from tests.grading.factories import lead_user
from tests.reports.walk import walk_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_pages(browser_page, axe_source, make_inspection, subtests):
    quality_assurer = make_user(Role.QUALITY_ASSURER, first_name="Quinn", last_name="Assurer")
    checking = make_inspection(State.ON_SITE)
    school_user = make_user(Role.SCHOOL_USER, school=checking.school, is_headteacher=True)
    checking = walk_to(checking, "factual_accuracy_check", school_user=school_user, quality_assurer=quality_assurer)
    services.request_review(actor=school_user, inspection=checking, reason="Leadership is stronger than that.")
    at_qa = walk_to(make_inspection(State.ON_SITE), "quality_assurance", quality_assurer=quality_assurer)
    concern = walk_to(
        make_inspection(State.ON_SITE), "published", quality_assurer=quality_assurer,
        grades={"leadership-and-governance": "urgent-improvement", "curriculum-and-teaching": "urgent-improvement"},
    )  # fmt: skip
    services.amend_report(actor=quality_assurer, inspection=concern, reason="A date corrected.", next_steps="Act now.")
    letter = walk_to(make_inspection(State.ON_SITE, kind=Kind.VISIT), "published", quality_assurer=quality_assurer)
    number = concern.report.inspection_number
    pages = {
        "the draft at the factual-accuracy check, as the school": (school_user, reverse("reports:report", args=[checking.pk])),
        "the draft with comments to answer, as the lead": (lead_user(checking), reverse("reports:report", args=[checking.pk])),
        "commenting on the draft": (school_user, reverse("reports:comment", args=[checking.pk])),
        "answering a comment": (
            lead_user(checking),
            reverse("reports:answer", args=[checking.pk, checking.report.comments.first().pk]),
        ),
        "the report at quality assurance": (quality_assurer, reverse("reports:report", args=[at_qa.pk])),
        "reports under way": (quality_assurer, reverse("reports:under-way")),
        "a report card in a category of concern": (None, reverse("reports:card", args=[number])),
        "a replaced version of a report card": (None, reverse("reports:card-version", args=[number, 1])),
        "a visit's letter": (None, reverse("reports:card", args=[letter.report.inspection_number])),
    }
    for name, (user, path) in pages.items():
        with subtests.test(name):
            if user is None:
                browser_page.page.context.clear_cookies()  # the public, signed out
            else:
                browser_page.sign_in(user)
            browser_page.open(path)
            assert_accessible_and_scripted(browser_page, axe_source, name)


def test_the_comment_form_sent_with_errors(browser_page, axe_source, make_inspection):
    inspection = make_inspection(State.ON_SITE)
    school_user = make_user(Role.SCHOOL_USER, school=inspection.school)
    inspection = walk_to(inspection, "factual_accuracy_check", school_user=school_user)
    browser_page.sign_in(school_user)
    page = browser_page.open(reverse("reports:comment", args=[inspection.pk]))
    with page.expect_navigation():
        page.get_by_role("button", name="Send the comment", exact=True).click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose the section of the report your comment is about" in summary and "Enter your comment" in summary
    assert_accessible_and_scripted(browser_page, axe_source, "the comment form sent with errors")
