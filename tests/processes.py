"""Processes the tests start as production starts them (the server, the task worker, a restore), each on a database
of its own that they can all reach: a file on SQLite, a scratch database beside the test database on PostgreSQL.
"""

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import psycopg
from django.db import connection
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
FAIRINSPECT = str(Path(sys.executable).parent / "fairinspect")


def environment(database_url: str, **extra: str) -> dict[str, str]:
    """The production settings on `database_url`, with the tests' keys, and this checkout importable (so that a
    process may use a test mailer from tests/)."""
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=os.environ["SECRET_KEY"],
        AUDIT_KEYS=os.environ["AUDIT_KEYS"],
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    return env | extra


def fairinspect(database_url: str, *arguments: str, **extra: str) -> subprocess.CompletedProcess:
    """Run `fairinspect …` to the end; it must succeed."""
    finished = subprocess.run(
        [FAIRINSPECT, *arguments], env=environment(database_url, **extra), capture_output=True, text=True, timeout=120
    )
    assert finished.returncode == 0, f"fairinspect {' '.join(arguments)}:\n{finished.stdout}\n{finished.stderr}"
    return finished


def query(database_url: str, statement: str, parameters: tuple = ()) -> list[tuple]:
    """The rows `statement` gives on the database at `database_url`, read straight from it (faster than a process)."""
    if database_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as database:
            return database.execute(statement.replace("%s", "?"), parameters).fetchall()
    with psycopg.connect(database_url) as database:
        return database.execute(statement, parameters).fetchall()


def postgres_url(name: str) -> str:
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}/{name}"


@contextmanager
def empty_database(tmp_path: Path, name: str) -> Iterator[str]:
    """The URL of a new, empty database called `name` on the tests' database server (a file on SQLite), dropped
    afterwards. On PostgreSQL it is named after the test database, so that engineers sharing a server never meet."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / name}.sqlite3"
        return
    database = f"{connection.settings_dict['NAME']}_{name}"
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    try:
        yield postgres_url(database)
    finally:
        with psycopg.connect(postgres_url("postgres"), autocommit=True) as server:
            server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))


@contextmanager
def migrated_database(tmp_path: Path, name: str) -> Iterator[str]:
    with empty_database(tmp_path, name) as url:
        fairinspect(url, "migrate", "--no-input")
        yield url


def wait_for(condition: Callable[[], object], what: str, timeout: float = 60) -> object:
    """Poll `condition` until it gives something true, and return it; fail naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.1)
    return result
