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
    sequence: int
    problem: str

    def __str__(self):
        return f"audit chain broken at event #{self.sequence}: {self.problem}"


def find_chain_break(chunk_size: int = 5000) -> ChainBreak | None:
    """The first place the chain does not hold, or None when every event is intact and in order."""
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    events: Iterator[AuditEvent] = AuditEvent.objects.order_by("sequence").iterator(chunk_size=chunk_size)
    for event in events:
        if event.sequence != expected_sequence:
            return ChainBreak(
                expected_sequence,
                f"event #{expected_sequence} is missing (the next event found is #{event.sequence}): "
                "events were removed",
            )
        if event.previous_hash != previous_hash:
            return ChainBreak(
                event.sequence,
                "it does not follow the event before it (its previous hash differs): "
                "events were removed, inserted or reordered",
            )
        if event.compute_hash() != event.hash:
            return ChainBreak(event.sequence, "its content does not match its hash: the event was altered")
        previous_hash = event.hash
        expected_sequence += 1

    head = AuditChainHead.objects.filter(id=1).first()
    last_sequence = expected_sequence - 1
    if head is not None and (head.sequence != last_sequence or head.hash != previous_hash):
        return ChainBreak(
            last_sequence + 1,
            f"the chain's head names event #{head.sequence} but the last event is #{last_sequence}: "
            "events were removed from the end, or written outside the trail",
        )
    return None
