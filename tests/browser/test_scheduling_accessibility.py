"""The scheduling team's pages meet WCAG 2.2 AA as axe-core sees them in Chromium, as strictly as every other page:
each in the state that puts the most on it (a plan with an inspection no one may lead, pinned places, a form
refused with its reasons, an approved plan whose inspection lost a team member, and new members proposed)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.scheduling import planner, services
from fairinspect.workforce import services as workforce_services
from fairinspect.workforce.models import InspectorKind, Phase
from tests.browser.axe import assert_accessible_and_scripted
from tests.factories import make_historic_outcome, make_inspector, make_school, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plans(clock, frameworks):
    """A plan of the summer term 2026 ready to review, and an approved one with an inspection short of a team and
    new members proposed for it; all built through the services, as the scheduling team would."""
    scheduler = make_user(Role.SCHEDULER, first_name="Sam", last_name="Scheduler")
    for number, name in enumerate(("Brook Lane Primary School", "Hillside Primary School", "Meadow Primary School")):
        school = make_school(name=name, easting=400_000 + number * 4_000, northing=300_000, number_of_pupils=200)
        make_historic_outcome(school, "eif-2019", start_date=date(2022, 4, 20 + number), inspection_type="S5 Inspection")
    special = make_school(name="Riverside Special School", phase_name="Not applicable", easting=401_000, northing=300_000,
                          type_name="Community special school")  # fmt: skip
    make_historic_outcome(special, "eif-2019", start_date=date(2022, 4, 1), inspection_type="S8 Visit")
    make_historic_outcome(make_school(name="Oak Tree Primary School"), "eif-2019", start_date=date(2019, 1, 10),
                          inspection_type="Section 99 inspection")  # fmt: skip
    for number in range(3):
        make_inspector(
            user=make_user(Role.INSPECTOR, first_name="Inspector", last_name=f"Lead {number}"), phases=[Phase.PRIMARY],
            home_easting=400_000 + number * 3_000, home_northing=301_000,
        )  # fmt: skip
    for number in range(4):
        make_inspector(
            user=make_user(Role.INSPECTOR, first_name="Inspector", last_name=f"Member {number}"),
            kind=InspectorKind.OFSTED_INSPECTOR, phases=[Phase.PRIMARY], home_easting=402_000 + number * 2_000,
            home_northing=299_000,
        )  # fmt: skip
    review = planner.run_plan(services.request_plan(actor=scheduler, term="summer-2026")).plan
    planned = review.inspections.exclude(school=special).order_by("starts_on").first()
    services.pin_place(actor=scheduler, place=planned.places.get(is_lead=True))
    approved = planner.run_plan(services.request_plan(actor=scheduler, term="summer-2026")).plan
    services.approve_plan(actor=scheduler, plan=approved)
    lost = approved.inspections.exclude(school=special).order_by("starts_on").first()
    member = lost.places.get(is_lead=False).inspector
    workforce_services.add_unavailability(actor=scheduler, inspector=member, starts_on=lost.starts_on, ends_on=lost.ends_on)
    repair = planner.run_plan(services.request_repair(actor=scheduler, plan=approved)).plan
    queued = services.request_plan(actor=scheduler, term="autumn-2026").plan
    return {"scheduler": scheduler, "review": review, "planned": planned, "approved": approved, "repair": repair,
            "queued": queued, "special": review.inspections.get(school=special)}  # fmt: skip


def _monday(day: date) -> str:
    return (day - timedelta(days=day.weekday())).isoformat()


PAGES = {
    "plans, and planning a term": lambda world: reverse("scheduling:plans"),
    "who is due, with an unclassified type and a school set aside": lambda world: reverse("scheduling:due") + "?term=summer-2026",
    "a plan to review, with an inspection no one may lead": lambda world: reverse("scheduling:plan", args=[world["review"].pk]),
    "a plan waiting for the planner": lambda world: reverse("scheduling:plan", args=[world["queued"].pk]),
    "an approved plan whose inspection lost a team member": lambda world: reverse("scheduling:plan", args=[world["approved"].pk]),
    "new team members to review": lambda world: reverse("scheduling:plan", args=[world["repair"].pk]),
    "a week of a plan": lambda world: reverse("scheduling:week", args=[world["review"].pk, _monday(world["special"].starts_on)]),
    "the plan by inspector": lambda world: reverse("scheduling:inspectors", args=[world["review"].pk]),
    "a planned inspection with a pinned lead": lambda world: reverse(
        "scheduling:planned", args=[world["review"].pk, world["planned"].pk]
    ),
    "an inspection no one may lead": lambda world: reverse("scheduling:planned", args=[world["review"].pk, world["special"].pk]),
    "approving a plan": lambda world: reverse("scheduling:approve", args=[world["review"].pk]),
}


def test_scheduling_pages(browser_page, axe_source, plans, subtests):
    browser_page.sign_in(plans["scheduler"])
    for name, path in PAGES.items():
        with subtests.test(name):
            browser_page.open(path(plans))
            assert_accessible_and_scripted(browser_page, axe_source, name)


def test_a_place_refused_with_its_reasons(browser_page, axe_source, plans):
    browser_page.sign_in(plans["scheduler"])
    special = plans["special"]
    page = browser_page.open(reverse("scheduling:planned", args=[plans["review"].pk, special.pk]))
    page.get_by_label("Inspector", exact=True).select_option(index=1)
    page.get_by_label("As the lead inspector").check()
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Put in the team", exact=True).click()
    assert sent.value.status == 422
    assert "they are not qualified to inspect special and alternative provision schools" in page.locator(
        ".govuk-error-summary"
    ).inner_text()
    assert_accessible_and_scripted(browser_page, axe_source, "a place refused with its reasons")
