"""What the benchmarks that serve the app share: a scratch PostgreSQL database, `fairinspect serve` (gunicorn) and
`db_worker` started and stopped, and a small HTTP/1.1 client for loopback that takes one connection per request.

Used by bench/public_pages.py and bench/soak.py, which run as scripts from this folder (so `import serving`)."""

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"
FAIRINSPECT = str(Path(sys.executable).parent / "fairinspect")
ENVIRONMENT = {
    "SECRET_KEY": "benchmark-only-not-a-secret-but-long-enough-for-the-checks",
    "AUDIT_KEYS": "benchmark:benchmark-only-not-a-secret-but-long-enough",
    "ALLOWED_HOSTS": "127.0.0.1",
}


# The database ----------------------------------------------------------------------------------------------


def scratch_postgres(database: str, fresh: bool, marker: str) -> str | None:
    """The URL of the scratch database, made afresh unless it holds the data `marker` names (a table
    `bench_loaded` with that one row, which the loader writes last); None without a PostgreSQL server."""
    import psycopg
    from psycopg import sql

    try:
        with psycopg.connect(SERVER_URL, autocommit=True, connect_timeout=3) as server:
            exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
            url = SERVER_URL.rsplit("/", 1)[0] + f"/{database}"
            if exists and not fresh:
                with psycopg.connect(url) as scratch:
                    held = scratch.execute("SELECT to_regclass('bench_loaded') IS NOT NULL").fetchone()[0]
                    fresh = not held or scratch.execute("SELECT what FROM bench_loaded").fetchall() != [(marker,)]
            if fresh and exists:
                server.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(database)))
            if fresh or not exists:
                server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    except psycopg.OperationalError as error:
        print(f"PostgreSQL: no server at {SERVER_URL} ({error})")
        return None
    return url


def drop_postgres(database: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(SERVER_URL, autocommit=True) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))


def loaded(marker: str) -> bool:
    """In a process with Django set up: whether the database holds the data `marker` names."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_loaded (what text)")
        cursor.execute("SELECT what FROM bench_loaded")
        return [row[0] for row in cursor.fetchall()] == [marker]


def mark_loaded(marker: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM bench_loaded")
        cursor.execute("INSERT INTO bench_loaded VALUES (%s)", [marker])
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


# The processes ---------------------------------------------------------------------------------------------


def environment(database_url: str, directory: Path, settings: str, **more: str) -> dict[str, str]:
    """The environment the server and the task worker run in: the bench's settings module `settings` (a module of
    this folder), persistent database connections as in production (README), files kept in `directory`."""
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(
        ENVIRONMENT,
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE=settings,
        PYTHONPATH=os.pathsep.join([str(BENCH), str(ROOT)]),
        FAIRINSPECT_VAR_DIR=str(directory),
        # A connection per request would cost more than a page.
        DATABASE_CONN_MAX_AGE="600",
        **more,
    )
    return env


def serve(env: dict[str, str], port: int, workers: int, directory: Path) -> subprocess.Popen:
    """`fairinspect serve` on loopback, once it answers /healthz. Its process is gunicorn's master."""
    log = (directory / "server.log").open("w")
    server = subprocess.Popen(
        [FAIRINSPECT, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the server did not start:\n{(directory / 'server.log').read_text()}")
        time.sleep(0.2)


def task_worker(env: dict[str, str], directory: Path) -> subprocess.Popen:
    """`fairinspect db_worker`, as beside the servers in production (a worker started again writes on in its log)."""
    log = (directory / "worker.log").open("a")
    return subprocess.Popen(
        [FAIRINSPECT, "db_worker", "--no-reload", "--no-startup-delay"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process and its children (they stop gracefully), SIGKILL if they have not in 30 s."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# Published report cards ------------------------------------------------------------------------------------
# Walked through the real services as the tests walk them (tests/reports/walk.py: the caller puts the repository's
# root on sys.path), in a process with Django set up.


def fresh_factory_numbers() -> None:
    """The tests' builders number the rows they make from 1 in each process; a kept database holds rows of earlier
    runs, so this run numbers its own from the clock."""
    import itertools

    from tests import factories

    factories._numbers = itertools.count(int(time.time() * 10))


def services_clock():
    """The services' clock, set by hand, as the tests' is: each inspection is called, started and reported on the
    days its rules ask for."""
    from datetime import datetime, time as clock_time
    from zoneinfo import ZoneInfo

    from fairinspect.core import working_days

    class Clock:
        now = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Europe/London"))

        def set(self, day) -> None:
            self.now = datetime.combine(day, clock_time(9), ZoneInfo("Europe/London"))

    clock = Clock()
    working_days.now = lambda: clock.now
    fresh_factory_numbers()
    return clock


def publish_cards(cards: int, seed: int) -> list[str]:
    """Walk `cards` inspections of schools with a published history through the real services to publication; their
    inspection numbers. On a database that has them already, those."""
    import random

    from fairinspect.accounts.roles import Role
    from fairinspect.core import working_days
    from fairinspect.frameworks.models import Framework
    from fairinspect.inspections import services
    from fairinspect.inspections.models import Kind
    from fairinspect.outcomes.models import HistoricOutcome
    from fairinspect.reports.models import Report
    from fairinspect.schools.models import School

    from tests import factories
    from tests.reports.walk import walk_to

    published = list(Report.objects.exclude(inspection_number="").values_list("inspection_number", flat=True))
    if len(published) >= cards:
        return published[:cards]
    clock = services_clock()
    framework = Framework.objects.get(code="report-card-2025")
    scheduler = factories.make_user(Role.SCHEDULER)
    quality_assurer = factories.make_user(Role.QUALITY_ASSURER)
    with_history = set(HistoricOutcome.objects.values_list("urn", flat=True))
    # Schools with no inspection of this service yet (the soak's data has some under way), so none is refused.
    free = School.objects.open().exclude(inspections__isnull=False).values_list("urn", flat=True)
    candidates = sorted(set(free) & with_history)
    for urn in random.Random(seed).sample(candidates, cards - len(published)):
        clock.set(working_days.next_working_day(working_days.add_working_days(clock.now.date(), -1)))
        starts_on = working_days.next_working_day(clock.now.date())
        inspection = services.plan_inspection(
            actor=scheduler, school=School.objects.get(urn=urn), framework=framework, kind=Kind.FULL, starts_on=starts_on
        )
        services.assign_inspector(actor=scheduler, inspection=inspection, inspector=factories.make_inspector(), as_lead=True)
        services.notify_school(actor=scheduler, inspection=inspection)
        clock.set(inspection.starts_on)
        lead = inspection.team.get(is_lead=True).inspector.user
        services.start_inspection(actor=lead, inspection=inspection)
        walk_to(inspection, "published", quality_assurer=quality_assurer)
        clock.set(working_days.add_working_days(clock.now.date(), -1))  # the next inspection's call day
    return list(Report.objects.exclude(inspection_number="").values_list("inspection_number", flat=True))[:cards]


# The client ------------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int  # 0: no answer (the connection was refused, reset or closed before a status line came)
    started: float  # time.time(), comparable between processes
    seconds: float
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    def header_values(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]


async def request(
    port: int, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> Response:
    """One request on a connection of its own (the server closes it after each answer)."""
    started, clock = time.time(), time.perf_counter()
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body or method not in {"GET", "HEAD"}:
        lines.append(f"Content-Length: {len(body)}")
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            await writer.drain()
            raw = await reader.read()
        finally:
            writer.close()
    except OSError:
        raw = b""
    seconds = time.perf_counter() - clock
    if not raw.startswith(b"HTTP/1."):
        return Response(0, started, seconds)
    head, _, content = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed = [tuple(part.strip() for part in line.split(":", 1)) for line in header_lines if ":" in line]
    return Response(int(status_line[9:12]), started, seconds, parsed, content)
