"""Versions of the data that public pages show, so that a cached page is never older than its data.

An app that owns a body of data (the school registry, the published record) names it once and bumps its
version in every transaction that changes it; a page cached from it is keyed by the versions it was made
from. The bump commits with the change, so no reader sees the new version before the new data; a reader that
read the old version and then the new data only stores a newer page under an older key, which no one asks for
once the new version is visible.

Reading the versions from the database costs a round trip on every request for a cached page, which is most of
what such a request costs. On PostgreSQL each process therefore keeps its own copy, kept up to date by a thread
that LISTENs for the notification each bump sends (delivered at its commit, not at all if it rolls back), and
reads the table again every `DATA_VERSIONS_RECHECK_SECONDS` in case one was missed. A page is then older than its
data only for the moment a notification takes to arrive (milliseconds); while the thread has no connection, or
with DATA_VERSIONS_LISTEN off, every request reads the table.
"""

import logging
import os
import threading
from collections.abc import Sequence

from django.conf import settings
from django.db import connection
from django.db.models import F

from fairinspect.core.models import DataVersion

logger = logging.getLogger(__name__)
CHANNEL = "fairinspect_data_versions"
LISTENER = "fairinspect data versions"


def bump(name: str) -> None:
    """Record that the data called `name` changed; call it inside the transaction that changes it."""
    if not DataVersion.objects.filter(name=name).update(number=F("number") + 1):
        DataVersion.objects.bulk_create([DataVersion(name=name, number=0)], ignore_conflicts=True)
        DataVersion.objects.filter(name=name).update(number=F("number") + 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, name])


def current(names: Sequence[str]) -> tuple[int, ...]:
    """The versions of the data called `names`, in their order (0 for data that has never changed)."""
    numbers = _listener.numbers() if _listens() else None
    if numbers is None:
        numbers = _read(connection, names)
    return tuple(numbers.get(name, 0) for name in names)


def _listens() -> bool:
    return connection.vendor == "postgresql" and settings.DATA_VERSIONS_LISTEN


def _read(database, names: Sequence[str] | None = None) -> dict[str, int]:
    """One query, written out rather than built by the ORM: it may be asked on every request for a page."""
    table = DataVersion._meta.db_table
    where = f" WHERE name IN ({', '.join(['%s'] * len(names))})" if names else ""
    with database.cursor() as cursor:
        cursor.execute(f"SELECT name, number FROM {table}{where}", list(names or ()))
        return dict(cursor.fetchall())


class _Listener:
    """This process's copy of every version, and the thread that keeps it (started in each process that asks:
    gunicorn forks its workers after loading the app)."""

    def __init__(self):
        self._numbers: dict[str, int] | None = None  # None: not known to be up to date
        self._pid: int | None = None
        self._start = threading.Lock()

    def numbers(self) -> dict[str, int] | None:
        if self._pid != os.getpid():
            with self._start:
                if self._pid != os.getpid():
                    self._numbers = None
                    threading.Thread(target=self._listen, name="data versions", daemon=True).start()
                    self._pid = os.getpid()
        return self._numbers

    def _listen(self) -> None:
        while True:
            try:
                # Named, so that a database administrator can tell it from the connections serving requests.
                database = connection.get_new_connection({**connection.get_connection_params(), "application_name": LISTENER})
                try:
                    database.autocommit = True
                    database.execute(f"LISTEN {CHANNEL}")
                    while True:
                        # Read after LISTEN (so no bump between the two is missed), then again on each bump's
                        # notification, or after the recheck period if none came: one bump or many, the copy is
                        # then the table as it stands.
                        self._numbers = _read(database)
                        for _ in database.notifies(timeout=settings.DATA_VERSIONS_RECHECK_SECONDS, stop_after=1):
                            pass
                finally:
                    self._numbers = None
                    database.close()
            except Exception as error:  # whatever cut the connection: requests read the table until it is back
                if not settings.DATA_VERSIONS_LISTEN:  # turned off meanwhile: this thread's work is done
                    self._pid = None
                    return
                logger.warning("Not listening for data versions (%s): reading them on each request meanwhile", error)
                threading.Event().wait(1)


_listener = _Listener()
