"""Proof that a refusal changed nothing: no row of any table, no audit event, no email.

    with refused(NotPermitted, "Only the lead inspector"):       # raises this, and changes nothing
        services.pause_inspection(actor=someone_else, ...)

    with nothing_changed():                                      # a refusal that raises nothing
        response = client.post(...)

    before = Snapshot.take()                                     # when the refusal is known only afterwards
    response = client.post(...)
    before.assert_unchanged("the refused request")

A snapshot holds every row of every table (the audit trail and its chain head included) and what is queued to run
after the commit (emails), so that a refusal which wrote anywhere, even to a table no test thought of, fails and
says where.
"""

from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection

# Written by Django while it answers any request, refused or not (a sign-in, a message for the next page).
BOOKKEEPING = {"django_session"}


def _tables() -> list[tuple[str, str]]:
    """(table, primary key column) of every model's table, many-to-many tables included."""
    tables = {
        model._meta.db_table: model._meta.pk.column
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.db_table not in BOOKKEEPING
    }
    return sorted(tables.items())


@dataclass(frozen=True)
class Snapshot:
    rows: dict[str, dict[object, tuple]]  # by table, every row by its primary key
    queued_after_commit: int
    emails_sent: int

    @classmethod
    def take(cls) -> "Snapshot":
        quote = connection.ops.quote_name
        rows = {}
        # Read with the cursor rather than the ORM: the URL test takes two snapshots for each of hundreds of refusals.
        with connection.cursor() as cursor:
            for table, pk in _tables():
                cursor.execute(f"SELECT * FROM {quote(table)}")
                at = [column[0] for column in cursor.description].index(pk)
                rows[table] = {row[at]: row for row in cursor.fetchall()}
        return cls(rows, len(connection.run_on_commit), len(getattr(mail, "outbox", [])))

    def changes_since(self) -> list[str]:
        """What differs now from this snapshot, in words (empty when nothing does)."""
        now = Snapshot.take()
        changes = []
        for table, rows in self.rows.items():
            if now.rows[table] != rows:
                differences = {
                    "added": [pk for pk in now.rows[table] if pk not in rows],
                    "removed": [pk for pk in rows if pk not in now.rows[table]],
                    "changed": [pk for pk, row in rows.items() if now.rows[table].get(pk, row) != row],
                }
                found = ", ".join(f"{how} {pks}" for how, pks in differences.items() if pks)
                changes.append(f"{table} ({found})")
        queued = now.queued_after_commit - self.queued_after_commit
        if queued:
            changes.append(f"{queued} action(s) queued for after the commit")
        sent = now.emails_sent - self.emails_sent
        if sent:
            changes.append(f"{sent} email(s) sent")
        return changes

    def assert_unchanged(self, what: str) -> None:
        changes = self.changes_since()
        assert not changes, f"{what} changed: " + "; ".join(changes)


@contextmanager
def nothing_changed(what: str = "the refusal"):
    """The block inside changes nothing. (An exception from it goes on up unchecked: catch the one expected
    inside, as `refused` does.)"""
    before = Snapshot.take()
    yield
    before.assert_unchanged(what)


@contextmanager
def refused(error: type[Exception], match: str):
    """The call inside is refused with `error` saying `match` (given as the `with` target), and changes nothing."""
    with nothing_changed(f"a refusal ({error.__name__}: {match})"), pytest.raises(error, match=match) as caught:
        yield caught
