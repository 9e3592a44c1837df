"""Writing many rows at once, counting what changed.

Rows whose key is new go straight into the table (PostgreSQL's COPY; batched inserts on SQLite); the others
go into a temporary staging table, from which one UPDATE changes only the rows that differ from what is
stored. The database compares the rows, so a file imported a second time is read, staged and compared but
writes nothing. Django's `bulk_create` prepares every value through its field, which made writing several
times slower than parsing the file.

An import hands its rows to an `Upsert` as it reads them: on PostgreSQL they stream through COPY, so the
server stores each row while Python is still reading the next, rather than the two taking turns. `upsert`
writes rows already gathered in a mapping.
"""

from collections.abc import Callable, Collection, Hashable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from operator import itemgetter
from typing import Any, cast

from django.db import connection, models, transaction

from fairinspect.core.csv_import import KeyedRecords, RowsRejected

STAGING_TABLE = "upsert_staging"
# The largest values the database columns hold (positive small and positive integer fields).
SMALL_MAX = 32_767
INTEGER_MAX = 2_147_483_647
# Below this many rows an upsert looks up only its own keys; above it, reading every stored key is faster
# than binding thousands of parameters (and SQLite caps their number).
FEW_ROWS = 1000
# PostgreSQL takes one COPY at a time, so rows for the table not being streamed into wait in memory; once
# this many wait, the stream switches over. Each switch waits for the server to store what it was sent.
SWITCH_AFTER = 5000
# Rows per batched INSERT on databases without COPY.
INSERT_BATCH = 1000
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
    while isinstance(field, models.ForeignKey):
        field = field.target_field
    return field.get_internal_type() not in _PASSED_AS_THEY_ARE


def upsert(
    model: type[models.Model],
    rows: Mapping[Any, Mapping[str, Any]],
    *,
    key: str | Sequence[str],
    fields: Sequence[str],
) -> tuple[int, int, int]:
    """Create or update `rows` (key value → field values) as `Upsert` does; returns (created, updated,
    unchanged)."""
    if not rows:
        return 0, 0, 0
    with Upsert(model, key=key, fields=fields, keys=rows.keys()) as writer:
        for row_key, values in rows.items():
            writer.add(row_key, values)
    return writer.counts


class _Table:
    """A table rows are written to, with the rows waiting for their turn to stream into it and the keys of
    rows to take out of it again."""

    def __init__(self, name: str, columns: list[models.Field]):
        self.name = name
        self.columns = columns
        self.waiting: list[Sequence] = []
        self.withdrawn: list = []


class Upsert:
    """Create or update rows of `model` by the unique field `key`, as they are added.

        with Upsert(School, key="urn", fields=SCHOOL_FIELDS) as schools:
            for urn, values in rows:
                schools.add(urn, values)
        created, updated, unchanged = schools.counts

    `key` may name several fields that are unique together; keys are then tuples of their values, in that
    order. Fields are named as model attributes (`local_authority_id` for a foreign key). Other columns of
    new rows take the model's defaults. Rows equal to what is stored are left alone, so importing the same
    file twice writes nothing. Everything happens in one transaction: an exception inside the block leaves
    the database as it was. Until the block ends the connection is busy taking rows (on PostgreSQL, a COPY
    is under way), so the block runs no other query.

    `keys`, when every key to be added is known beforehand, saves reading every stored key if there are few
    of them. Keys are matched against the stored ones as the database driver returns them, so key fields
    hold numbers, text or dates.
    """

    def __init__(
        self,
        model: type[models.Model],
        *,
        key: str | Sequence[str],
        fields: Sequence[str],
        keys: Collection | None = None,
    ):
        meta = model._meta
        self._model = model
        self._key_fields = [_column_field(model, name) for name in ((key,) if isinstance(key, str) else key)]
        self._value_fields = [_column_field(model, name) for name in fields]
        given = {field.attname for field in (*self._key_fields, *self._value_fields)}
        self._defaulted = [
            field
            for field in meta.concrete_fields
            if field.attname not in given and not (field.primary_key and field.db_returning)
        ]
        self._values_of = _values_getter([field.attname for field in self._value_fields])
        self._preparers = [
            (position, field)
            for position, field in enumerate([*self._key_fields, *self._value_fields])
            if _needs_preparing(field)
        ]
        self._keys = keys
        self._table = _Table(meta.db_table, [*self._key_fields, *self._value_fields, *self._defaulted])
        self._staging = _Table(STAGING_TABLE, [*self._key_fields, *self._value_fields])
        self._streaming_into: _Table | None = None
        self._write_row: Callable[[Sequence], None] | None = None
        self._new = self._known = 0
        self._counts: tuple[int, int, int] | None = None

    @property
    def counts(self) -> tuple[int, int, int]:
        """(created, updated, unchanged), once the block has ended."""
        if self._counts is None:
            raise RuntimeError("an Upsert has counted its rows only once its block has ended")
        return self._counts

    def __enter__(self) -> "Upsert":
        self._context = self._writing()
        return self._context.__enter__()

    def __exit__(self, *exc_info) -> bool | None:
        return self._context.__exit__(*exc_info)

    def add(self, key: Hashable, values: Mapping[str, Any]) -> None:
        """Write one row: `values` maps every field named to its value. Each key may be added once."""
        # With several key fields the key is the tuple of their values.
        row: Sequence[Any] = (
            (key, *self._values_of(values))
            if len(self._key_fields) == 1
            else (*cast(tuple[Any, ...], key), *self._values_of(values))
        )
        if self._preparers:
            prepared = list(row)
            for position, field in self._preparers:
                prepared[position] = field.get_db_prep_save(prepared[position], connection)
            row = prepared
        if key in self._stored_keys:
            self._known += 1
            self._write(self._staging, row)
        else:
            self._new += 1
            self._write(self._table, (*row, *self._defaults()) if self._defaulted else row)

    def withdraw(self, key: Hashable) -> None:
        """Take back a row added earlier: it is neither created nor updated, as if it had never been added."""
        (self._staging if key in self._stored_keys else self._table).withdrawn.append(key)

    @contextmanager
    def _writing(self) -> Iterator["Upsert"]:
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as self._cursor:
            if connection.vendor == "postgresql":
                # Which keys are new is decided from the keys stored when the upsert starts, so no one else may
                # write to the table until this transaction ends: two imports at once would both take a key
                # for new, and the second would fail on the unique key. Reading stays open to everyone.
                # (SQLite's IMMEDIATE transactions already let one writer at a time in.)
                self._cursor.execute(f"LOCK TABLE {quote(self._table.name)} IN SHARE ROW EXCLUSIVE MODE")
            self._stored_keys = _stored_keys(self._cursor, self._table.name, self._key_fields, self._keys)
            if self._stored_keys:
                names = ", ".join(_quoted_column(field) for field in self._staging.columns)
                self._cursor.execute(
                    f"CREATE TEMPORARY TABLE {quote(STAGING_TABLE)} AS "
                    f"SELECT {names} FROM {quote(self._table.name)} LIMIT 0"
                )
            with ExitStack() as self._stream:
                yield self
                for table in (self._table, self._staging):
                    if table.waiting:
                        self._stream_into(table)
            for table in (self._table, self._staging):
                if table.withdrawn:
                    _delete(self._cursor, table, self._key_fields)
            known = self._known - len(self._staging.withdrawn)
            updated = self._update_differing() if known else 0
            self._counts = (self._new - len(self._table.withdrawn), updated, known - updated)
            if self._stored_keys:
                self._cursor.execute(f"DROP TABLE {quote(STAGING_TABLE)}")

    def _defaults(self) -> Iterator:
        # A new instance for each row, so callable defaults (and auto_now_add) give each its own value.
        blank = self._model()
        return (field.get_db_prep_save(field.pre_save(blank, add=True), connection) for field in self._defaulted)

    def _write(self, table: _Table, row: Sequence) -> None:
        if table is self._streaming_into:
            assert self._write_row is not None  # set with _streaming_into
            self._write_row(row)
            return
        table.waiting.append(row)
        if self._streaming_into is None or len(table.waiting) >= SWITCH_AFTER:
            self._stream_into(table)

    def _stream_into(self, table: _Table) -> None:
        """End the stream into the other table, if any, and stream into `table`, its waiting rows first."""
        self._stream.close()
        self._write_row = self._stream.enter_context(_rows_into(self._cursor, table.name, table.columns))
        self._streaming_into = table
        for row in table.waiting:
            self._write_row(row)
        table.waiting = []

    def _update_differing(self) -> int:
        """Update the stored rows that differ from their staged ones; how many did."""
        if not self._value_fields:
            return 0
        quote = connection.ops.quote_name
        table, staging = quote(self._table.name), quote(STAGING_TABLE)
        same_key = " AND ".join(
            f"{table}.{_quoted_column(field)} = staged.{_quoted_column(field)}" for field in self._key_fields
        )
        assignments = ", ".join(
            f"{_quoted_column(field)} = staged.{_quoted_column(field)}" for field in self._value_fields
        )
        differs = _DIFFERS.get(connection.vendor, "IS DISTINCT FROM")
        changed = " OR ".join(
            f"{table}.{_quoted_column(field)} {differs} staged.{_quoted_column(field)}" for field in self._value_fields
        )
        self._cursor.execute(f"UPDATE {table} SET {assignments} FROM {staging} staged WHERE {same_key} AND ({changed})")
        return self._cursor.rowcount


def _stored_keys(cursor, table: str, key_fields: list[models.Field], keys: Collection | None) -> set:
    """The keys already stored: of all the table, or for a few `keys` just theirs (by the key's first field).

    Read with plain SQL, as the driver returns them: a queryset's per-row conversions took longer than the
    query itself.
    """
    quote = connection.ops.quote_name
    query = f"SELECT {', '.join(_quoted_column(field) for field in key_fields)} FROM {quote(table)}"
    parameters: list = []
    if keys and len(keys) < FEW_ROWS:
        parameters = list({row_key if len(key_fields) == 1 else row_key[0] for row_key in keys})
        query += f" WHERE {_quoted_column(key_fields[0])} IN ({', '.join(['%s'] * len(parameters))})"
    cursor.execute(query, parameters)
    rows = cursor.fetchall()
    return {key for (key,) in rows} if len(key_fields) == 1 else set(rows)


def _column_field(model: type[models.Model], name: str) -> models.Field:
    """The field of `model` named `name` (or its attname): one with a column, as the rows give values for."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise ValueError(f"{model._meta.label}.{name} has no column of its own to write")
    return field


def _quoted_column(field: models.Field) -> str:
    """The field's column, quoted for SQL. Only concrete fields are written (`_column_field`, the model's
    `concrete_fields`), and each has a column."""
    return connection.ops.quote_name(cast(str, field.column))


def _values_getter(names: list[str]):
    """values → the tuple of values[name] for each name (itemgetter gives a bare value for one name)."""
    if len(names) == 1:
        return lambda values: (values[names[0]],)
    return itemgetter(*names) if names else lambda values: ()


@contextmanager
def _rows_into(cursor, table: str, columns: list[models.Field]) -> Iterator[Callable[[Sequence], None]]:
    """A function adding one row to a table, as fast as the database takes rows: PostgreSQL's COPY, which
    stores each row as it arrives; batched inserts elsewhere."""
    quote = connection.ops.quote_name
    names = ", ".join(_quoted_column(field) for field in columns)
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            yield copy.write_row
        return
    insert = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    batch = []

    def add(row: Sequence) -> None:
        nonlocal batch
        batch.append(row)
        if len(batch) == INSERT_BATCH:
            cursor.executemany(insert, batch)
            batch = []

    yield add
    if batch:
        cursor.executemany(insert, batch)


def _delete(cursor, table: _Table, key_fields: list[models.Field]) -> None:
    """Take the withdrawn rows out of the table again."""
    quote = connection.ops.quote_name
    same_key = " AND ".join(f"{_quoted_column(field)} = %s" for field in key_fields)
    keys = [(key,) for key in table.withdrawn] if len(key_fields) == 1 else table.withdrawn
    cursor.executemany(f"DELETE FROM {quote(table.name)} WHERE {same_key}", keys)


# Imports of published files write their keyed records with these.


def max_lengths(model: type[models.Model]) -> dict[str, int]:
    """Each text field of `model` that has a maximum length, with it: the lengths an import checks cells against."""
    return {field.name: field.max_length for field in model._meta.concrete_fields if field.max_length}


def refuse_or_take_back(writer: Upsert, records: KeyedRecords, skip_invalid: bool) -> None:
    """Once every record is written: refuse the whole file if a row was bad (unless `skip_invalid`), else
    take back the rows whose key came again further on."""
    if records.errors and not skip_invalid:
        raise RowsRejected(records.errors)
    for key in records.repeated:
        writer.withdraw(key)


def upsert_records(
    model: type[models.Model],
    records: KeyedRecords,
    skip_invalid: bool,
    *,
    key: str | tuple[str, ...],
    fields: tuple[str, ...],
) -> tuple[int, int, int]:
    """Write each record while the file is read (see `Upsert`); (created, updated, unchanged)."""
    with Upsert(model, key=key, fields=fields) as writer:
        for record_key, values in records:
            writer.add(record_key, values)
        refuse_or_take_back(writer, records, skip_invalid)
    return writer.counts
