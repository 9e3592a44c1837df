"""The administrators' pages: finding accounts and changing them, the frameworks as loaded, and the audit trail,
searched and exported for disclosure so that a recipient can check what the export says they can."""

import csv
import io
import json

import pytest
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.audit import keys
from fairinspect.audit.models import GENESIS_HASH, AuditEvent
from fairinspect.inspections import services
from fairinspect.inspections.models import State
from tests import factories
from tests.html import page, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    admin = factories.make_user(Role.ADMINISTRATOR, username="ada.admin")
    client.force_login(admin)
    return admin


def test_an_administrator_makes_an_account_and_changes_its_roles_on_its_page(client, administrator):
    response = client.post(
        reverse("administration:user-create"),
        {"username": "rory.mensah", "first_name": "Rory", "roles": ["researcher"], "password": ""},
    )
    assert response.status_code == 302
    account = text(page(client.get(response["Location"])))
    assert "The account is made." in account and "Rory" in account and "Researcher" in account
    assert "No: no password has been set" in account and "Account created" in account

    refused = client.post(reverse("administration:user-create"), {"username": "rory.mensah", "roles": ["researcher"]})
    assert refused.status_code == 422 and "There is already an account with the username rory.mensah" in text(page(refused))


def test_the_frameworks_are_shown_with_their_rules_in_words(client, administrator, frameworks):
    listed = text(page(client.get(reverse("administration:frameworks"))))
    assert "3 frameworks loaded" in listed and "Not graded" in listed
    shown = text(page(client.get(reverse("administration:framework", args=["report-card-2025"]))))
    assert "Leads to monitoring when any area is needs attention, within 365 days." in shown
    assert "Sixth form" in shown and "Applies: where the school has a sixth form." in shown
    assert "report-card-2025" not in shown and "categories_of_concern" not in shown


def _trail(make_inspection):
    """Two inspections' events, interleaved in the chain: the first is cancelled after the second is planned."""
    first = make_inspection(State.NOTIFIED)
    second = make_inspection(State.PLANNED)
    services.cancel_inspection(actor=factories.make_user(Role.SCHEDULER), inspection=first, reason="The school closes.")
    return first, second


def test_the_trail_is_searched_by_object_actor_action_and_time(client, administrator, make_inspection):
    first, second = _trail(make_inspection)
    one = text(page(client.get(reverse("administration:audit"), {"object_type": "inspections.inspection", "object_id": first.pk})))
    assert "School notified" in one and "Inspection " + str(first.pk) in one
    assert "Inspection " + str(second.pk) not in one
    notified = text(page(client.get(reverse("administration:audit"), {"action": "inspection.notified"})))
    assert "1 event found" in notified and "Inspection " + str(first.pk) in notified
    nobody = text(page(client.get(reverse("administration:audit"), {"actor": "nobody"})))
    assert "No event matches." in nobody
    on_the_day = {"since_day": "2", "since_month": "3", "since_year": "2026", "until_day": "2", "until_month": "3", "until_year": "2026"}
    assert "School notified" in text(page(client.get(reverse("administration:audit"), on_the_day)))
    earlier = {"until_day": "1", "until_month": "3", "until_year": "2026"}
    assert "No event matches." in text(page(client.get(reverse("administration:audit"), earlier)))
    backwards = client.get(reverse("administration:audit"), {**earlier, "since_day": "2", "since_month": "3", "since_year": "2026"})
    assert backwards.status_code == 422 and "Until must be the same as or after From" in text(page(backwards))


def test_the_whole_trail_exported_can_be_checked_link_by_link_and_against_its_checkpoint(client, administrator, make_inspection):
    _trail(make_inspection)
    export = json.loads(client.get(reverse("administration:audit-export-json")).content)
    events = export["events"]
    assert [event["sequence"] for event in events] == list(range(1, AuditEvent.objects.count() + 1))
    assert export["gaps_in_sequence"] == 0 and events[0]["previous_hash"] == GENESIS_HASH
    # Without the key: each event names the hash of the one before it, and the last is the checkpoint's head.
    assert all(after["previous_hash"] == before["hash"] for before, after in zip(events, events[1:]))
    assert (export["latest_checkpoint"]["sequence"], export["latest_checkpoint"]["hash"]) == (events[-1]["sequence"], events[-1]["hash"])
    # With the key: each event's hash is the seal of its content, as the export says.
    for event in events:
        content = {name: value for name, value in event.items() if name != "hash"}
        assert keys.seal(event["key_id"], content) == event["hash"]
    assert "without_the_key" in export["how_to_check"] and "with_the_key" in export["how_to_check"]


def test_one_objects_trail_exported_says_it_has_gaps(client, administrator, make_inspection):
    first, _ = _trail(make_inspection)
    query = {"object_type": "inspections.inspection", "object_id": first.pk}
    export = json.loads(client.get(reverse("administration:audit-export-json"), query).content)
    assert {event["object_id"] for event in export["events"]} == {str(first.pk)}
    assert export["selection"] == {"object_type": "inspections.inspection", "object_id": str(first.pk)}
    assert export["gaps_in_sequence"] >= 1

    response = client.get(reverse("administration:audit-export-csv"), query)
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["sequence"] for row in rows] == [str(event["sequence"]) for event in export["events"]]
    assert [row["hash"] for row in rows] == [event["hash"] for event in export["events"]]
    assert json.loads(rows[0]["after"]) == export["events"][0]["after"]
    assert response["Content-Disposition"] == 'attachment; filename="audit-trail.csv"'


def test_an_export_of_a_search_with_a_problem_shows_the_problem_instead(client, administrator):
    response = client.get(reverse("administration:audit-export-csv"), {"since_day": "31", "since_month": "2", "since_year": "2026"})
    assert response.status_code == 422 and "From must be a real date" in text(page(response))
