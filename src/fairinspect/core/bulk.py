"""Writing many rows at once, counting what changed."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import models

BATCH_SIZE = 2000


def upsert(
    model: type[models.Model],
    rows: Mapping[Any, Mapping[str, Any]],
    *,
    key: str,
    fields: Sequence[str],
    batch_size: int = BATCH_SIZE,
) -> tuple[int, int, int]:
    """Create or update `rows` (key value → field values) by the unique field `key`.

    Rows equal to what is stored are left alone, so importing the same file twice writes nothing.
    Returns (created, updated, unchanged).
    """
    # A small import looks up only its own keys; a large one reads the whole table in one pass, which is
    # faster than tens of thousands of bound parameters (and SQLite caps their number).
    stored_rows = model.objects.filter(**{f"{key}__in": list(rows)}) if len(rows) < 1000 else model.objects.all()
    existing = {
        values[0]: values[1:] for values in stored_rows.values_list(key, *fields).iterator(chunk_size=10000)
    }
    to_create, to_update = [], []
    unchanged = 0
    for row_key, values in rows.items():
        stored = existing.get(row_key)
        new = tuple(values[name] for name in fields)
        if stored is None:
            to_create.append(model(**{key: row_key}, **values))
        elif stored != new:
            to_update.append(model(**{key: row_key}, **values))
        else:
            unchanged += 1
    model.objects.bulk_create(to_create, batch_size=batch_size)
    if to_update:
        model.objects.bulk_create(
            to_update,
            batch_size=batch_size,
            update_conflicts=True,
            unique_fields=[key],
            update_fields=list(fields),
        )
    return len(to_create), len(to_update), unchanged
