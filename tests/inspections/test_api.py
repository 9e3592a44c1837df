"""The lifecycle over the JSON API: the same rules as the pages, and errors a client can act on."""

import pytest
from django.test import Client
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.audit.models import AuditEvent
from fairinspect.inspections.models import Inspection, State
from tests import factories

pytestmark = pytest.mark.django_db


def post(client, name, data=None, **kwargs):
    return client.post(reverse(f"api:{name}", kwargs=kwargs), data or {}, content_type="application/json")


@pytest.fixture
def scheduler_client(client):
    client.force_login(factories.make_user(Role.SCHEDULER))
    return client


def test_signed_out_clients_are_told_to_authenticate(client, make_inspection):
    inspection = make_inspection(State.PLANNED)
    assert client.get(reverse("api:inspection", kwargs={"inspection_id": inspection.pk})).status_code == 401
    assert post(client, "inspection-notify", inspection_id=inspection.pk).status_code == 401


def test_a_scheduler_plans_and_bad_dates_are_422_naming_the_field(scheduler_client, clock, frameworks):
    school = factories.make_school()
    events = AuditEvent.objects.count()
    past = post(scheduler_client, "inspections", {"school_urn": school.urn, "framework": "report-card-2025", "kind": "full", "starts_on": "2026-02-27"})
    assert past.status_code == 422
    assert past.json() == {"detail": "The first day on site must be in the future", "field": "starts_on"}
    holiday = post(scheduler_client, "inspections", {"school_urn": school.urn, "framework": "report-card-2025", "kind": "full", "starts_on": "2026-04-03"})
    assert holiday.status_code == 422 and "bank holiday (Good Friday)" in holiday.json()["detail"]
    assert AuditEvent.objects.count() == events and not Inspection.objects.exists()

    created = post(scheduler_client, "inspections", {"school_urn": school.urn, "framework": "report-card-2025", "kind": "full", "starts_on": "2026-03-03"})
    assert created.status_code == 201
    body = created.json()
    # No lead yet, so the school cannot be notified: only what can be done now is offered.
    assert body["state"] == "planned" and body["ends_on"] == "2026-03-04"
    assert "assign" in body["actions"] and "notify" not in body["actions"]


def test_an_ineligible_inspector_is_422_with_every_reason(scheduler_client, make_inspection):
    inspection = make_inspection(State.PLANNED)
    inspector = factories.make_inspector(own_school=inspection.school, trained=False)
    response = post(scheduler_client, "inspection-team", {"inspector_id": inspector.pk}, inspection_id=inspection.pk)
    assert response.status_code == 422
    codes = [reason["code"] for reason in response.json()["reasons"]]
    assert codes[0] == "own-school" and codes.count("training-missing") == 3


def test_wrong_role_is_403_wrong_state_409_and_invisible_404(client, make_inspection):
    notified = make_inspection(State.NOTIFIED)
    school_user = factories.make_user(Role.SCHOOL_USER, school=notified.school)
    client.force_login(school_user)
    wrong_role = post(client, "inspection-cancel", {"reason": "We would rather not."}, inspection_id=notified.pk)
    assert wrong_role.status_code == 403 and wrong_role.json()["detail"].startswith("Only a scheduler")
    other = make_inspection(State.NOTIFIED)
    assert client.get(reverse("api:inspection", kwargs={"inspection_id": other.pk})).status_code == 404
    assert post(client, "inspection-deferral-requests", {"ground": "exceptional", "details": "x"}, inspection_id=other.pk).status_code == 404

    client.force_login(factories.make_user(Role.SCHEDULER))
    wrong_state = post(client, "inspection-notify", inspection_id=notified.pk)
    assert wrong_state.status_code == 409 and "it is school notified" in wrong_state.json()["detail"]
    missing = post(client, "inspection-cancel", {}, inspection_id=notified.pk)
    assert missing.status_code == 422 and "reason" in missing.json()["detail"]
    assert Inspection.objects.get(pk=notified.pk).state == State.NOTIFIED


def test_the_deferral_flow_over_the_api(client, make_inspection):
    inspection = make_inspection(State.NOTIFIED)
    client.force_login(factories.make_user(Role.SCHOOL_USER, school=inspection.school))
    asked = post(client, "inspection-deferral-requests", {"ground": "building-work", "details": "The roof is off."}, inspection_id=inspection.pk)
    assert asked.status_code == 201 and asked.json()["decision"] == "pending"
    assert client.get(reverse("api:deferral-requests")).status_code == 403

    client.force_login(factories.make_user(Role.SCHEDULER))
    queue = client.get(reverse("api:deferral-requests")).json()
    assert [item["id"] for item in queue] == [asked.json()["id"]] and queue[0]["overdue"] is False
    no_reason = post(client, "deferral-decision", {"grant": True, "reason": ""}, request_id=queue[0]["id"])
    assert no_reason.status_code == 422
    decided = post(client, "deferral-decision", {"grant": True, "reason": "No roof."}, request_id=queue[0]["id"])
    assert decided.status_code == 200 and decided.json()["decision"] == "granted"
    again = post(client, "deferral-decision", {"grant": False, "reason": "Oops."}, request_id=queue[0]["id"])
    assert again.status_code == 409
    assert client.get(reverse("api:inspection", kwargs={"inspection_id": inspection.pk})).json()["state"] == "deferred"


def test_changes_need_the_csrf_token(make_inspection):
    inspection = make_inspection(State.PLANNED)
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.make_user(Role.SCHEDULER))
    response = post(client, "inspection-notify", inspection_id=inspection.pk)
    assert response.status_code == 403
    assert Inspection.objects.get(pk=inspection.pk).state == State.PLANNED


def test_an_administrator_halts_and_lifts_over_the_api(client, make_inspection):
    on_site = make_inspection(State.ON_SITE)
    client.force_login(factories.make_user(Role.SCHEDULER))
    assert post(client, "national-halt", {"reason": "x"}).status_code == 403
    client.force_login(factories.make_user(Role.ADMINISTRATOR))
    halted = post(client, "national-halt", {"reason": "A national emergency."})
    assert halted.status_code == 200 and halted.json()["halted"] is True
    assert Inspection.objects.get(pk=on_site.pk).state == State.PAUSED
    assert post(client, "national-halt", {"reason": "Again."}).status_code == 409
    assert post(client, "national-halt-lift", {"reason": "Over."}).json() == {"halted": False, "reason": "", "started_at": None}


def test_inspectors_are_listed_for_planners_and_withdrawn_with_a_reason(client, clock):
    inspector = factories.make_inspector()
    client.force_login(factories.make_user(Role.SCHOOL_USER))
    assert client.get(reverse("api:inspectors")).status_code == 403
    client.force_login(inspector.user)
    assert client.get(reverse("api:inspector", kwargs={"inspector_id": inspector.pk})).status_code == 200
    client.force_login(factories.make_user(Role.SCHEDULER))
    assert client.get(reverse("api:inspectors")).json()["count"] == 1
    assert post(client, "inspector-withdraw", {"reason": " "}, inspector_id=inspector.pk).status_code == 422
    withdrawn = post(client, "inspector-withdraw", {"reason": "Stepping back during a dispute."}, inspector_id=inspector.pk)
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_on"] == "2026-03-02"


def test_what_the_database_cannot_hold_is_422_naming_the_field_and_changes_nothing(scheduler_client, make_inspection):
    """Each was a server error: a first day whose usual last day is past the end of the calendar, text with the
    NUL character (PostgreSQL refuses it) and an offer longer than its column (PostgreSQL refuses that too)."""
    inspection = make_inspection(State.PLANNED)
    events = AuditEvent.objects.count()
    refused_by_the_service = [
        ("inspections", {"school_urn": inspection.school.urn, "framework": "report-card-2025", "kind": "full",
                         "starts_on": "9999-12-31"}, {}),
        ("inspection-replan", {"starts_on": "9999-12-31"}, {"inspection_id": inspection.pk}),
    ]
    for name, data, kwargs in refused_by_the_service:
        response = post(scheduler_client, name, data, **kwargs)
        assert response.status_code == 422
        assert response.json() == {"detail": "The first day on site is too far in the future", "field": "starts_on"}
    offer = {"ground": "exceptional", "starts_on": "2026-03-03", "ends_on": "2026-03-04", "description": "x" * 301}
    too_long = post(scheduler_client, "deferral-offers", offer)
    assert too_long.status_code == 422
    assert too_long.json() == {
        "detail": "What the offer is must be 300 characters or fewer: it has 301",
        "field": "description",
    }
    with_nul = post(scheduler_client, "inspection-cancel", {"reason": "The school\x00is closing."}, inspection_id=inspection.pk)
    assert with_nul.status_code == 422
    assert [error["location"] for error in with_nul.json()["errors"]] == ["body.data.reason"]
    assert AuditEvent.objects.count() == events
    assert Inspection.objects.get(pk=inspection.pk).state == State.PLANNED
