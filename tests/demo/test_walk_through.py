"""Issue 4's "Done means", in the demo's data, through its pages, with the sign-ins the demo prints: a
scheduler notifies the school due to be called today, the school asks to defer, the scheduler grants it, and
the inspection's history shows each step."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from fairinspect.audit.selectors import events_for
from fairinspect.demo import people
from fairinspect.inspections.models import DeferralGround, Inspection, State
from tests.html import page, text

pytestmark = pytest.mark.django_db


def sign_in(client, sign_in_row) -> None:
    client.post(reverse("accounts:sign-out"))
    response = client.post(
        reverse("accounts:sign-in"), {"username": sign_in_row.username, "password": sign_in_row.password}
    )
    assert response.status_code == 302, f"{sign_in_row.username} cannot sign in with the printed password"


def words(response) -> str:
    return text(page(response))


def test_a_newcomer_notifies_the_school_due_today_it_asks_to_defer_and_the_deferral_is_granted(client, clock, demo):
    printed = {row.username: row for row in people.sign_ins()}
    scheduler, headteacher = printed[people.SCHEDULER.username], printed[people.HEAD_TO_CALL.username]
    inspection = Inspection.objects.get(school__memberships__user__username=headteacher.username)
    assert inspection.school.name in people.newcomer_steps()[0] and inspection.school.name in scheduler.try_first
    detail = reverse("inspections:detail", args=[inspection.pk])

    sign_in(client, scheduler)
    assert detail in client.get(reverse("inspections:board")).content.decode()
    assert reverse("inspections:notify", args=[inspection.pk]) in client.get(detail).content.decode()
    response = client.post(reverse("inspections:notify", args=[inspection.pk]))
    assert response.status_code == 302
    assert "The school and the team have been notified" in words(client.get(response["Location"]))

    sign_in(client, headteacher)
    assert detail in client.get(reverse("inspections:mine")).content.decode()
    assert "Ask to defer the inspection" in words(client.get(detail))
    response = client.post(
        reverse("inspections:request-deferral", args=[inspection.pk]),
        {"ground": DeferralGround.HEADTEACHER_ABSENT, "details": "I am in hospital this week."},
    )
    assert response.status_code == 302

    sign_in(client, scheduler)
    request = inspection.deferral_requests.get()
    decide = reverse("inspections:decide-deferral", args=[request.pk])
    assert decide in client.get(reverse("inspections:deferral-queue")).content.decode()
    response = client.post(decide, {"decision": "grant", "reason": "The headteacher is in hospital."})
    assert response.status_code == 302

    history = words(client.get(detail))
    for step in ("School notified", "Deferral requested", "Deferral granted"):
        assert step in history
    assert headteacher.username in history and scheduler.username in history
    assert Inspection.objects.get(pk=inspection.pk).state == State.DEFERRED
    assert [event.action for event in events_for(inspection)][-3:] == [
        "inspection.notified", "inspection.deferral_requested", "inspection.deferral_granted",
    ]  # fmt: skip
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "audit chain intact" in out.getvalue()
