import pytest
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from fairinspect.audit.models import AppendOnlyError, AuditEvent
from fairinspect.audit.selectors import check_chain, events_for, find_chain_break
from fairinspect.audit.services import record_event
from tests.audit.tampering import append_events, tamper, verify

pytestmark = pytest.mark.django_db


def test_intact_chain_verifies_and_links_each_event_to_the_one_before(make_school, capsys):
    events = append_events(make_school())
    verify()
    assert "audit chain intact" in capsys.readouterr().out
    for earlier, later in zip(events, events[1:]):
        assert later.sequence == earlier.sequence + 1
        assert later.previous_hash == earlier.hash


def test_altered_event_is_named(make_school):
    events = append_events(make_school())
    tamper("UPDATE audit_auditevent SET reason = 'rewritten' WHERE sequence = %s", [events[1].sequence])
    with pytest.raises(CommandError, match=rf"event #{events[1].sequence}: its content does not match its hash"):
        verify()


def test_altered_json_data_is_named(make_school):
    events = append_events(make_school())
    tamper("UPDATE audit_auditevent SET after = %s WHERE sequence = %s", ['{"n": 99}', events[2].sequence])
    with pytest.raises(CommandError, match=rf"event #{events[2].sequence}: its content does not match"):
        verify()


def test_removed_event_is_named(make_school):
    events = append_events(make_school())
    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [events[1].sequence])
    with pytest.raises(CommandError, match=rf"event #{events[1].sequence} is missing"):
        verify()


def test_removed_last_event_is_noticed_through_the_chain_head(make_school):
    events = append_events(make_school())
    last = events[-1].sequence
    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [last])
    missing = rf"event #{last}: event #{last} is missing: the chain's head names event #{last} as the newest"
    with pytest.raises(CommandError, match=missing):
        verify()


def test_every_event_removed_is_noticed_without_naming_an_event_that_never_was(make_school):
    events = append_events(make_school())
    tamper("DELETE FROM audit_auditevent")
    chain_break = find_chain_break()
    assert chain_break.sequence == 1
    assert f"names event #{events[-1].sequence} as the newest, but there are no events" in str(chain_break)
    assert "#0" not in str(chain_break)


def test_a_missing_chain_head_is_a_break_while_events_exist(make_school):
    append_events(make_school())
    tamper("DELETE FROM audit_auditchainhead")
    count = AuditEvent.objects.count()
    with pytest.raises(CommandError, match=rf"at its head: it is missing, though {count} events exist"):
        verify()


def test_a_chain_head_that_does_not_match_the_newest_event_is_a_break(make_school):
    events = append_events(make_school())
    tamper("UPDATE audit_auditchainhead SET hash = %s", ["f" * 64])
    with pytest.raises(CommandError, match=rf"event #{events[-1].sequence}: its hash is not the one the chain's head"):
        verify()


def test_events_appended_while_the_chain_is_checked_are_no_break(make_school):
    """An event appended just before the check reads the chain's head and another just after it: the check
    covers the first and leaves the second to the next check, rather than taking either for tampering."""
    school = make_school()
    newest = append_events(school)[-1].sequence
    head_reads = 0

    def append_around_the_first_read_of_the_head(execute, sql, params, many, context):
        nonlocal head_reads
        if not sql.startswith("SELECT") or '"audit_auditchainhead"' not in sql:
            return execute(sql, params, many, context)
        head_reads += 1
        if head_reads > 1:  # the appends' own reads of the head, and any later one
            return execute(sql, params, many, context)
        append_events(school, count=1)
        result = execute(sql, params, many, context)
        append_events(school, count=1)
        return result

    with connection.execute_wrapper(append_around_the_first_read_of_the_head):
        check = check_chain()

    assert check.verified == newest + 1 and check.breaks == ()
    assert AuditEvent.objects.count() == newest + 2 and find_chain_break() is None


def test_reordered_events_are_named(make_school):
    events = append_events(make_school())
    first, second = events[1].sequence, events[2].sequence
    tamper("UPDATE audit_auditevent SET sequence = 999999 WHERE sequence = %s", [first])
    tamper("UPDATE audit_auditevent SET sequence = %s WHERE sequence = %s", [first, second])
    tamper("UPDATE audit_auditevent SET sequence = %s WHERE sequence = 999999", [second])
    with pytest.raises(CommandError, match=rf"event #{first}: it does not follow the event before it"):
        verify()
    assert find_chain_break().sequence == first


def test_application_cannot_update_or_delete_events(make_school):
    event = append_events(make_school(), count=1)[0]
    event.reason = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="changed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_database_refuses_updates_even_from_raw_sql(make_school):
    event = append_events(make_school(), count=1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).reason == "step 0"


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused(make_school):
    school = make_school()
    with pytest.raises(RuntimeError, match="inside the transaction"):
        record_event(actor=None, action="school.noted", obj=school)


def test_events_for_lists_an_objects_history_in_order(make_school):
    school, other = make_school(), make_school()
    append_events(other, count=1)
    events = append_events(school, count=3)
    assert list(events_for(school)) == events


@pytest.mark.django_db
def test_an_event_recorded_in_british_summer_time_verifies(clock):
    """The services' clock reads local time (the demo's and the tests' do); the seal must cover the time as the
    database gives it back."""
    from datetime import date

    clock.set(date(2026, 7, 1))
    with transaction.atomic():
        record_event(actor=None, actor_label="system:test", action="test.summer", object_type="test", object_id=1)

    assert find_chain_break() is None
