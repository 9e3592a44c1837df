"""Every public page, and every page shown instead of the one asked for (not found, locked out, a form refused,
a page the account may not see), meets WCAG 2.2 AA as axe-core sees it in Chromium, and GOV.UK Frontend's
JavaScript runs under the Content-Security-Policy without a single console error.

When a test here fails it prints each violation's rule, impact, help and the elements at fault: fix the page
(its template or layout.html), not the test.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.schools.models import School, SchoolLink
from tests.browser.axe import assert_accessible_and_scripted, axe_violations
from tests.factories import (
    PASSWORD,
    make_closed_school,
    make_historic_outcome,
    make_local_authority,
    make_school,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass
class Site:
    academy: School
    username: str


@pytest.fixture
def site(frameworks) -> Site:
    camden = make_local_authority(code=202, name="Camden")
    for number in range(1, 46):
        make_school(name=f"Oakfield School {number:02d}", local_authority=camden)
    old = make_closed_school(date(2021, 8, 31), name="Old Hillside School")
    academy = make_school(name="Hillside Academy", type_name="Academy converter", local_authority=camden)
    SchoolLink.objects.create(urn=academy.urn, linked_urn=old.urn, link_type="Predecessor")
    make_historic_outcome(
        academy, "report-card-2025", safeguarding="met",
        grades={"inclusion": "strong-standard", "curriculum-and-teaching": "expected-standard",
                "achievement": "needs-attention", "early-years": "exceptional"},
    )
    make_historic_outcome(
        old, "eif-2019", inspection_type="Section 5", start_date=date(2019, 11, 5), overall_grade="good",
        safeguarding="effective", grades={"quality-of-education": "good", "behaviour-and-attitudes": "outstanding"},
    )
    user = make_user(Role.SCHEDULER, Role.RESEARCHER)
    return Site(academy=academy, username=user.username)


def try_to_sign_in(page, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


PUBLIC_PAGES = {
    "start": lambda site: reverse("schools:start"),
    "accessibility statement": lambda site: reverse("web:accessibility"),
    "search form": lambda site: reverse("schools:search"),
    "search results, first of three pages": lambda site: reverse("schools:search") + "?q=oakfield",
    "search results, a middle page": lambda site: reverse("schools:search") + "?q=oakfield&page=2",
    "search with errors": lambda site: reverse("schools:search") + "?q=&local_authority=999",
    "school page, both frameworks and a predecessor's history": lambda site: reverse(
        "outcomes:school", args=[site.academy.urn]
    ),
    "sign-in": lambda site: reverse("accounts:sign-in"),
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page(browser_page, axe_source, site, name):
    browser_page.open(PUBLIC_PAGES[name](site))
    assert_accessible_and_scripted(browser_page, axe_source, name)


def test_not_found_page(browser_page, axe_source, site):
    browser_page.open("/no-such-page/", status=404)
    assert_accessible_and_scripted(browser_page, axe_source, "not found")


def test_sign_in_with_errors_then_signed_in_pages(browser_page, axe_source, site):
    page = browser_page.open(reverse("accounts:sign-in"))
    try_to_sign_in(page, site.username, "not the password")
    assert page.locator(".govuk-error-summary").is_visible()
    # GOV.UK Frontend moves focus to the error summary, so screen reader users hear what is wrong first.
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible_and_scripted(browser_page, axe_source, "sign-in with errors")

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{reverse('accounts:home')}")
    assert_accessible_and_scripted(browser_page, axe_source, "home of a scheduler and researcher")

    page.get_by_role("link", name="Sign out").click()
    page.wait_for_url(f"**{reverse('accounts:sign-out')}")
    assert_accessible_and_scripted(browser_page, axe_source, "sign-out confirmation")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"**{reverse('schools:start')}")
    assert page.get_by_role("link", name="Sign in").first.is_visible()


def test_locked_out_page(browser_page, axe_source, site):
    page = browser_page.open(reverse("accounts:sign-in"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        try_to_sign_in(page, site.username, "not the password")
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot sign in for now"
    assert_accessible_and_scripted(browser_page, axe_source, "locked out")


def test_page_for_a_form_refused_for_want_of_its_csrf_token(browser_page, axe_source, site):
    page = browser_page.open(reverse("accounts:sign-in"))
    page.context.clear_cookies()  # as a browser blocking cookies would have it: no CSRF cookie goes back
    try_to_sign_in(page, site.username, PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Sorry, we could not accept that form"
    assert_accessible_and_scripted(browser_page, axe_source, "form refused (CSRF)")


def test_page_a_role_may_not_see(browser_page, axe_source, site):
    browser_page.sign_in(make_user(Role.RESEARCHER))
    page = browser_page.open(reverse("inspections:board"), status=403)
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot see this page"
    assert_accessible_and_scripted(browser_page, axe_source, "forbidden")


def test_the_checks_catch_an_inaccessible_image_and_a_blocked_inline_script(browser_page, axe_source, site):
    page = browser_page.open(reverse("schools:start"))
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert "image-alt" in {violation["id"] for violation in axe_violations(page, axe_source)}

    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate("() => document.body.append(Object.assign(document.createElement('script'), {text: '1'}))")
    assert any("Content Security Policy" in error for error in browser_page.errors), browser_page.errors
