"""Plans over the JSON API: asked for with 202, run as a background task, polled until finished; refusals say
why and change nothing."""

import json

import pytest
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.scheduling.models import Plan
from tests import factories
from tests.refusals import nothing_changed

pytestmark = pytest.mark.django_db


def post(client, name: str, data: dict, **kwargs):
    return client.post(reverse(f"api:{name}", kwargs=kwargs), json.dumps(data), content_type="application/json")


def test_a_plan_is_asked_for_run_in_the_background_and_polled(client, scheduler, due_schools, workforce,
                                                              django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(scheduler)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = post(client, "plans", {"term": "summer-2026"})
    assert response.status_code == 202
    body = response.json()
    assert (body["term"], body["status"], body["inspections"]) == ("summer-2026", "queued", 0)
    assert [run["status"] for run in body["runs"]] == ["queued"]
    for callback in queued:  # the commit: the task worker runs it
        callback()
    polled = client.get(reverse("api:plan", kwargs={"plan_id": body["id"]})).json()
    (run,) = polled["runs"]
    assert polled["status"] == "ready" and polled["inspections"] == 4 and run["status"] == "finished"
    assert run["bound"] <= run["cost"] <= run["greedy_cost"] and run["gap"] == pytest.approx(0, abs=1e-6)
    assert run["unstaffed"] == 0 and run["failure"] == ""
    with django_capture_on_commit_callbacks(execute=True):
        again = post(client, "plan-runs", {}, plan_id=body["id"])
    assert again.status_code == 202 and len(client.get(reverse("api:plan", kwargs={"plan_id": body["id"]})).json()["runs"]) == 2
    listed = client.get(reverse("api:plans")).json()
    assert [plan["id"] for plan in listed["items"]] == [body["id"]]


def test_refusals_say_why_and_change_nothing(client, scheduler, due_schools):
    client.force_login(scheduler)
    with nothing_changed():
        response = post(client, "plans", {"term": "winter-2026"})
    assert response.status_code == 422 and "There is no term 'winter-2026'" in response.json()["detail"]
    client.force_login(factories.make_user(Role.INSPECTOR))
    with nothing_changed():
        response = post(client, "plans", {"term": "summer-2026"})
    assert response.status_code == 403 and response.json()["detail"] == "Only a scheduler can plan a term's inspections."
    assert not Plan.objects.exists()
