"""Issue 11's "Done means", in the demo's data, through its pages: the scheduler finds the next term's plan ready
to review, reads why any inspection cannot be staffed, pins a team member, runs the plan again around the pin
and approves it; the approved inspections appear on the board with their teams."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from fairinspect.demo import people
from fairinspect.inspections.models import Inspection
from fairinspect.scheduling.calendar import next_term
from fairinspect.scheduling.models import Plan, PlannedPlace, PlanStatus
from tests.demo.conftest import DEMO_DAY
from tests.html import find, page, text

pytestmark = pytest.mark.django_db


def words(response) -> str:
    assert response.status_code == 200
    return text(find(page(response), "main"))


def test_the_scheduler_reviews_pins_runs_again_and_approves_the_next_terms_plan(
    client, clock, demo, django_capture_on_commit_callbacks
):
    plan = Plan.objects.get()
    assert plan.term == next_term(DEMO_DAY).code and plan.status == PlanStatus.READY
    assert plan.created_by.username == people.SCHEDULER.username
    client.force_login(plan.created_by)
    assert reverse("scheduling:plan", args=[plan.pk]) in client.get(reverse("scheduling:plans")).content.decode()
    summary = words(client.get(reverse("scheduling:plan", args=[plan.pk])))
    assert f"Plan of the {next_term(DEMO_DAY).name}" in summary and "no plan can cost less than" in summary
    short = plan.inspections.exclude(shortfall=[])
    for row in short:
        assert row.school.name in summary
    assert (short.exists()) == ("Inspections that cannot be staffed" in summary)

    row = plan.inspections.filter(shortfall=[]).order_by("starts_on", "school__name").first()
    place = row.places.filter(is_lead=False).first() or row.places.get(is_lead=True)
    assert client.post(reverse("scheduling:pin", args=[plan.pk, place.pk])).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("scheduling:run", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.READY and plan.runs.count() == 2
    assert PlannedPlace.objects.get(pk=place.pk).pinned

    response = client.post(reverse("scheduling:approve", args=[plan.pk]), {})
    assert response.status_code == 302, words(response)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    inspection = Inspection.objects.get(school=row.school, starts_on=row.starts_on)
    assert inspection.team.filter(inspector=place.inspector, is_lead=place.is_lead).exists()
    board = words(client.get(reverse("inspections:board"), {"week": row.starts_on.isoformat()}))
    lead = row.places.get(is_lead=True).inspector
    assert row.school.name in board and lead.name in board
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "audit chain intact" in out.getvalue()
