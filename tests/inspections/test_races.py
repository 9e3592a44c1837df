"""Two people acting on the same inspection at the same moment, on PostgreSQL with real row locks: the
transitions take turns, so exactly one of two conflicting actions wins and the other is refused."""

import threading
import time

import pytest
from django.db import connection

from fairinspect.accounts.roles import Role
from fairinspect.audit.selectors import events_for, find_chain_break
from fairinspect.core.errors import DomainError
from fairinspect.inspections import services
from fairinspect.inspections import steps
from fairinspect.inspections.services import deferrals
from fairinspect.inspections.models import Decision, DeferralGround, Inspection, State
from fairinspect.inspections.selectors import active_halt
from fairinspect.workforce import services as workforce_services
from tests import factories

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
ROUNDS = 5


def race(*calls):
    """Run the calls at once, each in a thread with its own database connection; returns each outcome
    ("won" or the refusal)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            outcomes[index] = "won"
        except DomainError as refusal:
            outcomes[index] = refusal
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_starting_and_cancelling_at_once_one_wins(clock, make_inspection):
    for _ in range(ROUNDS):
        inspection = make_inspection(State.NOTIFIED)
        clock.set(inspection.starts_on)
        lead = inspection.team.get(is_lead=True).inspector.user
        scheduler = factories.make_user(Role.SCHEDULER)
        started, cancelled = race(
            lambda: services.start_inspection(actor=lead, inspection=inspection),
            lambda: services.cancel_inspection(actor=scheduler, inspection=inspection, reason="The school has closed."),
        )
        assert [started, cancelled].count("won") == 1
        final = Inspection.objects.get(pk=inspection.pk).state
        assert final == (State.ON_SITE if started == "won" else State.CANCELLED)
        actions = [event.action for event in events_for(inspection)]
        assert actions[-1] in ("inspection.started", "inspection.cancelled")
        assert actions.count("inspection.started") + actions.count("inspection.cancelled") == 1
    assert find_chain_break() is None


def test_granting_and_refusing_a_deferral_at_once_one_decision_stands(clock, make_inspection):
    for _ in range(ROUNDS):
        inspection = make_inspection(State.NOTIFIED)
        request = services.request_deferral(
            actor=factories.make_user(Role.SCHOOL_USER, school=inspection.school), inspection=inspection,
            ground=DeferralGround.SERIOUS_INCIDENT, details="A flood in the hall.",
        )
        first, second = factories.make_user(Role.SCHEDULER), factories.make_user(Role.SCHEDULER)
        granted, refused = race(
            lambda: services.decide_deferral(actor=first, request=request, grant=True, reason="A flood."),
            lambda: services.decide_deferral(actor=second, request=request, grant=False, reason="It can go ahead."),
        )
        assert [granted, refused].count("won") == 1
        request.refresh_from_db()
        assert request.decision == (Decision.GRANTED if granted == "won" else Decision.REFUSED)
        assert Inspection.objects.get(pk=inspection.pk).state == (State.DEFERRED if granted == "won" else State.NOTIFIED)
    assert find_chain_break() is None


def test_a_start_never_slips_past_a_halt_being_declared(clock, make_inspection):
    admin = factories.make_user(Role.ADMINISTRATOR)
    for _ in range(ROUNDS):
        inspection = make_inspection(State.NOTIFIED)
        clock.set(inspection.starts_on)
        lead = inspection.team.get(is_lead=True).inspector.user
        started, halted = race(
            lambda: services.start_inspection(actor=lead, inspection=inspection),
            lambda: services.halt_inspections(actor=admin, reason="A national emergency."),
        )
        assert halted == "won"
        final = Inspection.objects.get(pk=inspection.pk)
        # Either the start came first and the halt paused it, or the halt came first and the start was refused.
        assert final.state == (State.PAUSED if started == "won" else State.NOTIFIED)
        assert not Inspection.objects.filter(state=State.ON_SITE).exists()
        services.lift_halt(actor=admin, reason="Over.")
        if final.state == State.PAUSED:
            services.cancel_inspection(actor=factories.make_user(Role.SCHEDULER), inspection=final, reason="Start again.")
    assert active_halt() is None and find_chain_break() is None


def _holding_on_after(function, checked: threading.Event):
    """`function`, which then tells `checked` and waits a moment before its caller goes on: another change
    made in that moment must wait for the caller's transaction, or the caller acts on what it read before."""

    def held(*args, **kwargs):
        result = function(*args, **kwargs)
        checked.set()
        time.sleep(0.5)
        return result

    return held


def _sequence(action: str, obj) -> int:
    """Where on the audit trail the latest such event of `obj` is."""
    return events_for(obj).filter(action=action).last().sequence


def test_a_conflict_declared_while_an_inspector_is_assigned_is_never_missed(clock, make_inspection, monkeypatch):
    inspection = make_inspection(State.PLANNED)
    scheduler = factories.make_user(Role.SCHEDULER)
    inspector = factories.make_inspector()
    checked = threading.Event()
    monkeypatch.setattr(steps, "assignment_refusals", _holding_on_after(steps.assignment_refusals, checked))

    def declare():
        checked.wait(timeout=5)
        workforce_services.declare_conflict(
            actor=inspector.user, inspector=inspector, school=inspection.school, reason="My daughter started there."
        )

    assigned, declared = race(
        lambda: services.assign_inspector(actor=scheduler, inspection=inspection, inspector=inspector), declare
    )
    assert (assigned, declared) == ("won", "won")
    # The declaration waited for the assignment, which was checked before the conflict existed; the next check
    # of the team (notifying the school) sees it.
    assert _sequence("inspection.inspector_assigned", inspection) < _sequence("workforce.conflict_declared", inspector)
    with pytest.raises(DomainError, match="My daughter started there"):
        services.notify_school(actor=scheduler, inspection=inspection)
    assert find_chain_break() is None


def test_a_standing_offer_withdrawn_while_it_grants_a_request_is_withdrawn_after_the_grant(clock, make_inspection, monkeypatch):
    scheduler = factories.make_user(Role.SCHEDULER)
    offer = services.create_blanket_offer(
        actor=scheduler, ground=DeferralGround.BLANKET_OFFER, starts_on=clock.today, ends_on=clock.today,
        description="Any school may defer today.",
    )
    inspection = make_inspection(State.NOTIFIED)
    school_user = factories.make_user(Role.SCHOOL_USER, school=inspection.school)
    checked = threading.Event()
    monkeypatch.setattr(deferrals, "_decide", _holding_on_after(deferrals._decide, checked))

    def withdraw():
        checked.wait(timeout=5)
        services.withdraw_blanket_offer(actor=scheduler, offer=offer)

    asked, withdrawn = race(
        lambda: services.request_deferral(
            actor=school_user, inspection=inspection, ground=DeferralGround.BLANKET_OFFER, details="We take up the offer."
        ),
        withdraw,
    )
    assert (asked, withdrawn) == ("won", "won")
    assert _sequence("inspection.deferral_granted", inspection) < _sequence("deferral_offer.withdrawn", offer)
    assert find_chain_break() is None
