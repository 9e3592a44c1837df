"""The evidence and grading pages meet WCAG 2.2 AA as axe-core sees them in Chromium, as the other signed-in pages
do (tests/browser/test_signed_in_accessibility.py): each in the state that puts the most on it, and the judgement
form sent with a grade its judgements do not support."""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.evidence.services import write_evidence
from fairinspect.inspections.models import Inspection, State
from tests.browser.axe import assert_accessible_and_scripted
from tests.factories import make_school, make_user
from tests.grading.factories import confirm_grades, give_feedback, lead_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass
class Grading:
    on_site: Inspection  # evidence with an attachment, a proposal, inclusion confirmed
    fed_back: Inspection
    headteacher: object


@pytest.fixture
def grading(make_inspection) -> Grading:
    on_site = make_inspection(State.ON_SITE, school=make_school(name="Meadow Infant School"))
    lead = lead_user(on_site)
    write_evidence(
        actor=lead, inspection=on_site, activity="work-scrutiny", area_code="inclusion", criteria=["inc-e3"],
        text="Books show pupils with SEND follow the same ambitious curriculum.",
        attachments=[ContentFile(b"%PDF-1.7 books", name="books.pdf")],
    )  # fmt: skip
    from fairinspect.grading.services import propose_grade

    propose_grade(actor=lead, inspection=on_site, area_code="inclusion", grade="expected-standard", note="From the books.")
    school = make_school(name="Hillside Academy")
    headteacher = make_user(Role.SCHOOL_USER, school=school, is_headteacher=True, first_name="Head", last_name="Teacher")
    fed_back = make_inspection(State.ON_SITE, school=school)
    confirm_grades(fed_back, {"achievement": "needs-attention"})
    give_feedback(fed_back)
    return Grading(on_site=on_site, fed_back=fed_back, headteacher=headteacher)


PAGES = {
    "evidence of an inspection on site": (lambda g: lead_user(g.on_site), lambda g: reverse("evidence:list", args=[g.on_site.pk])),
    "writing evidence": (lambda g: lead_user(g.on_site), lambda g: reverse("evidence:write", args=[g.on_site.pk, "inclusion"])),
    "grades of an inspection on site": (lambda g: lead_user(g.on_site), lambda g: reverse("grading:sheet", args=[g.on_site.pk])),
    "judging an area": (lambda g: lead_user(g.on_site), lambda g: reverse("grading:area", args=[g.on_site.pk, "inclusion"])),
    "proposing a grade": (lambda g: lead_user(g.on_site), lambda g: reverse("grading:propose", args=[g.on_site.pk, "inclusion"])),
    "judging safeguarding": (lambda g: lead_user(g.on_site), lambda g: reverse("grading:safeguarding", args=[g.on_site.pk])),
    "giving the final feedback": (lambda g: lead_user(g.on_site), lambda g: reverse("grading:feedback", args=[g.on_site.pk])),
    "grades after the final feedback": (lambda g: lead_user(g.fed_back), lambda g: reverse("grading:sheet", args=[g.fed_back.pk])),
    "the school's provisional outcome": (lambda g: g.headteacher, lambda g: reverse("grading:provisional", args=[g.fed_back.pk])),
    "changing a grade after the final feedback": (lambda g: make_user(Role.DUTY_DECISION_MAKER), lambda g: reverse("grading:regrade", args=[g.fed_back.pk, "inclusion"])),
}  # fmt: skip


def test_evidence_and_grading_pages(browser_page, axe_source, grading, subtests):
    for name, (user, path) in PAGES.items():
        with subtests.test(name):
            browser_page.sign_in(user(grading))
            browser_page.open(path(grading))
            assert_accessible_and_scripted(browser_page, axe_source, name)


def test_evidence_sent_empty_and_a_grade_its_judgements_do_not_support(browser_page, axe_source, grading):
    browser_page.sign_in(lead_user(grading.on_site))
    page = browser_page.open(reverse("evidence:write", args=[grading.on_site.pk, "inclusion"]))
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Save evidence").click()
    assert sent.value.status == 422
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose the activity" in summary and "Enter what you found" in summary
    assert_accessible_and_scripted(browser_page, axe_source, "evidence sent empty")

    page = browser_page.open(reverse("grading:area", args=[grading.on_site.pk, "inclusion"]))
    page.get_by_role("group", name="Indicator inc-u1").get_by_label("Found", exact=True).check()
    page.get_by_role("group", name="Confirm the area's grade").get_by_label("Exceptional").check()
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Save").click()
    assert sent.value.status == 422
    assert "must cite at least one evidence record" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible_and_scripted(browser_page, axe_source, "a judgement without evidence")
