from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet

from fairinspect.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent


def events_for(obj: models.Model) -> QuerySet[AuditEvent]:
    """An object's own history, oldest first."""
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related("actor")


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain does not hold: an event's sequence number, or None when the break is in the chain's head."""

    sequence: int | None
    problem: str

    def __str__(self):
        where = "its head" if self.sequence is None else f"event #{self.sequence}"
        return f"audit chain broken at {where}: {self.problem}"


@dataclass(frozen=True)
class ChainCheck:
    verified: int  # the events found intact, in order, from the first
    chain_break: ChainBreak | None


def check_chain(chunk_size: int = 5000) -> ChainCheck:
    """Check the chain, event by event, up to the newest event when the check began.

    The chain's head is read first, and only the events up to the one it names are checked: events are
    appended while the check runs, and one appended after the head was read is no sign of tampering (the
    next check covers it). Events are never changed, so reading them after the head finds them as they were.
    """
    head = AuditChainHead.objects.filter(id=1).first()
    if head is None:
        # A migration creates the head, and every append updates it in the transaction of its event.
        count = AuditEvent.objects.count()
        problem = f"it is missing, though {count} events exist: it was removed outside the trail"
        return ChainCheck(0, ChainBreak(None, problem) if count else None)
    verified = 0
    previous_hash = GENESIS_HASH
    events: Iterator[AuditEvent] = (
        AuditEvent.objects.filter(sequence__lte=head.sequence).order_by("sequence").iterator(chunk_size=chunk_size)
    )
    for event in events:
        chain_break = _break_at(event, verified + 1, previous_hash)
        if chain_break is not None:
            return ChainCheck(verified, chain_break)
        previous_hash = event.hash
        verified += 1
    if verified != head.sequence:
        found = f"the last event is #{verified}" if verified else "there are no events"
        problem = (
            f"event #{verified + 1} is missing: the chain's head names event #{head.sequence} as the newest, "
            f"but {found}: events were removed from the end"
        )
        return ChainCheck(verified, ChainBreak(verified + 1, problem))
    if head.hash != previous_hash:
        if not verified:
            problem = "it records a hash, but there are no events: it was written outside the trail"
            return ChainCheck(0, ChainBreak(None, problem))
        problem = "its hash is not the one the chain's head records: it, or the head, was written outside the trail"
        return ChainCheck(verified, ChainBreak(verified, problem))
    return ChainCheck(verified, None)


def _break_at(event: AuditEvent, expected_sequence: int, previous_hash: str) -> ChainBreak | None:
    """What is wrong with `event`, expected to be number `expected_sequence` and to follow `previous_hash`."""
    if event.sequence != expected_sequence:
        return ChainBreak(
            expected_sequence,
            f"event #{expected_sequence} is missing (the next event found is #{event.sequence}): events were removed",
        )
    if event.previous_hash != previous_hash:
        return ChainBreak(
            event.sequence,
            "it does not follow the event before it (its previous hash differs): "
            "events were removed, inserted or reordered",
        )
    if event.compute_hash() != event.hash:
        return ChainBreak(event.sequence, "its content does not match its hash: the event was altered")
    return None


def find_chain_break(chunk_size: int = 5000) -> ChainBreak | None:
    """The first place the chain does not hold, or None when every event is intact and in order."""
    return check_chain(chunk_size).chain_break
