"""Appending to the audit trail. Every service that changes something calls `record_event` inside its
own transaction, so the change and its audit event are committed together or not at all.

`public_service` marks the services that views, API endpoints, commands and other apps call: each runs in a
durable transaction of its own (never inside another, so nothing holds the audit chain's head lock longer
than one decision takes) and must append at least one audit event.
"""

import functools
import json
from datetime import UTC
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, overload

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from fairinspect.audit import keys
from fairinspect.audit.models import AuditChainHead, AuditEvent, AuditTrailTampered
from fairinspect.audit.selectors import HeadWithFirstBeyond, heads_with_first_event_beyond
from fairinspect.core import working_days
from fairinspect.core.actors import Actor
from fairinspect.core.csv_import import CsvFile, ImportSummary

SYSTEM_ACTOR = "system"
# The audit events of imports are about a file, named by its SHA-256, rather than about any one row.
IMPORT_OBJECT_TYPE = "import"


def as_json(value: Any) -> Any:
    """The value as it will read back from the JSON column, so the hash is computed on what is stored."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def record_event(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: Any = None,
    before: Any = None,
    after: Any = None,
    reason: str = "",
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one event to the chain. `actor` is a user, or None for the system (give `actor_label`)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change it records")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    if not object_type or object_id is None:
        raise ValueError("an audit event needs the object it is about (obj, or object_type and object_id)")
    if actor is not None and not actor.is_authenticated:
        actor = None
    label = actor_label or (actor.get_username() if actor is not None else SYSTEM_ACTOR)

    head = _locked_head(action)
    event = AuditEvent(
        sequence=head.sequence + 1,
        # The services' clock, so that what a page says happened and what the history says agree (the demo and
        # tests set it; in production it is the system clock).
        # In UTC, as the database gives it back: the seal covers the time as text, and a clock reading in
        # British Summer Time (the demo's, a test's) would otherwise be sealed as "+01:00" and read as "+00:00".
        occurred_at=working_days.now().astimezone(UTC),
        actor=actor,
        actor_label=label,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=as_json(before),
        after=as_json(after),
        reason=reason,
        previous_hash=head.hash,
        key_id=keys.current_key_id(),
    )
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    head.sequence, head.hash = event.sequence, event.hash
    head.save(update_fields=["sequence", "hash"])
    recorded = _recorded_by_service.get()
    if recorded is not None:
        recorded.append(event.sequence)
    return event


def _locked_head(action: str) -> HeadWithFirstBeyond:
    """The chain's head, locked until the transaction ends, which serialises appends. Refused while an event
    lies beyond it: appending would collide with that event, or bury it."""
    heads = heads_with_first_event_beyond().select_for_update()
    head = heads.first()
    if head is None:
        # A migration makes the head; only emptying the database (as tests do) removes it.
        AuditChainHead.objects.get_or_create(id=1)
        head = heads.get()
    if head.first_beyond is not None:
        raise AuditTrailTampered(
            f"{action} cannot be recorded: the audit trail holds event #{head.first_beyond} beyond its head (event "
            f"#{head.sequence}), written outside the trail. Nothing can be recorded until it is dealt with: "
            "`fairinspect verify_audit` names it."
        )
    return head


def record_import(action: str, csv_file: CsvFile, summary: ImportSummary, actor: Actor, **details: Any) -> AuditEvent:
    """The event of one file imported: which file (by name and hash), read as which layout, with what result,
    and the lines rejected. `actor` is None for an import run from the command line."""
    return record_event(
        actor=actor,
        actor_label=None if actor else f"system:{action}",
        action=action,
        object_type=IMPORT_OBJECT_TYPE,
        object_id=csv_file.sha256,
        after={
            "file": csv_file.path.name,
            "sha256": csv_file.sha256,
            "layouts": [layout.name for layout in csv_file.layouts],
            **summary.as_dict(),
            "rejected_lines": [error.line for error in summary.rejected],
            **details,
        },
    )


class UnauditedChange(RuntimeError):
    """A public service finished without appending an audit event: a programming error, rolled back."""


# The events the public service running in this context has appended (None outside one).
_recorded_by_service: ContextVar[list[int] | None] = ContextVar("recorded_by_service", default=None)


@overload
def public_service[**P, R](function: Callable[P, R], /) -> Callable[P, R]: ...
@overload
def public_service[**P, R](*, may_change_nothing: bool) -> Callable[[Callable[P, R]], Callable[P, R]]: ...
def public_service[**P, R](
    function: Callable[P, R] | None = None, /, *, may_change_nothing: bool = False
) -> Callable[P, R] | Callable[[Callable[P, R]], Callable[P, R]]:
    """Make `function` a public service: it runs in `transaction.atomic(durable=True)` and must append at least
    one audit event, or it is rolled back with `UnauditedChange`. `may_change_nothing` is for a service that,
    finding nothing to change, rightly records nothing (loading framework files that have not changed).

    Pieces that public services share are plain helpers that expect to run inside the caller's transaction."""

    def decorate(service: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(service)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            recorded: list[int] = []
            token = _recorded_by_service.set(recorded)
            try:
                with transaction.atomic(durable=True):
                    result = service(*args, **kwargs)
                    if not recorded and not may_change_nothing:
                        raise UnauditedChange(f"{service.__qualname__} changed something without an audit event")
            finally:
                _recorded_by_service.reset(token)
            return result

        run.is_public_service = True  # type: ignore[attr-defined]  # mypy does not model attributes set on a function
        return run

    return decorate(function) if function is not None else decorate
