"""`fairinspect audit_checkpoint` signs a statement of the chain's head for keeping outside the database, and
`fairinspect verify_audit --checkpoint FILE…` proves the chain still holds each one."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fairinspect.audit.models import AuditEvent, AuditTrailTampered
from fairinspect.audit.selectors import CHECKPOINT_STATEMENT, checkpoint_problem, latest_checkpoint
from tests.audit.tampering import append_events, tamper, verify

pytestmark = pytest.mark.django_db


def take_checkpoint(path=None) -> dict:
    out = StringIO()
    call_command("audit_checkpoint", *(["--output", str(path)] if path else []), stdout=out)
    return json.loads(path.read_text()) if path else json.loads(out.getvalue())


def write(path, checkpoint) -> None:
    path.write_text(json.dumps(checkpoint))


def test_a_checkpoint_states_the_chains_head_signed_with_the_audit_key(make_school, clock):
    newest = append_events(make_school())[-1]
    checkpoint = take_checkpoint()
    assert set(checkpoint) == {"statement", "sequence", "hash", "taken_at", "key_id", "signature"}
    assert checkpoint["statement"] == CHECKPOINT_STATEMENT
    assert (checkpoint["sequence"], checkpoint["hash"], checkpoint["key_id"]) == (newest.sequence, newest.hash, "tests")
    assert re.fullmatch(r"[0-9a-f]{64}", checkpoint["signature"])
    assert checkpoint_problem(checkpoint) is None


def test_the_latest_checkpoint_is_a_dict_for_the_open_data_to_publish(make_school):
    append_events(make_school())
    checkpoint = latest_checkpoint()
    assert checkpoint["sequence"] == AuditEvent.objects.count()
    assert json.loads(json.dumps(checkpoint)) == checkpoint
    assert checkpoint_problem(checkpoint) is None


def test_checkpoints_taken_earlier_still_hold_as_the_chain_grows(make_school, tmp_path, capsys):
    school = make_school()
    append_events(school, count=2)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    take_checkpoint(first)
    append_events(school, count=3)
    take_checkpoint(second)
    append_events(school, count=1)
    capsys.readouterr()

    verify(first, second)

    out = capsys.readouterr().out
    assert f"audit chain intact: {AuditEvent.objects.count()} events verified" in out
    for path in (first, second):
        assert f"checkpoint {path} holds: event #{json.loads(path.read_text())['sequence']}, as at" in out


def test_the_command_names_every_checkpoint_that_does_not_hold_and_only_those(make_school, tmp_path):
    events = append_events(make_school(), count=3)
    holds, altered, missing = tmp_path / "holds.json", tmp_path / "altered.json", tmp_path / "missing.json"
    take_checkpoint(holds)
    write(altered, {**json.loads(holds.read_text()), "sequence": events[0].sequence})

    with pytest.raises(CommandError) as refused:
        call_command("verify_audit", "--checkpoint", str(holds), "--checkpoint", str(altered), str(missing))

    assert str(refused.value).splitlines() == [
        f"checkpoint {altered}: its signature does not match its content: it was altered, or not signed with an "
        "audit key",
        f"checkpoint {missing}: it cannot be read (No such file or directory)",
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", r"it is not JSON \(Expecting property name"),
        ("[]", r"it is not a fairinspect audit checkpoint \(its statement is not"),
        (json.dumps({"statement": CHECKPOINT_STATEMENT, "sequence": "4"}), r"its fields sequence, hash, taken_at, "),
    ],
    ids=["not JSON", "not a checkpoint", "fields missing or of the wrong type"],
)
def test_a_file_that_is_no_checkpoint_is_named(make_school, tmp_path, content, problem):
    append_events(make_school(), count=1)
    path = tmp_path / "checkpoint.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=rf"^checkpoint {re.escape(str(path))}: {problem}"):
        verify(path)


def test_a_checkpoint_with_a_field_added_is_named(make_school, tmp_path):
    append_events(make_school(), count=1)
    path = tmp_path / "checkpoint.json"
    write(path, {**take_checkpoint(), "note": "added"})
    with pytest.raises(CommandError, match="its fields note are missing, extra or of the wrong type"):
        verify(path)


def test_a_checkpoint_signed_with_a_key_the_service_does_not_hold_is_named(make_school, tmp_path):
    append_events(make_school(), count=1)
    path = tmp_path / "checkpoint.json"
    write(path, {**take_checkpoint(), "key_id": "elsewhere"})
    with pytest.raises(CommandError, match="it is sealed with the key 'elsewhere', which AUDIT_KEYS does not hold"):
        verify(path)


def test_no_checkpoint_is_signed_for_a_broken_chain_and_no_file_is_left(make_school, tmp_path):
    events = append_events(make_school(), count=3)
    tamper("UPDATE audit_auditevent SET reason = 'rewritten' WHERE sequence = %s", [events[1].sequence])
    path = tmp_path / "checkpoint.json"
    refusal = rf"no checkpoint is signed for a broken chain: audit chain broken at event #{events[1].sequence}: its "
    with pytest.raises(CommandError, match=refusal):
        take_checkpoint(path)
    with pytest.raises(AuditTrailTampered, match=refusal):
        latest_checkpoint()
    assert not path.exists()


def test_a_checkpoint_is_never_written_over_another(make_school, tmp_path):
    append_events(make_school(), count=1)
    path = tmp_path / "checkpoint.json"
    path.write_text("an earlier checkpoint")
    with pytest.raises(CommandError, match=rf"{re.escape(str(path))} exists already: checkpoints are kept, never"):
        take_checkpoint(path)
    assert path.read_text() == "an earlier checkpoint"
