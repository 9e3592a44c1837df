"""The analytics pages: each chart an SVG beside a table of the same figures, every figure made again from the open
data, and only for those who may see aggregate figures."""

import csv
import re
from collections import Counter
from datetime import date

import pytest

from fairinspect.accounts.roles import Role
from fairinspect.analytics import opendata, selectors
from fairinspect.analytics.models import ContextPrediction, GradeFact, PublishedFact, Source
from fairinspect.frameworks.models import Framework
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher(client):
    client.force_login(factories.make_user(Role.RESEARCHER))
    return client


def test_the_grades_page_draws_and_tabulates_the_same_figures(published, researcher):
    page = researcher.get("/analytics/grades/", {"framework": "report-card-2025", "by": "phase"}).content.decode()

    assert page.count('<figure class="app-chart">') == page.count("<table") > 0
    # "Needs attention" for inclusion: one primary school in the fixtures, drawn as that segment's title and listed.
    assert "Primary: Needs attention 1 of 2" in page or "Unknown: Needs attention 1 of" in page


def test_the_grade_figures_are_made_again_from_the_open_data(published, tmp_path):
    """A researcher's reproduction: count the open data's grades of each area by phase, as the page does."""
    opendata.export(tmp_path)
    framework = Framework.objects.get(code="report-card-2025")
    spelled = {point.published_as[0]: point.label for point in framework.scale.all()}
    with open(tmp_path / "inspections.csv", encoding="utf-8") as file:
        rows = [row for row in csv.DictReader(file) if row["Framework"] == framework.code]
    for area in selectors.grade_distribution(framework, "phase").areas:
        column = framework.areas.get(code=area.area_code).published_as[0]
        from_open_data = Counter((row["School phase"], spelled[row[column]]) for row in rows if row[column])
        grades = selectors.grade_distribution(framework, "phase").grades
        shown = {(group, grade): number for group, counts in area.rows for grade, number in zip(grades, counts) if number}
        assert shown == dict(from_open_data)


def test_the_timeliness_page(published, researcher, settings):
    settings.FAIRINSPECT = {**settings.FAIRINSPECT, "PUBLICATION_TARGET_WORKING_DAYS": 20}
    figures = selectors.timeliness()
    assert sum(row.published for row in figures.by_month) == sum(row.published for row in figures.by_region) > 0
    page = researcher.get("/analytics/timeliness/").content.decode()
    assert "Target: 20 working days" in page
    assert page.count("<table") == 2


def _own_inspections(framework: Framework, lead: str, ranks: list[int], urn: int = 1) -> None:
    """Published inspections led through fairinspect, as the figures hold them (rank per inspection, one area)."""
    for rank in ranks:
        number = PublishedFact.objects.count() + 1
        fact = PublishedFact.objects.create(
            inspection_number=f"F{number}", urn=urn, source=Source.OWN, framework_code=framework.code,
            start_date=date(2026, 1, 5), publication_date=date(2026, 2, 2), phase="Primary", fsm_band="Under 10%",
            lead_code=lead,
        )  # fmt: skip
        GradeFact.objects.create(
            fact=fact, source=Source.OWN, framework_code=framework.code, area_code="inclusion", grade_code="x",
            rank=rank, phase="Primary", fsm_band="Under 10%", lead_code=lead,
        )  # fmt: skip


def test_the_consistency_page_names_a_lead_who_stands_out_and_says_why(frameworks, researcher):
    framework = frameworks["report-card-2025"]
    for number in range(12):
        _own_inspections(framework, f"L{number:05d}", [3, 3, 4, 3, 2, 3, 3, 4, 3, 3])
    _own_inspections(framework, "LHARSH", [1] * 20)
    _own_inspections(framework, "LFEW", [1, 1])
    ranks = list(GradeFact.objects.values_list("rank", flat=True))
    ContextPrediction.objects.create(framework_code=framework.code, area_code="inclusion", phase="Primary",
                                     fsm_band="Under 10%", mean_rank=sum(ranks) / len(ranks), grades=len(ranks))  # fmt: skip

    page = researcher.get("/analytics/consistency/", {"framework": framework.code}).content.decode()

    assert "1 of 14 leads stand out" in page
    named = re.search(r"<li><strong>(\w+)</strong>: ([^<]+)</li>", page)
    assert named and named.group(1) == "LHARSH"
    assert "below what their schools" in named.group(2)
    assert "Too few inspections to say" in page  # LFEW
    assert "<svg" in page


def test_the_survey_and_rates_pages_show_without_data(frameworks, researcher):
    assert "No quarter can be shown yet" in researcher.get("/analytics/survey/").content.decode()
    assert researcher.get("/analytics/rates/").status_code == 200
