import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypedDict

from django.db import models
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django_stubs_ext import WithAnnotations

from fairinspect.audit import keys
from fairinspect.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent, AuditTrailTampered


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
    head_hash: str  # the hash of the last of them (GENESIS_HASH when there are none)
    breaks: tuple[ChainBreak, ...] = ()  # the first break in the chain, then an event beyond its head

    @property
    def chain_break(self) -> ChainBreak | None:
        return self.breaks[0] if self.breaks else None


class _FirstBeyond(TypedDict):
    first_beyond: int | None


type HeadWithFirstBeyond = WithAnnotations[AuditChainHead, _FirstBeyond]


def heads_with_first_event_beyond() -> QuerySet[HeadWithFirstBeyond]:
    """The chain's head, with `first_beyond`: the first event after the one it names as the newest, or None.
    Only a write outside the trail leaves one, since every append moves the head in the transaction of its
    event; both are read in one statement, so an append between the two reads cannot pass for such a write."""
    beyond = AuditEvent.objects.filter(sequence__gt=OuterRef("sequence")).order_by("sequence").values("sequence")
    return AuditChainHead.objects.filter(id=1).annotate(first_beyond=Subquery(beyond[:1]))


def check_chain(chunk_size: int = 5000) -> ChainCheck:
    """Check the chain, event by event, up to the newest event when the check began, and that no event lies
    beyond that one.

    The chain's head is read first, and only the events up to the one it names are checked: events are
    appended while the check runs, and one appended after the head was read is no sign of tampering (the
    next check covers it). Events are never changed, so reading them after the head finds them as they were.
    """
    head = heads_with_first_event_beyond().first()
    if head is None:
        # A migration creates the head, and every append updates it in the transaction of its event.
        count = AuditEvent.objects.count()
        problem = f"it is missing, though {count} events exist: it was removed outside the trail"
        return ChainCheck(0, GENESIS_HASH, (ChainBreak(None, problem),) if count else ())
    verified, head_hash, chain_break = _check_up_to(head, chunk_size)
    breaks = [chain_break] if chain_break else []
    if head.first_beyond is not None:
        problem = (
            f"it lies beyond the chain's head, which names event #{head.sequence} as the newest: it was written "
            "outside the trail, and no change can be recorded until it is dealt with"
        )
        breaks.append(ChainBreak(head.first_beyond, problem))
    return ChainCheck(verified, head_hash, tuple(breaks))


def _check_up_to(head: AuditChainHead, chunk_size: int) -> tuple[int, str, ChainBreak | None]:
    """How many events, from the first up to the one `head` names, are intact and in order; the hash of the
    last of them; and what breaks the chain after it, if anything."""
    verified = 0
    previous_hash = GENESIS_HASH
    events: Iterator[AuditEvent] = (
        AuditEvent.objects.filter(sequence__lte=head.sequence).order_by("sequence").iterator(chunk_size=chunk_size)
    )
    for event in events:
        chain_break = _break_at(event, verified + 1, previous_hash)
        if chain_break is not None:
            return verified, previous_hash, chain_break
        previous_hash = event.hash
        verified += 1
    if verified != head.sequence:
        found = f"the last event is #{verified}" if verified else "there are no events"
        problem = (
            f"event #{verified + 1} is missing: the chain's head names event #{head.sequence} as the newest, "
            f"but {found}: events were removed from the end"
        )
        return verified, previous_hash, ChainBreak(verified + 1, problem)
    if head.hash != previous_hash:
        if not verified:
            problem = "it records a hash, but there are no events: it was written outside the trail"
            return verified, previous_hash, ChainBreak(None, problem)
        problem = "its hash is not the one the chain's head records: it, or the head, was written outside the trail"
        return verified, previous_hash, ChainBreak(verified, problem)
    return verified, previous_hash, None


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
    try:
        sealed = event.compute_hash()
    except keys.UnknownAuditKey as unknown:
        return ChainBreak(event.sequence, str(unknown))
    if not hmac.compare_digest(sealed, event.hash):
        return ChainBreak(
            event.sequence,
            f"its content does not match its hash under the key {event.key_id!r}: the event was altered, or written "
            "by someone without the key",
        )
    return None


def find_chain_break(chunk_size: int = 5000) -> ChainBreak | None:
    """The first place the chain does not hold, or None when every event is intact and in order."""
    return check_chain(chunk_size).chain_break


# What a checkpoint holds, and the type of each field in its JSON. The first line tells a checkpoint from any
# other statement sealed with the same keys (an event has no such field).
CHECKPOINT_STATEMENT = "fairinspect audit checkpoint"
CHECKPOINT_FIELDS = {"statement": str, "sequence": int, "hash": str, "taken_at": str, "key_id": str, "signature": str}


def latest_checkpoint(chunk_size: int = 5000) -> dict[str, Any]:
    """A signed statement of the chain's head as it stands now: the newest event's number and hash, the time and
    the key, signed (HMAC-SHA256) with the audit key. Kept outside the database (and published with the open
    data, so that the public holds anchors too), it lets `checkpoint_problem` prove later that the chain still
    holds that head. The whole chain is checked first, as no checkpoint may vouch for a broken one; raises
    AuditTrailTampered naming what is broken."""
    check = check_chain(chunk_size)
    if check.breaks:
        raise AuditTrailTampered(
            "no checkpoint is signed for a broken chain: " + "; ".join(str(chain_break) for chain_break in check.breaks)
        )
    key_id = keys.current_key_id()
    statement = {
        "statement": CHECKPOINT_STATEMENT,
        "sequence": check.verified,
        "hash": check.head_hash,
        "taken_at": timezone.now().isoformat(),
        "key_id": key_id,
    }
    return {**statement, "signature": keys.seal(key_id, statement)}


def checkpoint_problem(checkpoint: Any) -> str | None:
    """What is wrong with `checkpoint` (as read from its JSON), or None when its signature holds and the chain
    still holds the head it names: the event at that number exists and has that hash."""
    if not isinstance(checkpoint, dict) or checkpoint.get("statement") != CHECKPOINT_STATEMENT:
        return f"it is not a fairinspect audit checkpoint (its statement is not {CHECKPOINT_STATEMENT!r})"
    wrong = [name for name, kind in CHECKPOINT_FIELDS.items() if type(checkpoint.get(name)) is not kind]
    wrong += sorted(set(checkpoint) - set(CHECKPOINT_FIELDS))
    if wrong:
        return f"its fields {', '.join(wrong)} are missing, extra or of the wrong type: it was altered"
    statement = {name: value for name, value in checkpoint.items() if name != "signature"}
    try:
        signature = keys.seal(checkpoint["key_id"], statement)
    except keys.UnknownAuditKey as unknown:
        return str(unknown)
    if not hmac.compare_digest(signature, checkpoint["signature"]):
        return "its signature does not match its content: it was altered, or not signed with an audit key"
    sequence, taken_at = checkpoint["sequence"], checkpoint["taken_at"]
    if sequence == 0:
        return None  # taken before the first event: every chain starts from it
    held = AuditEvent.objects.filter(sequence=sequence).values_list("hash", flat=True).first()
    if held is None:
        newest = AuditEvent.objects.aggregate(newest=Max("sequence"))["newest"]
        now = f"the chain now ends at event #{newest}" if newest else "the trail now has no events"
        return (
            f"it names event #{sequence} as the chain's head at {taken_at}, but {now}: events were removed from the "
            "end, and the head set back, since the checkpoint was taken"
        )
    if held != checkpoint["hash"]:
        return (
            f"event #{sequence} no longer has the hash it had at {taken_at}: the chain was replaced from that event "
            "or before since the checkpoint was taken"
        )
    return None


@dataclass(frozen=True)
class EventSearch:
    """What to look for in the audit trail; each part left empty matches every event."""

    object_type: str = ""
    object_id: str = ""
    actor: str = ""  # who acted, as they were known then (a username, "system", "standing offer 3")
    action: str = ""
    since: date | None = None
    until: date | None = None  # up to the end of this day


def search_events(search: EventSearch) -> QuerySet[AuditEvent]:
    """The events that match, in the chain's order (oldest first)."""
    events = AuditEvent.objects.select_related("actor")
    if search.object_type:
        events = events.filter(object_type=search.object_type)
    if search.object_id:
        events = events.filter(object_id=search.object_id)
    if search.actor:
        events = events.filter(actor_label__iexact=search.actor)
    if search.action:
        events = events.filter(action=search.action)
    if search.since:
        events = events.filter(occurred_at__gte=_start_of(search.since))
    if search.until:
        events = events.filter(occurred_at__lt=_start_of(search.until + timedelta(days=1)))
    return events.order_by("sequence")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(0)))


def recorded_actions() -> list[str]:
    """Every action the trail has recorded, for choosing among."""
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())


def recorded_object_types() -> list[str]:
    return list(AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct())
