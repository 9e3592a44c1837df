"""Issue 4's "Done means", in the demo's data, through its pages, with the sign-ins the demo prints: a
scheduler notifies the school due to be called today, the school asks to defer, the scheduler grants it, and
the inspection's history shows each step."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from fairinspect.audit.selectors import events_for
from fairinspect.complaints.models import Complaint
from fairinspect.demo import people
from fairinspect.demo.loading import loaded_for
from fairinspect.inspections.models import DeferralGround, DeferralRequest, Inspection, State
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


def _post(client, name: str, inspection: Inspection, data: dict | None = None) -> None:
    response = client.post(reverse(name, args=[inspection.pk]), data or {})
    assert response.status_code == 302, f"{name} of {inspection.school}: {words(response)}"


def test_every_try_first_can_be_followed_in_one_demo_in_the_printed_order(client, clock, demo):
    """The README's table (the printout's rows) followed top to bottom, each person doing what their row says on
    the inspection it names: no step takes away a later one's."""
    rows = people.sign_ins()
    assert [row.username for row in rows] == [
        "sam.scheduler", "hana.head", "noor.head", "pat.head", "femi.head", "fola.head", "liam.lead", "dana.duty", "quinn.qa",
        "cara.complaints", "chris.head", "rory.researcher", "ada.admin",
    ]  # fmt: skip
    printed = {row.username: row for row in rows}

    def school_of(username: str) -> Inspection:
        return Inspection.objects.get(school__memberships__user__username=username)

    def named_in(username: str, state: State) -> Inspection:
        (inspection,) = [item for item in Inspection.objects.filter(state=state) if item.school.name in printed[username].try_first]
        return inspection

    sign_in(client, printed["sam.scheduler"])
    _post(client, "inspections:notify", named_in("sam.scheduler", State.PLANNED))
    for head in ("hana.head", "noor.head"):
        sign_in(client, printed[head])
        _post(client, "inspections:request-deferral", school_of(head), {"ground": DeferralGround.HEADTEACHER_ABSENT, "details": "Away."})
    sign_in(client, printed["pat.head"])
    _post(client, "inspections:pause", named_in("pat.head", State.ON_SITE), {"ground": "other"})
    sign_in(client, printed["femi.head"])
    provisional = words(client.get(reverse("grading:provisional", args=[school_of("femi.head").pk])))
    assert "Please do not publish them to parents yet" in provisional and "116 123" in provisional
    sign_in(client, printed["fola.head"])
    checking = school_of("fola.head")
    _post(client, "reports:comment", checking, {"section": "next-steps", "text": "We started this in September."})
    _post(client, "reports:request-review", checking, {"reason": "Leadership is stronger than the draft says."})
    sign_in(client, printed["liam.lead"])
    for comment in checking.report.comments.filter(answer="pending"):
        response = client.post(reverse("reports:answer", args=[checking.pk, comment.pk]), {"accepted": "no", "reason": "It is new."})
        assert response.status_code == 302, words(response)
    led = named_in("liam.lead", State.ON_SITE)
    response = client.post(reverse("evidence:write", args=[led.pk, "inclusion"]), {"activity": "meeting", "text": "Met the SENCo."})
    assert response.status_code == 302, words(response)
    _post(client, "inspections:pause", led, {"ground": "leader-wellbeing"})
    sign_in(client, printed["dana.duty"])
    _post(client, "inspections:confirm-pause", named_in("dana.duty", State.PAUSED))
    _post(client, "reports:decide-review", checking, {"upheld": "not-upheld", "reason": "The evidence holds."})
    sign_in(client, printed["quinn.qa"])
    ready = named_in("quinn.qa", State.QUALITY_ASSURANCE)
    _post(client, "reports:publish", ready)
    ready.refresh_from_db()
    client.post(reverse("accounts:sign-out"))
    found = words(client.get(reverse("schools:search"), {"q": ready.school.name}))
    assert ready.school.name in found
    card = words(client.get(reverse("reports:card", args=[ready.report.inspection_number])))
    assert ready.school.name in card and "Safeguarding" in card
    for reader in ("quinn.qa", "cara.complaints"):
        sign_in(client, printed[reader])
        assert client.get(reverse("schools:search"), {"q": "Primary"}).status_code == 200
    sign_in(client, printed["cara.complaints"])
    assert client.get(reverse("complaints:queue")).status_code == 200
    overdue = Complaint.objects.filter(decided_at__isnull=True, respond_by__lt=loaded_for()).get()
    assert client.post(reverse("complaints:take", args=[overdue.pk])).status_code == 302
    response = client.post(reverse("complaints:decide", args=[overdue.pk]), {"outcome": "upheld", "reason": "We agree."})
    assert response.status_code == 302, words(response)
    sign_in(client, printed["chris.head"])
    (complaint,) = Complaint.objects.filter(inspection__school__memberships__user__username="chris.head")
    response = client.post(reverse("complaints:escalate", args=[complaint.pk]), {"grounds": "Not satisfied."})
    assert response.status_code == 302, words(response)
    sign_in(client, printed["rory.researcher"])
    assert client.get(reverse("api:openapi-view")).status_code == 200
    sign_in(client, printed["ada.admin"])
    assert client.post(reverse("inspections:halt"), {"reason": "Trying the demo."}).status_code == 302
    assert client.post(reverse("inspections:lift-halt"), {"reason": "Tried."}).status_code == 302
    # And the scheduler's second step: the requests to defer, the two just asked among them.
    sign_in(client, printed["sam.scheduler"])
    for request in DeferralRequest.objects.filter(decision="pending"):
        response = client.post(reverse("inspections:decide-deferral", args=[request.pk]), {"decision": "refuse", "reason": "It goes ahead."})
        assert response.status_code == 302, words(response)
