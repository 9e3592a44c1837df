"""What someone who can write to the database can do to the audit trail, as a probe of the trail did."""

import hashlib
import json

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from fairinspect.audit.models import AuditEvent
from fairinspect.audit.services import record_event


def append_events(school, count=4) -> list[AuditEvent]:
    events = []
    for number in range(count):
        with transaction.atomic():
            events.append(
                record_event(
                    actor=None,
                    actor_label="test",
                    action="school.noted",
                    obj=school,
                    before={"n": number},
                    after={"n": number + 1, "when": "2026-11-23"},
                    reason=f"step {number}",
                )
            )
    return events


def tamper(sql, params=()):
    """Drop the triggers that keep the trail append-only, as the probe did, and write. The test's transaction is
    rolled back afterwards, which restores them (both databases undo DDL with the transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_append_only")
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        cursor.execute(sql, params)


def unkeyed_hash(event: AuditEvent) -> str:
    """The hash the chain had before it was keyed: SHA-256 of the content, which anyone can compute."""
    canonical = json.dumps(event.hashed_content(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def forge(previous: AuditEvent, **content) -> AuditEvent:
    """A row written straight into the trail to follow `previous`, its hash computed as the chain used to. The
    writer knows the key's id (every event shows it), not its secret."""
    fields = {"actor_label": "mallory", "action": "school.noted", "object_type": previous.object_type,
              "object_id": previous.object_id, "key_id": previous.key_id, **content}  # fmt: skip
    event = AuditEvent(sequence=previous.sequence + 1, occurred_at=timezone.now(), previous_hash=previous.hash, **fields)
    event.hash = unkeyed_hash(event)
    event.save(force_insert=True)
    return event


def set_head(sequence: int, hash: str) -> None:
    tamper("UPDATE audit_auditchainhead SET sequence = %s, hash = %s", [sequence, hash])


def verify(*checkpoints) -> None:
    """`fairinspect verify_audit`, against these checkpoint files if any."""
    call_command("verify_audit", *(["--checkpoint", *map(str, checkpoints)] if checkpoints else []))
