"""Versions of data (core.versions): a bump is seen once it commits, never before, in every process; on PostgreSQL
each process is told by a notification rather than asking on every request."""

import psycopg
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fairinspect.core import versions
from tests.processes import postgres_url, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_bump_is_seen_when_it_commits_and_not_if_it_rolls_back():
    assert versions.current(["registry", "record"]) == (0, 0)
    with transaction.atomic():
        versions.bump("record")
        versions.bump("record")
    assert versions.current(["registry", "record"]) == (0, 2)
    with pytest.raises(RuntimeError), transaction.atomic():
        versions.bump("registry")
        raise RuntimeError("the change failed")
    assert versions.current(["registry", "record"]) == (0, 2)


def cut_the_listeners_connection() -> int:
    with psycopg.connect(postgres_url(connection.settings_dict["NAME"]), autocommit=True) as observer:
        return observer.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = %s "
            "AND datname = current_database()",
            [versions.LISTENER],
        ).fetchone()[0]


@pytest.mark.postgres_only
def test_on_postgresql_each_process_is_told_of_a_bump_and_reads_the_table_while_it_cannot_be(settings):
    settings.DATA_VERSIONS_LISTEN = True
    listener = versions._listener
    versions.current(["record"])
    wait_for(lambda: listener.numbers() is not None, "the listener to be listening")
    try:
        with transaction.atomic():
            versions.bump("record")
        wait_for(lambda: versions.current(["record"]) == (1,), "the notification of the bump", timeout=5)
        with CaptureQueriesContext(connection) as queries:
            assert versions.current(["record"]) == (1,)
        assert len(queries) == 0  # told, not asking

        # Its connection cut, the process reads the table itself until it listens again.
        assert cut_the_listeners_connection() == 1
        with transaction.atomic():
            versions.bump("record")
        assert versions.current(["record"]) == (2,)
        wait_for(lambda: listener.numbers() is not None, "the listener to listen again")
        assert versions.current(["record"]) == (2,)
    finally:
        settings.DATA_VERSIONS_LISTEN = False
        cut_the_listeners_connection()
        wait_for(lambda: listener._pid is None, "the listener to stop")
