"""The attacks a probe made on the audit trail as someone who can write to the database but does not hold the
audit key. Each is caught by `fairinspect verify_audit`, which names what is wrong and where; the two that
leave a chain complete in itself (events removed from the end, or all of them, with the head set back) are
caught against a checkpoint taken before them, and only so."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

from fairinspect.accounts.roles import Role
from fairinspect.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent, AuditTrailTampered
from fairinspect.audit.selectors import check_chain
from fairinspect.core import working_days
from fairinspect.inspections import services as inspections
from fairinspect.inspections.models import Inspection, Kind
from tests.audit.tampering import append_events, forge, set_head, tamper, unkeyed_hash, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def take_checkpoint(tmp_path):
    """`fairinspect audit_checkpoint --output FILE`, the file kept outside the database; returns its path."""

    def take():
        path = tmp_path / f"checkpoint-{len(list(tmp_path.iterdir())) + 1}.json"
        call_command("audit_checkpoint", "--output", str(path), stdout=StringIO())
        return path

    return take


def test_a_an_event_edited_with_every_later_hash_recomputed_is_named(make_school):
    """(a) The trigger dropped, one event edited, every later hash recomputed and the head moved to match: the
    writer can compute every hash as the chain used to, but not the keyed one."""
    events = append_events(make_school(), count=6)
    edited = events[2]
    previous_hash = events[1].hash
    for event in AuditEvent.objects.filter(sequence__gte=edited.sequence):
        if event.sequence == edited.sequence:
            event.reason = "rewritten"
        event.previous_hash = previous_hash
        event.hash = previous_hash = unkeyed_hash(event)
        tamper(
            "UPDATE audit_auditevent SET reason = %s, previous_hash = %s, hash = %s WHERE sequence = %s",
            [event.reason, event.previous_hash, event.hash, event.sequence],
        )
    set_head(events[-1].sequence, previous_hash)

    named = rf"audit chain broken at event #{edited.sequence}: its content does not match its hash under the key 'tests'"
    with pytest.raises(CommandError, match=named):
        verify()


@pytest.mark.postgres_only
def test_a_on_postgresql_dropping_the_trigger_is_what_lets_the_edit_through(make_school):
    """The probe's own first step: with the trigger in place PostgreSQL refuses the edit; without it the edit is
    written, and the chain names it."""
    event = append_events(make_school(), count=2)[0]
    edit = "UPDATE audit_auditevent SET reason = 'rewritten' WHERE sequence = %s"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(edit, [event.sequence])
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER audit_event_append_only ON audit_auditevent")
        cursor.execute(edit, [event.sequence])
    with pytest.raises(CommandError, match=rf"event #{event.sequence}: its content does not match its hash"):
        verify()


def test_b_events_removed_from_the_end_with_the_head_set_back_are_named_against_an_earlier_checkpoint(
    make_school, take_checkpoint
):
    """(b) The last 10 events deleted and the head set back to the event before them."""
    events = append_events(make_school(), count=14)
    checkpoint = take_checkpoint()
    kept = events[-11]
    tamper("DELETE FROM audit_auditevent WHERE sequence > %s", [kept.sequence])
    set_head(kept.sequence, kept.hash)

    # What is left is a chain complete in itself: only a checkpoint kept outside the database can tell.
    assert check_chain().breaks == ()
    named = (
        rf"checkpoint {re.escape(str(checkpoint))}: it names event #{events[-1].sequence} as the chain's head at "
        rf".+, but the chain now ends at event #{kept.sequence}: events were removed from the end"
    )
    with pytest.raises(CommandError, match=named):
        verify(checkpoint)


def test_b_events_removed_from_the_end_are_named_even_once_new_events_take_their_numbers(
    make_school, take_checkpoint
):
    """After the truncation the service carries on, sealing new events with the key under the old numbers."""
    school = make_school()
    events = append_events(school, count=14)
    checkpoint = take_checkpoint()
    kept = events[-11]
    tamper("DELETE FROM audit_auditevent WHERE sequence > %s", [kept.sequence])
    set_head(kept.sequence, kept.hash)
    append_events(school, count=12)

    verify()  # the chain is intact, as a chain
    with pytest.raises(CommandError, match=rf"event #{events[-1].sequence} no longer has the hash it had at"):
        verify(checkpoint)


def test_c_every_event_removed_with_the_head_reset_to_the_start_is_named_against_an_earlier_checkpoint(
    make_school, take_checkpoint
):
    """(c) Everything deleted and the head reset to the genesis hash: an empty trail, as on the first day."""
    events = append_events(make_school(), count=5)
    checkpoint = take_checkpoint()
    tamper("DELETE FROM audit_auditevent")
    set_head(0, GENESIS_HASH)

    assert check_chain().breaks == ()
    named = rf"it names event #{events[-1].sequence} as the chain's head at .+, but the trail now has no events"
    with pytest.raises(CommandError, match=named):
        verify(checkpoint)


def test_d_a_forged_event_appended_with_a_hash_anyone_can_compute_is_named(make_school):
    """(d) A "deferral granted" event forged and appended, its hash computed as the chain used to, the head
    moved to it. The writer knows the key's id (it is on every event), not its secret."""
    newest = append_events(make_school(), count=3)[-1]
    forged = forge(
        newest,
        actor_label="sam.scheduler",
        action="inspection.defer",
        object_type="inspections.inspection",
        object_id="1",
        before={"state": "notified"},
        after={"state": "deferred"},
        reason="The headteacher is absent.",
    )
    set_head(forged.sequence, forged.hash)

    named = rf"at event #{forged.sequence}: its content does not match its hash under the key 'tests': the event was "
    with pytest.raises(CommandError, match=named + "altered, or written by someone without the key"):
        verify()


def test_d_a_forged_event_naming_a_key_the_service_does_not_hold_is_named(make_school):
    forged = forge(append_events(make_school(), count=2)[-1], key_id="2027")
    set_head(forged.sequence, forged.hash)

    with pytest.raises(CommandError, match=rf"event #{forged.sequence}: it is sealed with the key '2027', which"):
        verify()


def test_e_a_stray_event_after_the_head_is_named_and_every_audited_change_is_refused_saying_why(
    make_school, make_user, frameworks, clock
):
    """(e) A row written after the event the head names, the head left alone: the next append would take its
    number. verify_audit names it, and a service's change is refused with the reason, and nothing is written."""
    school = make_school()
    newest = append_events(school, count=3)[-1]
    stray = forge(newest)

    named = (
        rf"audit chain broken at event #{stray.sequence}: it lies beyond the chain's head, which names event "
        rf"#{newest.sequence} as the newest: it was written outside the trail"
    )
    with pytest.raises(CommandError, match=named):
        verify()

    refusal = (
        rf"inspection.planned cannot be recorded: the audit trail holds event #{stray.sequence} beyond its head "
        rf"\(event #{newest.sequence}\), written outside the trail. Nothing can be recorded until it is dealt with"
    )
    with pytest.raises(AuditTrailTampered, match=refusal):
        inspections.plan_inspection(
            actor=make_user(Role.SCHEDULER),
            school=school,
            framework=frameworks["report-card-2025"],
            kind=Kind.FULL,
            starts_on=working_days.next_working_day(clock.today),
        )
    assert not Inspection.objects.exists()
    assert AuditChainHead.objects.get().sequence == newest.sequence
    assert AuditEvent.objects.count() == stray.sequence


DELETIONS = {
    "the model's base manager": lambda: AuditEvent._base_manager.all().delete(),
    "a plain queryset": lambda: QuerySet(model=AuditEvent).delete(),
    "a raw delete": lambda: AuditEvent.objects.all()._raw_delete(connection.alias),
    "SQL": lambda: connection.cursor().execute("DELETE FROM audit_auditevent"),
}
UPDATES = {
    "the model's base manager": lambda: AuditEvent._base_manager.update(reason="rewritten"),
    "a plain queryset": lambda: QuerySet(model=AuditEvent).update(reason="rewritten"),
    "bulk update": lambda: AuditEvent._base_manager.bulk_update(
        [AuditEvent(pk=event.pk, reason="rewritten") for event in AuditEvent.objects.all()], ["reason"]
    ),
}


def test_f_no_path_round_the_models_guards_deletes_or_changes_an_event(make_school):
    """(f) On SQLite these deletes used to get through, as only the model and its queryset refused them."""
    append_events(make_school(), count=3)
    events = list(AuditEvent.objects.all())
    for path, change in [*DELETIONS.items(), *UPDATES.items()]:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            change()
            pytest.fail(f"{path} changed the audit trail")
    assert list(AuditEvent.objects.all()) == events
    assert [event.reason for event in AuditEvent.objects.all()] == [event.reason for event in events]
    verify()


@pytest.mark.django_db(transaction=True)
def test_f_deletes_are_refused_in_transactional_tests_too(make_school):
    """The test runner empties the database between these tests with DELETE on SQLite; the permit it holds to
    do so exists only inside that flush's transaction, never while a test runs."""
    append_events(make_school(), count=2)
    count = AuditEvent.objects.count()
    for path, delete in DELETIONS.items():
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            delete()
            pytest.fail(f"{path} deleted audit events")
    assert AuditEvent.objects.count() == count
