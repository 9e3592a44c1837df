"""Inspections published through fairinspect, walked through the real services: the school is invited to the
survey at publication, and the figures and the open data take them in with their lead as a pseudonymous code,
and the team's proposed grades against the confirmed ones."""

import csv

import pytest

from fairinspect.analytics import opendata, selectors
from fairinspect.analytics.models import LeadCode, PublishedFact, Source
from fairinspect.analytics.services import refresh_figures
from fairinspect.grading.services import propose_grade
from fairinspect.inspections.models import State
from fairinspect.survey.models import Invitation
from tests.grading.factories import lead_user
from tests.reports.walk import walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_here(make_inspection):
    inspection = make_inspection(State.ON_SITE)
    lead = lead_user(inspection)
    propose_grade(actor=lead, inspection=inspection, area_code="inclusion", grade="strong-standard")
    propose_grade(actor=lead, inspection=inspection, area_code="achievement", grade="expected-standard")
    return walk_to(inspection, "published", grades={"inclusion": "expected-standard"})


def test_publication_invites_the_school(published_here):
    invitation = Invitation.objects.get()
    assert invitation.urn == published_here.school_id
    assert invitation.inspection_number == published_here.report.inspection_number


def test_the_figures_hold_it_with_its_lead_as_a_code(published_here, tmp_path):
    refresh_figures()
    fact = PublishedFact.objects.get(source=Source.OWN)
    lead = LeadCode.objects.get()
    assert fact.lead_code == lead.code and lead.inspector_id == published_here.team.get(is_lead=True).inspector_id

    opendata.export(tmp_path)
    with open(tmp_path / "lead-residuals.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [row["Lead code"] for row in rows] == [lead.code]
    text = "".join(path.read_text() for path in tmp_path.iterdir())
    lead_account = lead_user(published_here)
    assert lead_account.username not in text and lead_account.last_name not in text
    with open(tmp_path / "inspections.csv", encoding="utf-8") as file:
        assert fact.inspection_number in {row["Inspection number"] for row in csv.DictReader(file)}

    refresh_figures()
    assert PublishedFact.objects.get(source=Source.OWN).lead_code == lead.code  # stable from one refresh to the next


def test_proposed_grades_against_confirmed(published_here, frameworks):
    agreement = selectors.proposal_agreement(frameworks["report-card-2025"])
    assert agreement.proposals == 2
    assert dict(agreement.by_difference) == {"The same grade": 1, "One grade higher than confirmed": 1}
