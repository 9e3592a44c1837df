"""The analytics pages, the open data page and the impact survey's form meet WCAG 2.2 AA as axe-core sees them in
Chromium: each with figures on it (charts beside their tables, a lead named, a quarter of survey answers shown)."""

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.analytics.models import ContextPrediction, GradeFact, PublishedFact, Source
from fairinspect.analytics.services import refresh_figures
from fairinspect.outcomes.services import import_outcomes
from fairinspect.survey.invitations import closes_on
from fairinspect.survey.models import Invitation, Response
from tests.browser.axe import assert_accessible_and_scripted
from tests.factories import make_school, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MI = Path(__file__).parents[1] / "outcomes" / "fixtures"


@pytest.fixture
def figures(clock, frameworks):
    import_outcomes(MI / "mi_eif.csv", progress=False)
    import_outcomes(MI / "mi_report_cards.csv", progress=False)
    refresh_figures()
    for lead, ranks in [*((f"L{n:05d}", [3, 3, 4, 3, 2, 3]) for n in range(8)), ("LHARSH", [1] * 12)]:
        for rank in ranks:
            fact = PublishedFact.objects.create(
                inspection_number=f"F{PublishedFact.objects.count()}", urn=1, source=Source.OWN,
                framework_code="report-card-2025", start_date=date(2026, 1, 5), publication_date=date(2026, 2, 2),
                phase="Primary", fsm_band="Under 10%", lead_code=lead,
            )  # fmt: skip
            GradeFact.objects.create(fact=fact, source=Source.OWN, framework_code="report-card-2025",
                                     area_code="inclusion", grade_code="x", rank=rank, phase="Primary",
                                     fsm_band="Under 10%", lead_code=lead)  # fmt: skip
    ContextPrediction.objects.create(framework_code="report-card-2025", area_code="inclusion", phase="Primary",
                                     fsm_band="Under 10%", mean_rank=2.8, grades=60)  # fmt: skip
    for number in range(12):
        published_on = date(2025, 10, 6)
        invitation = Invitation.objects.create(
            inspection_number=f"S{number}", urn=1, published_on=published_on, closes_on=closes_on(published_on),
            invited_at=datetime.combine(published_on, time(9), ZoneInfo("Europe/London")),
        )  # fmt: skip
        Response.objects.create(invitation=invitation, responded_at=invitation.invited_at, workload=number % 5 + 1,
                                wellbeing=3, fairness=4, reflects_school=2)  # fmt: skip
    school = make_school(name="Brook Lane Primary School")
    open_invitation = Invitation.objects.create(
        inspection_number="S99", urn=school.urn, published_on=clock.today, closes_on=closes_on(clock.today),
        invited_at=clock.now,
    )  # fmt: skip
    return {"researcher": make_user(Role.RESEARCHER), "head": make_user(Role.SCHOOL_USER, school=school),
            "invitation": open_invitation}  # fmt: skip


PAGES = {
    "figures": lambda: reverse("analytics:index"),
    "grades by phase": lambda: reverse("analytics:grades") + "?framework=report-card-2025",
    "grades by free school meals": lambda: reverse("analytics:grades") + "?framework=eif-2019&by=fsm_band",
    "consistency, a lead named": lambda: reverse("analytics:consistency") + "?framework=report-card-2025",
    "timeliness": lambda: reverse("analytics:timeliness"),
    "rates": lambda: reverse("analytics:rates"),
    "survey results": lambda: reverse("analytics:survey"),
    "open data": lambda: reverse("analytics:opendata"),
}


def test_analytics_pages(browser_page, axe_source, figures, subtests):
    browser_page.sign_in(figures["researcher"])
    for name, path in PAGES.items():
        with subtests.test(name):
            browser_page.open(path())
            assert_accessible_and_scripted(browser_page, axe_source, name)


def test_the_survey_form_and_its_errors(browser_page, axe_source, figures):
    browser_page.sign_in(figures["head"])
    browser_page.open(reverse("survey:invitations"))
    assert_accessible_and_scripted(browser_page, axe_source, "surveys to answer")
    page = browser_page.open(reverse("survey:respond", args=[figures["invitation"].pk]))
    assert_accessible_and_scripted(browser_page, axe_source, "the survey form")
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Send your answers").click()
    assert sent.value.status == 422
    assert_accessible_and_scripted(browser_page, axe_source, "the survey form with errors")
