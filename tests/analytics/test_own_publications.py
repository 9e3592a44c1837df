"""Inspections published through fairinspect, walked through the real services: the school is invited to the
survey at publication, and the figures and the open data take them in with their lead as a pseudonymous code,
and the team's proposed grades against the confirmed ones."""

import csv

import pytest
from django.core import mail

from fairinspect.analytics import opendata, selectors
from fairinspect.analytics.models import LeadCode, PublishedFact, Source
from fairinspect.analytics.services import refresh_figures
from fairinspect.grading.services import propose_grade
from fairinspect.inspections.models import Inspection, State
from fairinspect.outcomes.services import import_outcomes
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


def test_publication_invites_the_school(make_inspection, django_capture_on_commit_callbacks):
    from fairinspect.accounts.roles import Role
    from fairinspect.reports.services import publish_report
    from tests import factories

    inspection = make_inspection(State.ON_SITE)
    head = factories.make_user(Role.SCHOOL_USER, school=inspection.school, email="head@school.example")
    quality_assurer = factories.make_user(Role.QUALITY_ASSURER)
    walk_to(inspection, "quality_assurance", school_user=head, quality_assurer=quality_assurer)
    with django_capture_on_commit_callbacks(execute=True):
        publish_report(actor=quality_assurer, inspection=inspection)

    invitation = Invitation.objects.get()
    assert invitation.urn == inspection.school_id
    assert invitation.inspection_number == Inspection.objects.get(pk=inspection.pk).report.inspection_number
    (email,) = [message for message in mail.outbox if message.subject == "Tell us how your inspection went"]
    assert email.to == ["head@school.example"]


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
    # Read back through the import, it changes nothing: the open data says what the record holds.
    summary = import_outcomes(tmp_path / "inspections.csv", progress=False)
    assert (summary.created, summary.updated, summary.rejected) == (0, 0, [])

    refresh_figures()
    assert PublishedFact.objects.get(source=Source.OWN).lead_code == lead.code  # stable from one refresh to the next


def test_proposed_grades_against_confirmed(published_here, frameworks):
    agreement = selectors.proposal_agreement(frameworks["report-card-2025"])
    assert agreement.proposals == 2
    assert dict(agreement.by_difference) == {"The same grade": 1, "One grade higher than confirmed": 1}


def test_a_publication_held_by_a_complaint_counts_as_waiting_on_one_in_a_group_large_enough(make_inspection, clock, monkeypatch):
    from fairinspect.accounts.roles import Role
    from fairinspect.complaints import services as complaints
    from fairinspect.core import working_days
    from fairinspect.reports.services import publish_report
    from tests import factories

    inspection = make_inspection(State.ON_SITE)
    school_user = factories.make_user(Role.SCHOOL_USER, school=inspection.school)
    quality_assurer = factories.make_user(Role.QUALITY_ASSURER)
    walk_to(inspection, "quality_assurance", school_user=school_user, quality_assurer=quality_assurer)
    complaint = complaints.make_complaint(actor=school_user, inspection=inspection, grounds="The team did not listen.")
    assert complaint.holds_publication
    complaints.release_hold(actor=factories.make_user(Role.COMPLAINTS_OFFICER), complaint=complaint,
                            reason="The complaint is about conduct, not the report.")  # fmt: skip
    clock.set(working_days.add_working_days(inspection.ends_on, 6))
    publish_report(actor=quality_assurer, inspection=inspection)

    refresh_figures()

    assert PublishedFact.objects.get(source=Source.OWN).waited_on_complaint
    (month,) = selectors.timeliness().by_month
    # One publication is too few to say whether it waited on a complaint: the school that complained would be known.
    assert (month.published, month.mean_working_days, month.waited_on_complaint) == (1, 6, None)
    monkeypatch.setattr(selectors, "FEWEST_TO_COUNT_COMPLAINT_WAITS", 1)
    assert selectors.timeliness().by_month[0].waited_on_complaint == 1
    assert sum(row.complaints for row in selectors.rates_by_month()) == 1
