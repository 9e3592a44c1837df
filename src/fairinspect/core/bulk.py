"""Writing many rows at once, counting what changed.

`upsert` appends the rows whose key is new straight to the table (PostgreSQL's COPY; batched inserts on
SQLite) and stages the others in a temporary table, from which one UPDATE changes only the rows that
differ from what is stored. The database compares the rows, so a file imported a second time is read,
staged and compared but writes nothing. Django's `bulk_create` prepares every value through its field,
which made writing several times slower than parsing the file.
"""

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from django.db import connection, models, transaction

STAGING_TABLE = "upsert_staging"
# Below this many rows an upsert looks up only its own keys; above it, reading every stored key is faster
# than binding thousands of parameters (and SQLite caps their number).
FEW_ROWS = 1000
# Values of these field types go to both database drivers just as Python holds them; values of any other
# type (JSON, UUIDs, times, …) are prepared by their field first.
_PASSED_AS_THEY_ARE = frozenset(
    {
        "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField",
        "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField", "BooleanField",
        "CharField", "TextField", "SlugField", "EmailField", "URLField", "DateField", "DecimalField", "FloatField",
    }
)  # fmt: skip
# How each database says "differs, counting NULL as a value" (SQLite only has IS DISTINCT FROM since 3.39).
_DIFFERS = {"sqlite": "IS NOT"}


def _needs_preparing(field: models.Field) -> bool:
    while field.is_relation:
        field = field.target_field
    return field.get_internal_type() not in _PASSED_AS_THEY_ARE


def upsert(
    model: type[models.Model],
    rows: Mapping[Any, Mapping[str, Any]],
    *,
    key: str | Sequence[str],
    fields: Sequence[str],
) -> tuple[int, int, int]:
    """Create or update `rows` (key value → field values) by the unique field `key`.

    `key` may name several fields that are unique together; the keys of `rows` are then tuples of their
    values, in that order. Fields are named as model attributes (`local_authority_id` for a foreign key).
    Other columns of new rows take the model's defaults. Rows equal to what is stored are left alone, so
    importing the same file twice writes nothing. Returns (created, updated, unchanged).
    """
    if not rows:
        return 0, 0, 0
    meta = model._meta
    key_fields = [meta.get_field(name) for name in ((key,) if isinstance(key, str) else key)]
    value_fields = [meta.get_field(name) for name in fields]
    given = {field.attname for field in (*key_fields, *value_fields)}
    defaulted = [
        field
        for field in meta.concrete_fields
        if field.attname not in given and not (field.primary_key and field.db_returning)
    ]
    columns = [*key_fields, *value_fields, *defaulted]
    with transaction.atomic(), connection.cursor() as cursor:
        stored_keys = _stored_keys(model, key_fields, rows)
        new, known = {}, {}
        for row_key, values in rows.items():
            (known if row_key in stored_keys else new)[row_key] = values
        _append(cursor, meta.db_table, columns, _incoming_rows(model, new, key_fields, value_fields, defaulted))
        updated = _update_differing(cursor, model, key_fields, value_fields, known) if known and value_fields else 0
    return len(new), updated, len(known) - updated


def _stored_keys(model, key_fields, rows) -> set:
    """The keys already stored: of all the table, or for a few rows just theirs (by the key's first field)."""
    stored = model._base_manager.all()
    if len(rows) < FEW_ROWS:
        first_parts = {row_key if len(key_fields) == 1 else row_key[0] for row_key in rows}
        stored = stored.filter(**{f"{key_fields[0].attname}__in": first_parts})
    keys = stored.values_list(*(field.attname for field in key_fields))
    return {key for (key,) in keys} if len(key_fields) == 1 else set(keys)


def _values_getter(names: list[str]):
    """values → the tuple of values[name] for each name (itemgetter gives a bare value for one name)."""
    if len(names) == 1:
        return lambda values: (values[names[0]],)
    return itemgetter(*names) if names else lambda values: ()


def _incoming_rows(model, rows, key_fields, value_fields, defaulted) -> list[Sequence]:
    """The rows as the staging table takes them: key, fields, then defaults, each ready for the driver."""
    values_of = _values_getter([field.attname for field in value_fields])
    if len(key_fields) == 1:
        incoming = [(row_key, *values_of(values)) for row_key, values in rows.items()]
    else:
        incoming = [(*row_key, *values_of(values)) for row_key, values in rows.items()]
    preparers = [
        (position, field) for position, field in enumerate([*key_fields, *value_fields]) if _needs_preparing(field)
    ]
    if preparers:
        incoming = [list(row) for row in incoming]
        for row in incoming:
            for position, field in preparers:
                row[position] = field.get_db_prep_save(row[position], connection)
    if defaulted:
        with_defaults = []
        for row in incoming:
            # A new instance for each row, so callable defaults (and auto_now_add) give each its own value.
            blank = model()
            defaults = (field.get_db_prep_save(field.pre_save(blank, add=True), connection) for field in defaulted)
            with_defaults.append((*row, *defaults))
        incoming = with_defaults
    return incoming


def _append(cursor, table: str, columns: list[models.Field], rows: list[Sequence]) -> None:
    """Add rows to a table as fast as the database takes them: COPY on PostgreSQL, batched inserts elsewhere."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in columns)
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})", rows)


def _update_differing(cursor, model, key_fields, value_fields, rows) -> int:
    """Stage `rows` in a temporary table and update the stored rows that differ from them; how many did."""
    quote = connection.ops.quote_name
    table, staging = quote(model._meta.db_table), quote(STAGING_TABLE)
    columns = [*key_fields, *value_fields]
    names = ", ".join(quote(field.column) for field in columns)
    cursor.execute(f"CREATE TEMPORARY TABLE {staging} AS SELECT {names} FROM {table} LIMIT 0")
    _append(cursor, STAGING_TABLE, columns, _incoming_rows(model, rows, key_fields, value_fields, []))
    same_key = " AND ".join(f"{table}.{quote(field.column)} = staged.{quote(field.column)}" for field in key_fields)
    assignments = ", ".join(f"{quote(field.column)} = staged.{quote(field.column)}" for field in value_fields)
    differs = _DIFFERS.get(connection.vendor, "IS DISTINCT FROM")
    changed = " OR ".join(
        f"{table}.{quote(field.column)} {differs} staged.{quote(field.column)}" for field in value_fields
    )
    cursor.execute(f"UPDATE {table} SET {assignments} FROM {staging} staged WHERE {same_key} AND ({changed})")
    updated = cursor.rowcount
    cursor.execute(f"DROP TABLE {staging}")
    return updated
