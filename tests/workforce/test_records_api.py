"""An inspector's record over the JSON API: the same services and rules as the pages, and errors a client can act
on (403 who, 404 what cannot be seen, 409 state, 422 bad data), each changing nothing."""

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from fairinspect.accounts.roles import Role
from tests import factories
from tests.refusals import Snapshot

pytestmark = pytest.mark.django_db

def call(client, method: str, name: str, data=None, **kwargs):
    body = "" if data is None else json.dumps(data)
    return client.generic(method, reverse(f"api:{name}", kwargs=kwargs), body, content_type="application/json")


def refused(client, method: str, name: str, data, status: int, detail: str, **kwargs) -> dict:
    """The request is answered with `status` and a `detail` saying `detail`, and nothing is written."""
    before = Snapshot.take()
    response = call(client, method, name, data, **kwargs)
    assert response.status_code == status, response.content
    assert detail in response.json()["detail"]
    before.assert_unchanged(f"{method} {name}, refused with {status},")
    return response.json()


@pytest.fixture
def scheduler(client):
    client.force_login(factories.make_user(Role.SCHEDULER))
    return client


def test_training_is_recorded_read_and_removed_by_the_scheduling_team(scheduler, clock, frameworks):
    inspector = factories.make_inspector(trained=False)
    training = {"course": "mental-health-awareness", "completed_on": "2025-09-01", "expires_on": "2028-09-01"}
    refused(scheduler, "POST", "inspector-training", {**training, "course": "origami"}, 404,
            "No course 'origami' that a framework requires", inspector_id=inspector.pk)  # fmt: skip
    body = refused(scheduler, "POST", "inspector-training", {**training, "completed_on": "2026-03-03"}, 422,
                   "The course cannot be completed in the future", inspector_id=inspector.pk)  # fmt: skip
    assert body["field"] == "completed_on"

    created = call(scheduler, "POST", "inspector-training", training, inspector_id=inspector.pk)
    assert created.status_code == 201
    record = created.json()
    assert {key: record[key] for key in ("course", "completed_on", "expires_on")} == training
    refused(scheduler, "POST", "inspector-training", training, 422, "already recorded as completed on 1 September 2025",
            inspector_id=inspector.pk)  # fmt: skip
    shown = call(scheduler, "GET", "inspector", inspector_id=inspector.pk).json()
    assert [item["id"] for item in shown["training"]] == [record["id"]]

    remove = {"inspector_id": inspector.pk, "training_id": record["id"]}
    refused(scheduler, "POST", "inspector-training-remove", {"reason": ""}, 422, "Enter why the training record is wrong", **remove)
    removed = call(scheduler, "POST", "inspector-training-remove", {"reason": "Recorded in error."}, **remove)
    assert removed.status_code == 200 and removed.json()["training"] == []
    refused(scheduler, "POST", "inspector-training-remove", {"reason": "Again."}, 404, "No training record", **remove)


def test_an_inspector_keeps_their_own_time_away_and_conflicts_but_not_their_training(client, clock, frameworks):
    inspector, colleague = factories.make_inspector(), factories.make_inspector()
    school = factories.make_school()
    client.force_login(inspector.user)
    own = {"inspector_id": inspector.pk}
    refused(client, "POST", "inspector-training", {"course": "mental-health-awareness", "completed_on": "2025-09-01"},
            403, "Only a scheduler or an administrator can record training", **own)  # fmt: skip
    refused(client, "POST", "inspector-unavailability", {"starts_on": "2026-04-06", "ends_on": "2026-04-17"}, 404,
            f"No inspector {colleague.pk} that you can see", inspector_id=colleague.pk)  # fmt: skip
    body = refused(client, "POST", "inspector-unavailability", {"starts_on": "2026-04-17", "ends_on": "2026-04-06"},
                   422, "The last day must be the same as or after the first day", **own)  # fmt: skip
    assert body["field"] == "ends_on"

    away = call(client, "POST", "inspector-unavailability", {"starts_on": "2026-04-06", "ends_on": "2026-04-17",
                                                               "reason": "Annual leave"}, **own)  # fmt: skip
    assert away.status_code == 201 and away.json()["reason"] == "Annual leave"
    period = {**own, "unavailability_id": away.json()["id"]}
    assert call(client, "DELETE", "inspector-unavailability-period", **period).json()["unavailability"] == []
    refused(client, "DELETE", "inspector-unavailability-period", None, 404, "No period of unavailability", **period)

    refused(client, "POST", "inspector-conflicts", {"reason": "My child attends it."}, 422,
            "Name either a school or a trust", **own)  # fmt: skip
    refused(client, "POST", "inspector-conflicts", {"school_urn": 999999999, "reason": "x"}, 404,
            "No school has URN 999999999", **own)  # fmt: skip
    declared = call(client, "POST", "inspector-conflicts", {"school_urn": school.urn, "reason": "My child attends it."}, **own)
    assert declared.status_code == 201
    assert {key: declared.json()[key] for key in ("school_urn", "trust_code", "declared_on")} == {
        "school_urn": school.urn, "trust_code": None, "declared_on": "2026-03-02",
    }  # fmt: skip
    refused(client, "POST", "inspector-conflict-withdraw", {"reason": "My child has left."}, 403,
            "Only a scheduler or an administrator can withdraw a declared conflict of interest",
            conflict_id=declared.json()["id"], **own)  # fmt: skip

    client.force_login(factories.make_user(Role.ADMINISTRATOR))
    withdrawn = call(client, "POST", "inspector-conflict-withdraw", {"reason": "Their child left in July."},
                     conflict_id=declared.json()["id"], **own)  # fmt: skip
    assert withdrawn.status_code == 200 and withdrawn.json()["declared_conflicts"] == []


def test_schools_worked_at_and_the_day_they_left(scheduler, clock, frameworks):
    inspector = factories.make_inspector()
    school = factories.make_school()
    own = {"inspector_id": inspector.pk}
    refused(scheduler, "POST", "inspector-schools-worked-at", {"school_urn": 999999999, "started_on": "2015-09-01"},
            404, "No school has URN 999999999", **own)  # fmt: skip
    worked = call(scheduler, "POST", "inspector-schools-worked-at", {"school_urn": school.urn, "started_on": "2015-09-01"}, **own)
    assert worked.status_code == 201 and worked.json()["left_on"] is None
    left = {**own, "school_worked_at_id": worked.json()["id"]}
    body = refused(scheduler, "POST", "inspector-school-left", {"left_on": "2015-08-31"}, 422,
                   "They must leave after they started, on 1 September 2015", **left)  # fmt: skip
    assert body["field"] == "left_on"
    assert call(scheduler, "POST", "inspector-school-left", {"left_on": "2020-08-31"}, **left).json()["left_on"] == "2020-08-31"
    refused(scheduler, "POST", "inspector-school-left", {"left_on": "2021-08-31"}, 409,
            "They already left this school on 31 August 2020", **left)  # fmt: skip
    record = call(scheduler, "GET", "inspector", **own).json()["schools_worked_at"]
    assert record == [{"id": worked.json()["id"], "school_urn": school.urn, "started_on": "2015-09-01", "left_on": "2020-08-31"}]


def test_a_change_to_a_record_needs_the_csrf_token(clock, frameworks):
    inspector = factories.make_inspector()
    client = Client(enforce_csrf_checks=True)
    client.force_login(inspector.user)
    refused(client, "POST", "inspector-unavailability", {"starts_on": "2026-04-06", "ends_on": "2026-04-17"}, 403,
            "CSRF", inspector_id=inspector.pk)  # fmt: skip


def test_whether_an_inspector_may_lead_follows_their_hmi_experience_as_it_lapses(scheduler, clock):
    recent = factories.make_inspector(kind="oi", last_worked_as_hmi_on=date(2023, 3, 2))
    lapsed = factories.make_inspector(kind="oi", last_worked_as_hmi_on=date(2023, 3, 1))
    for inspector, may_lead in ((recent, True), (lapsed, False)):
        body = call(scheduler, "GET", "inspector", inspector_id=inspector.pk).json()
        assert (body["may_lead"], body["last_worked_as_hmi_on"]) == (may_lead, str(inspector.last_worked_as_hmi_on))
    page = scheduler.get(reverse("workforce:detail", args=[lapsed.pk])).content.decode()
    assert "No: they last worked as an HMI on 1 March 2023, which counted as recent until 1 March 2026" in page
