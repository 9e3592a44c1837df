"""How fast `import_schools` reads a full-size GIAS establishment export, against PostgreSQL's own COPY.

    .venv/bin/python bench/import_schools.py [--rows 50000] [--seed 2025] [--repeats 3]

Generates a GIAS-format file of `--rows` establishments with the seeded generator, then imports it with
`fairinspect.schools.services.import_schools` into a fresh SQLite file database and into a scratch
PostgreSQL database: each time into an empty registry (the first run creates every school) and then again
(the second run finds them all unchanged). On PostgreSQL it also loads the same file with `COPY … FROM STDIN
(FORMAT csv)` into a bare table of text columns: the ratio to beat. Every figure is the median of
`--repeats` measurements, since the machine may be shared; each COPY is timed right after a pair of
imports, so that both meet the same load. Targets: the first PostgreSQL import takes at most 3× COPY's time,
and the second (no-change) run at most as long as the first.

PostgreSQL: a scratch database `bench_import` on the server at 127.0.0.1:5432, created and dropped here, or
the database named by BENCH_DATABASE_URL (whose school registry is emptied!). Without a server the
PostgreSQL figures are skipped. Each database is measured in a child process, since Django's settings are
fixed once a process starts.
"""

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"
SCRATCH_DATABASE = "bench_import"


def measure(database_url: str, path: Path, repeats: int) -> dict:
    """In this (child) process: migrate `database_url`, then `repeats` times empty the registry, import
    `path` twice and, on PostgreSQL, COPY it. Returns the median time of first runs, of second runs and of
    COPYs, and the last summaries."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ.setdefault("AUDIT_KEYS", "benchmark:benchmark-only-not-a-secret-but-long-enough")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairinspect.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from fairinspect.schools.models import LocalAuthority, School, Trust
    from fairinspect.schools.services import import_schools

    call_command("migrate", verbosity=0)
    timings: dict[str, list[float]] = {"first": [], "second": [], "copy": []}
    summaries = {}
    for _ in range(repeats):
        with connection.cursor() as cursor:
            for model in (School, Trust, LocalAuthority):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        for run in ("first", "second"):
            started = time.perf_counter()
            summaries[run] = str(import_schools(path, progress=False))
            timings[run].append(time.perf_counter() - started)
        if connection.vendor == "postgresql":
            timings["copy"].append(copy_seconds(database_url, path))
    return {
        run: {"seconds": statistics.median(times), "summary": summaries.get(run)}
        for run, times in timings.items()
        if times
    }


def measure_in_child(database_url: str, path: Path, repeats: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--measure", database_url, str(path), "--repeats", str(repeats)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(result.stdout)


def copy_seconds(database_url: str, path: Path) -> float:
    """Load `path` into a new bare table of text columns with COPY: the time from the first byte sent to the
    commit."""
    with path.open(encoding="cp1252", newline="") as file:
        header = next(csv.reader(file))
    data = path.read_bytes()
    table = sql.Identifier("bench_gias_copy")
    columns = sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(name)) for name in header)
    copy = sql.SQL("COPY {} FROM STDIN (FORMAT csv, HEADER true, ENCODING 'WIN1252')").format(table)
    with psycopg.connect(database_url) as connection:
        connection.execute(sql.SQL("CREATE TABLE {} ({})").format(table, columns))
        connection.commit()
        started = time.perf_counter()
        with connection.cursor() as cursor, cursor.copy(copy) as stream:
            stream.write(data)
        connection.commit()
        seconds = time.perf_counter() - started
        connection.execute(sql.SQL("DROP TABLE {}").format(table))
        connection.commit()
    return seconds


def scratch_postgres() -> tuple[str, bool] | None:
    """(URL, whether it is a scratch database to drop afterwards), or None when there is no server."""
    if url := os.environ.get("BENCH_DATABASE_URL"):
        return url, False
    try:
        with psycopg.connect(SERVER_URL, autocommit=True, connect_timeout=3) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(SCRATCH_DATABASE)))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(SCRATCH_DATABASE)))
    except psycopg.OperationalError as error:
        print(f"PostgreSQL: skipped, no server at {SERVER_URL} ({error})")
        return None
    return SERVER_URL.rsplit("/", 1)[0] + f"/{SCRATCH_DATABASE}", True


def drop_scratch() -> None:
    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(SCRATCH_DATABASE)))


def report(name: str, rows: int, timings: dict) -> None:
    first, second = timings["first"]["seconds"], timings["second"]["seconds"]
    print(f"{name}: first run {first:.2f} s ({rows / first:,.0f} rows/s; {timings['first']['summary']})")
    print(f"{name}: second run {second:.2f} s ({rows / second:,.0f} rows/s; {timings['second']['summary']})")
    verdict = "met" if second <= first else "MISSED"
    print(f"{name}: second run / first run = {second / first:.2f} (target at most 1: {verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeats", type=int, default=3, help="Runs of each measurement; the median is shown.")
    parser.add_argument("--measure", nargs=2, metavar=("DATABASE_URL", "PATH"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(measure(arguments.measure[0], Path(arguments.measure[1]), arguments.repeats)))
        return

    from fairinspect.demo.generator import generate_schools, write_gias_csv

    with tempfile.TemporaryDirectory(prefix="fairinspect-bench-") as directory:
        path = Path(directory) / "edubasealldata.csv"
        started = time.perf_counter()
        write_gias_csv(path, generate_schools(random.Random(arguments.seed), arguments.rows))
        print(
            f"generated {arguments.rows:,} establishments (seed {arguments.seed}): {path.stat().st_size / 1e6:.1f} MB "
            f"in {time.perf_counter() - started:.1f} s; each figure below is the median of {arguments.repeats} runs"
        )

        sqlite = measure_in_child(f"sqlite:///{directory}/bench.sqlite3", path, arguments.repeats)
        report("SQLite", arguments.rows, sqlite)

        postgres = scratch_postgres()
        if postgres is None:
            return
        url, scratch = postgres
        try:
            timings = measure_in_child(url, path, arguments.repeats)
        finally:
            if scratch:
                drop_scratch()
        report("PostgreSQL", arguments.rows, timings)
        first, copy = timings["first"]["seconds"], timings["copy"]["seconds"]
        print(f"PostgreSQL COPY into a bare table of text columns: {copy:.2f} s ({arguments.rows / copy:,.0f} rows/s)")
        verdict = "met" if first <= 3 * copy else "MISSED"
        print(f"PostgreSQL: first import / COPY = {first / copy:.1f}x (target at most 3x: {verdict})")


if __name__ == "__main__":
    main()
