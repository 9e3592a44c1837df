"""The scheduling team's pages, as a scheduler uses them: plan a term (the planner runs as a background task),
read the plan by week, by inspector and inspection by inspection with why any is short, pin and change a team,
run it again, approve it, and see the inspections on the board."""

import pytest
from django.urls import reverse

from fairinspect.inspections.models import Inspection
from fairinspect.scheduling.models import Plan, PlannedPlace, PlanStatus
from tests.html import find, page, text

pytestmark = pytest.mark.django_db


def words(response) -> str:
    assert response.status_code == 200, response.status_code
    return text(find(page(response), "main"))


@pytest.fixture
def signed_in(client, scheduler):
    client.force_login(scheduler)
    return client


def planned_term(client, django_capture_on_commit_callbacks) -> Plan:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("scheduling:plans"), {"term": "summer-2026"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("scheduling:plan", args=[plan.pk])
    return plan


def test_a_scheduler_plans_a_term_reviews_it_and_approves_it(
    signed_in, scheduler, due_schools, workforce, django_capture_on_commit_callbacks
):
    client = signed_in
    assert "Who is due an inspection" in words(client.get(reverse("accounts:home")))
    due = words(client.get(reverse("scheduling:due"), {"term": "summer-2026"}))
    assert "4 schools due" in due and "last inspected on 20 April 2022 (S5 Inspection)" in due
    plan = planned_term(client, django_capture_on_commit_callbacks)
    assert plan.status == PlanStatus.READY and plan.runs.get().task_id
    summary = words(client.get(reverse("scheduling:plan", args=[plan.pk])))
    assert "Inspections 4, every one with its team" in summary and "the best possible plan, proven so" in summary
    week = plan.inspections.order_by("starts_on").first().starts_on
    monday = week.fromordinal(week.toordinal() - week.weekday())
    listed = words(client.get(reverse("scheduling:week", args=[plan.pk, monday.isoformat()])))
    assert "(lead)" in listed and "km" in listed
    loads = words(client.get(reverse("scheduling:inspectors", args=[plan.pk])))
    assert "Inspections in the term" in loads

    row = plan.inspections.order_by("starts_on", "school_id").first()
    place = row.places.get(is_lead=False)
    response = client.post(reverse("scheduling:pin", args=[plan.pk, place.pk]))
    assert response.status_code == 302 and PlannedPlace.objects.get(pk=place.pk).pinned
    detail = words(client.get(reverse("scheduling:planned", args=[plan.pk, row.pk])))
    assert "Pinned" in detail and "Put someone in the team" in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("scheduling:run", args=[plan.pk]))
    assert plan.runs.count() == 2 and PlannedPlace.objects.get(pk=place.pk).pinned

    approve = reverse("scheduling:approve", args=[plan.pk])
    assert "This plans 4 inspections and puts 8 inspectors on their teams" in words(client.get(approve))
    response = client.post(approve, {"confirm": "on"})
    assert response.status_code == 302, response.content.decode()
    assert Inspection.objects.count() == 4
    board = words(client.get(reverse("inspections:board"), {"week": str(row.starts_on)}))
    assert row.school.name in board and "No lead yet" not in board


def test_a_change_the_rules_refuse_is_shown_on_the_form_with_every_reason(
    signed_in, scheduler, due_schools, workforce, django_capture_on_commit_callbacks
):
    plan = planned_term(signed_in, django_capture_on_commit_callbacks)
    row = plan.inspections.order_by("starts_on", "school_id").first()
    member = row.places.get(is_lead=False).inspector
    other = plan.inspections.exclude(pk=row.pk).filter(starts_on=row.starts_on).first()
    signed_in.post(reverse("scheduling:remove-place", args=[plan.pk, other.places.get(is_lead=False).pk]))
    response = signed_in.post(reverse("scheduling:planned", args=[plan.pk, other.pk]), {"inspector": member.pk})
    assert response.status_code == 422
    summary = text(find(page(response), cls="govuk-error-summary"))
    assert f"{member.name} cannot join this team: they are on another inspection from" in summary


def test_a_plan_that_cannot_be_approved_offers_no_approval(signed_in, scheduler, due_schools, workforce,
                                                          django_capture_on_commit_callbacks):  # fmt: skip
    plan = planned_term(signed_in, django_capture_on_commit_callbacks)
    signed_in.post(reverse("scheduling:approve", args=[plan.pk]), {})
    response = signed_in.get(reverse("scheduling:approve", args=[plan.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("scheduling:plan", args=[plan.pk])
    summary = words(signed_in.get(response["Location"]))
    assert "This plan cannot be approved: it is approved." in summary and "Approve the plan" not in summary
