"""The audit trail exported for disclosure (a judicial review, say): every field of each event as it is sealed,
with its hashes, in CSV or JSON, and in the JSON what a recipient can check and how.

What a recipient can check without the key: that the events come in the chain's order (their sequence numbers
rise); that where two events are consecutive in the chain (numbers n and n + 1) the second names the first's hash
as its previous hash, so a run of consecutive events is one unbroken piece of the chain; and, for an export that
runs without a gap from the first event to the event a published checkpoint names, that the export is the whole
chain up to that checkpoint (nothing left out) and ends in the hash the checkpoint published. What needs the key,
which stays outside the database and is disclosed only as a court orders (to its expert, say): that each event's
content is what was sealed (its hash is the HMAC-SHA256 of its content under that key), and that a checkpoint's
signature is the service's. A selection of events (one object's trail, one person's actions) has gaps where other
events lie: its order can be checked, and each event's seal with the key, but not that nothing between was left out.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from fairinspect.audit.models import AuditEvent, AuditTrailTampered
from fairinspect.audit.selectors import latest_checkpoint

COLUMNS = (
    "sequence", "occurred_at", "actor_id", "actor_label", "action", "object_type", "object_id", "before", "after",
    "reason", "previous_hash", "key_id", "hash",
)  # fmt: skip

HOW_TO_CHECK = {
    "sealed_content": (
        "Each event's hash is the HMAC-SHA256, under the audit key its key_id names, of the JSON object of its "
        "fields sequence, occurred_at, actor_id, actor_label, action, object_type, object_id, before, after, reason, "
        "previous_hash and key_id, with keys sorted, no spaces (separators ',' and ':') and UTF-8 text as it is."
    ),
    "without_the_key": [
        "The events are in the chain's order: their sequence numbers rise.",
        "Where two events are consecutive in the chain (sequence numbers n and n + 1), the second's previous_hash is "
        "the first's hash: a run of consecutive events is one unbroken piece of the chain.",
        "An export with no gap from event 1 (whose previous_hash is 64 zeros) to the event a published checkpoint "
        "names is the whole chain up to that checkpoint, if that event's hash is the one the checkpoint published.",
    ],
    "with_the_key": [
        "Each event's content is what was sealed: its hash recomputed as above matches.",
        "A checkpoint's signature is the service's: the HMAC-SHA256 under its key_id of its other fields, as above.",
    ],
    "not_checkable": (
        "Where sequence numbers skip (a selection of events, such as one object's trail), nothing shows whether the "
        "events between were also about what was selected: ask for the whole run between them."
    ),
}


def event_fields(event: AuditEvent) -> dict[str, Any]:
    return {**event.hashed_content(), "hash": event.hash}


def gaps(events: list[AuditEvent]) -> int:
    """How many places the export skips over events of the chain."""
    return sum(1 for before, after in zip(events, events[1:]) if after.sequence != before.sequence + 1)


def as_json(events: Iterable[AuditEvent], selection: dict[str, str]) -> str:
    events = list(events)
    try:
        checkpoint: dict[str, Any] | None = latest_checkpoint()
        chain_problem = None
    except AuditTrailTampered as tampered:
        checkpoint, chain_problem = None, str(tampered)
    export = {
        "statement": "fairinspect audit trail export",
        "exported_at": timezone.now().isoformat(),
        "selection": selection,
        "events_exported": len(events),
        "first_sequence": events[0].sequence if events else None,
        "last_sequence": events[-1].sequence if events else None,
        "gaps_in_sequence": gaps(events),
        "latest_checkpoint": checkpoint,
        "chain_problem": chain_problem,
        "how_to_check": HOW_TO_CHECK,
        "events": [event_fields(event) for event in events],
    }
    return json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n"


class _Line:
    """A file-like target for csv.writer that hands back what was written."""

    def write(self, text: str) -> str:
        return text


def as_csv_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    """The header, then one line per event; before and after as their JSON (as sealed: keys sorted)."""
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMNS)
    for event in events:
        fields = event_fields(event)
        for name in ("before", "after"):
            fields[name] = "" if fields[name] is None else json.dumps(fields[name], sort_keys=True, ensure_ascii=False)
        yield writer.writerow([fields[name] for name in COLUMNS])
