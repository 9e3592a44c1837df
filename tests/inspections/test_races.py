"""Two people acting on the same inspection at the same moment, on PostgreSQL with real row locks: the
transitions take turns, so exactly one of two conflicting actions wins and the other is refused."""

import threading

import pytest
from django.db import connection

from fairinspect.accounts.roles import Role
from fairinspect.audit.selectors import events_for, find_chain_break
from fairinspect.core.errors import DomainError
from fairinspect.inspections import services
from fairinspect.inspections.models import Decision, DeferralGround, Inspection, State
from fairinspect.inspections.selectors import active_halt
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
