"""The pages staff and schools use once signed in meet WCAG 2.2 AA as axe-core sees them in Chromium, with the
same strictness as the public pages: any violation fails, GOV.UK Frontend starts every component under the
Content-Security-Policy, and nothing is logged as an error.

Each page is checked in the state that puts the most on it: an inspection with a team, a refused deferral,
pauses and its audit history; a queue with an overdue request; forms answered with errors. When a test here
fails it prints each violation's rule, impact, help and the elements at fault: fix the template, not the test.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.inspections import services
from fairinspect.inspections.models import DeferralGround, Inspection, PauseGround, State
from fairinspect.workforce import services as workforce_services
from fairinspect.workforce.models import Inspector
from tests.browser.axe import assert_accessible_and_scripted, axe_violations
from tests.factories import make_inspector, make_school, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TUESDAY, WEDNESDAY = date(2026, 3, 3), date(2026, 3, 4)


@dataclass
class Lifecycle:
    """Inspections in every state a page shows differently, and the people who use the pages."""

    scheduler: object
    duty_decision_maker: object
    administrator: object
    notified: Inspection  # with an overdue request to defer
    eventful: Inspection  # a refused deferral, a pause confirmed and resumed, then paused again: paused
    on_site: Inspection
    planned: Inspection  # its lead only, and an inspector who cannot join it
    unassignable: Inspector
    lead: Inspector  # the eventful inspection's lead, with a declared conflict, time away and a school they work at
    headteachers: dict[str, object]  # by which inspection they are of: notified, eventful, on_site


@pytest.fixture
def lifecycle(clock, make_inspection) -> Lifecycle:
    """Built through the services, as people would, from 9am on Monday 2 March 2026 to 9am on Wednesday 4 March."""
    scheduler = make_user(Role.SCHEDULER, first_name="Sam", last_name="Scheduler")
    duty = make_user(Role.DUTY_DECISION_MAKER, first_name="Dee", last_name="Duty")
    lead = make_inspector(user=make_user(Role.INSPECTOR, first_name="Lena", last_name="Lead"))
    headteachers = {}

    def notified(key: str, school_name: str, led_by: Inspector | None = None) -> Inspection:
        school = make_school(name=school_name)
        headteachers[key] = make_user(Role.SCHOOL_USER, school=school, is_headteacher=True, first_name="Head", last_name=key)
        return make_inspection(State.NOTIFIED, school=school, lead=led_by, scheduler=scheduler)

    waiting = notified("notified", "Brook Lane Primary School")
    eventful = notified("eventful", "Hillside Academy", led_by=lead)
    on_site = notified("on_site", "Meadow Infant School")
    services.assign_inspector(actor=scheduler, inspection=eventful, inspector=make_inspector())
    services.request_deferral(
        actor=headteachers["notified"], inspection=waiting, ground=DeferralGround.HEADTEACHER_ABSENT,
        details="I am in hospital this week.",
    )
    refused = services.request_deferral(
        actor=headteachers["eventful"], inspection=eventful, ground=DeferralGround.BUILDING_WORK,
        details="The hall roof is being replaced.",
    )
    services.decide_deferral(actor=scheduler, request=refused, grant=False, reason="The classrooms are unaffected.")

    clock.set(TUESDAY)
    for inspection in (eventful, on_site):
        services.start_inspection(actor=inspection.team.get(is_lead=True).inspector.user, inspection=inspection)
    clock.advance(hours=1)
    services.pause_inspection(actor=lead.user, inspection=eventful, ground=PauseGround.LEADER_WELLBEING, note="Head unwell.")
    services.confirm_pause(actor=duty, inspection=eventful)
    clock.advance(hours=2)
    services.resume_inspection(actor=lead.user, inspection=eventful)
    clock.advance(hours=1)
    services.pause_inspection(actor=headteachers["eventful"], inspection=eventful, ground=PauseGround.SERIOUS_INCIDENT)
    workforce_services.declare_conflict(
        actor=scheduler, inspector=lead, school=make_school(name="St Anne's Primary School"), reason="Governor until 2024."
    )
    workforce_services.add_unavailability(
        actor=scheduler, inspector=lead, starts_on=date(2026, 4, 6), ends_on=date(2026, 4, 17), reason="Leave."
    )
    workforce_services.record_school_worked_at(
        actor=scheduler, inspector=lead, school=make_school(name="Oak Tree Primary School"), started_on=date(2012, 9, 1)
    )

    clock.set(WEDNESDAY)  # the request to defer the notified inspection was to be decided by yesterday
    planned = make_inspection(State.PLANNED, school=make_school(name="Riverside Primary School"), scheduler=scheduler)
    unassignable = make_inspector(own_school=planned.school, trained=False)
    services.create_blanket_offer(
        actor=scheduler, ground=DeferralGround.BLANKET_OFFER, starts_on=WEDNESDAY, ends_on=date(2026, 3, 20),
        description="Every request is granted until 20 March while the new framework beds in.",
    )
    workforce_services.withdraw_inspector(actor=scheduler, inspector=make_inspector(), reason="Stepping back during a dispute.")
    return Lifecycle(
        scheduler=scheduler,
        duty_decision_maker=duty,
        administrator=make_user(Role.ADMINISTRATOR),
        notified=waiting,
        eventful=eventful,
        on_site=on_site,
        planned=planned,
        unassignable=unassignable,
        lead=lead,
        headteachers=headteachers,
    )


def _pending_request(inspection: Inspection) -> int:
    return inspection.deferral_requests.get(decision="pending").pk


# Each page: who looks at it, and where it is.
PAGES = {
    "scheduler's board": (
        lambda world: world.scheduler, lambda world: reverse("inspections:board") + "?week=2026-03-02"
    ),
    "plan form": (lambda world: world.scheduler, lambda world: reverse("inspections:plan")),
    "team of a planned inspection": (
        lambda world: world.scheduler, lambda world: reverse("inspections:assign", args=[world.planned.pk])
    ),
    "deferral queue with an overdue request": (
        lambda world: world.scheduler, lambda world: reverse("inspections:deferral-queue")
    ),
    "deciding a request to defer": (
        lambda world: world.scheduler,
        lambda world: reverse("inspections:decide-deferral", args=[_pending_request(world.notified)]),
    ),
    "standing offers": (lambda world: world.scheduler, lambda world: reverse("inspections:offers")),
    "staff page: team, deferral, pauses and audit history": (
        lambda world: world.scheduler, lambda world: reverse("inspections:detail", args=[world.eventful.pk])
    ),
    "confirming a pause": (
        lambda world: world.duty_decision_maker,
        lambda world: reverse("inspections:confirm-pause", args=[world.eventful.pk]),
    ),
    "pauses to decide": (lambda world: world.duty_decision_maker, lambda world: reverse("inspections:pauses")),
    "school's page, notified, having asked to defer": (
        lambda world: world.headteachers["notified"],
        lambda world: reverse("inspections:detail", args=[world.notified.pk]),
    ),
    "school's page, on site": (
        lambda world: world.headteachers["on_site"],
        lambda world: reverse("inspections:detail", args=[world.on_site.pk]),
    ),
    "school's own inspections": (lambda world: world.headteachers["notified"], lambda world: reverse("inspections:mine")),
    "inspector's own inspections": (lambda world: world.lead.user, lambda world: reverse("inspections:mine")),
    "pause form": (
        lambda world: world.headteachers["on_site"], lambda world: reverse("inspections:pause", args=[world.on_site.pk])
    ),
    "inspectors": (lambda world: world.scheduler, lambda world: reverse("workforce:list")),
    "an inspector": (lambda world: world.scheduler, lambda world: reverse("workforce:detail", args=[world.lead.pk])),
    "an inspector's own record, with what they may change": (
        lambda world: world.lead.user, lambda world: reverse("workforce:detail", args=[world.lead.pk])
    ),
    "recording training": (
        lambda world: world.scheduler, lambda world: reverse("workforce:add-training", args=[world.lead.pk])
    ),
    "removing a training record": (
        lambda world: world.scheduler,
        lambda world: reverse("workforce:remove-training", args=[world.lead.pk, world.lead.training.first().pk]),
    ),
    "recording time away": (
        lambda world: world.lead.user, lambda world: reverse("workforce:add-unavailability", args=[world.lead.pk])
    ),
    "removing time away": (
        lambda world: world.lead.user,
        lambda world: reverse(
            "workforce:remove-unavailability", args=[world.lead.pk, world.lead.unavailability.get().pk]
        ),
    ),
    "declaring a conflict of interest": (
        lambda world: world.lead.user, lambda world: reverse("workforce:declare-conflict", args=[world.lead.pk])
    ),
    "withdrawing a conflict of interest": (
        lambda world: world.scheduler,
        lambda world: reverse(
            "workforce:withdraw-conflict", args=[world.lead.pk, world.lead.declared_conflicts.get().pk]
        ),
    ),
    "recording a school an inspector worked at": (
        lambda world: world.scheduler, lambda world: reverse("workforce:add-school-worked-at", args=[world.lead.pk])
    ),
    "recording the day an inspector left a school": (
        lambda world: world.scheduler,
        lambda world: reverse("workforce:left-school", args=[world.lead.pk, world.lead.schools_worked_at.get().pk]),
    ),
    "withdrawing an inspector": (
        lambda world: world.scheduler, lambda world: reverse("workforce:withdraw", args=[world.lead.pk])
    ),
    "national halt": (lambda world: world.administrator, lambda world: reverse("inspections:halt")),
    "accounts and roles": (lambda world: world.administrator, lambda world: reverse("administration:users")),
    "making an account": (lambda world: world.administrator, lambda world: reverse("administration:user-create")),
    "a school user's account": (
        lambda world: world.administrator,
        lambda world: reverse("administration:user", args=[world.headteachers["notified"].pk]),
    ),
    "frameworks": (lambda world: world.administrator, lambda world: reverse("administration:frameworks")),
    "a framework in full": (
        lambda world: world.administrator, lambda world: reverse("administration:framework", args=["report-card-2025"])
    ),
    "the audit trail": (lambda world: world.administrator, lambda world: reverse("administration:audit")),
    "one inspection's audit trail": (
        lambda world: world.administrator,
        lambda world: reverse("administration:audit") + f"?object_type=inspections.inspection&object_id={world.eventful.pk}",
    ),
}


def test_signed_in_pages(browser_page, axe_source, lifecycle, subtests):
    """Each page is a subtest, so a failure names its page and the others are still checked; they share one
    build of the lifecycle, which keeps the suite quick."""
    for name, (user, path) in PAGES.items():
        with subtests.test(name):
            browser_page.sign_in(user(lifecycle))
            browser_page.open(path(lifecycle))
            assert_accessible_and_scripted(browser_page, axe_source, name)


def test_home_of_each_role(browser_page, axe_source, frameworks, subtests):
    for role in Role:
        with subtests.test(role.label):
            browser_page.sign_in(make_user(role))
            page = browser_page.open(reverse("accounts:home"))
            sections = page.locator("main").get_by_role("heading", level=2).count()
            assert sections == 1, f"the home of a {role.label.lower()} should have its role's section alone"
            assert_accessible_and_scripted(browser_page, axe_source, f"home of a {role.label.lower()}")


def _choose_the_unassignable_inspector(page, world: Lifecycle) -> None:
    page.get_by_label("Inspector", exact=True).select_option(label=str(world.unassignable))


# Each form sent with errors: who sends it, where, what they fill in first, the button they press, and what the
# error summary must say.
FORMS_WITH_ERRORS = {
    "plan form sent empty": (
        lambda world: world.scheduler, lambda world: reverse("inspections:plan"), None, "Plan the inspection",
        ["Enter the school's URN", "Choose the kind of inspection", "Choose the framework"],
    ),
    "an inspector who cannot join the team": (
        lambda world: world.scheduler, lambda world: reverse("inspections:assign", args=[world.planned.pk]),
        _choose_the_unassignable_inspector, "Add to the team",
        ["cannot join this team: it is their own school", "they have not completed the required course"],
    ),
    "training sent empty": (
        lambda world: world.scheduler, lambda world: reverse("workforce:add-training", args=[world.lead.pk]), None,
        "Record the training", ["Choose the course", "Enter the date completed"],
    ),
    "a conflict of interest with neither a school nor a trust": (
        lambda world: world.lead.user, lambda world: reverse("workforce:declare-conflict", args=[world.lead.pk]),
        lambda page, world: page.get_by_label("The reason").fill("My child attends the school."),
        "Declare the conflict", ["Name either a school or a trust"],
    ),
    "an account sent empty": (
        lambda world: world.administrator, lambda world: reverse("administration:user-create"), None,
        "Make the account", ["Enter a username", "Choose at least one role"],
    ),
    "request to defer sent empty": (
        lambda world: world.headteachers["notified"],
        lambda world: reverse("inspections:request-deferral", args=[world.notified.pk]), None, "Send the request",
        ["Choose why you are asking to defer the inspection", "Enter what has happened"],
    ),
}


def test_forms_with_errors(browser_page, axe_source, lifecycle, subtests):
    for name, (user, path, fill, button, problems) in FORMS_WITH_ERRORS.items():
        with subtests.test(name):
            browser_page.sign_in(user(lifecycle))
            page = browser_page.open(path(lifecycle))
            if fill:
                fill(page, lifecycle)
            with page.expect_navigation() as sent:
                page.get_by_role("button", name=button, exact=True).click()
            assert sent.value.status == 422
            summary = page.locator(".govuk-error-summary").inner_text()
            for problem in problems:
                assert problem in summary, f"{name}: the error summary does not say “{problem}”"
            # GOV.UK Frontend moves focus to the error summary, so screen reader users hear what is wrong first.
            assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
            assert_accessible_and_scripted(browser_page, axe_source, name)


def test_halting_inspections_and_every_page_while_halted(browser_page, axe_source, lifecycle):
    browser_page.sign_in(lifecycle.administrator)
    page = browser_page.open(reverse("inspections:halt"))
    page.get_by_label("The reason").fill("A national emergency.")
    with page.expect_navigation():
        page.get_by_role("button", name="Halt all inspections").click()
    assert_accessible_and_scripted(browser_page, axe_source, "national halt in force, with its lift form")

    halted = {
        "staff page of an inspection the halt paused": (
            lifecycle.scheduler, reverse("inspections:detail", args=[lifecycle.on_site.pk])
        ),
        "school's page of an inspection the halt paused": (
            lifecycle.headteachers["on_site"], reverse("inspections:detail", args=[lifecycle.on_site.pk])
        ),
        "an inspector's home": (lifecycle.lead.user, reverse("accounts:home")),
    }
    for where, (user, path) in halted.items():
        browser_page.sign_in(user)
        page = browser_page.open(path)
        banner = page.locator(".govuk-notification-banner", has_text="Inspections are halted nationally")
        assert banner.is_visible() and "A national emergency." in banner.inner_text(), f"{where}: no halt banner"
        assert_accessible_and_scripted(browser_page, axe_source, f"{where}, while halted")


def test_the_checks_see_the_signed_in_page_and_catch_an_unlabelled_field(browser_page, axe_source, lifecycle):
    browser_page.sign_in(lifecycle.scheduler)
    page = browser_page.open(reverse("inspections:assign", args=[lifecycle.planned.pk]))
    assert page.get_by_role("heading", level=1).inner_text() == "The team"
    page.evaluate("() => document.querySelector('label[for=id_inspector]').remove()")
    assert "select-name" in {violation["id"] for violation in axe_violations(page, axe_source)}


def test_a_user_not_signed_in_is_sent_to_sign_in_so_no_page_is_checked_by_mistake(browser_page):
    with pytest.raises(AssertionError, match="redirected to .*sign-in"):
        browser_page.open(reverse("inspections:board"))
