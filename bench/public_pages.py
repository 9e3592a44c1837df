"""How fast the public pages answer at a publication peak, side by side with a bare Django view, under gunicorn.

    .venv/bin/python bench/public_pages.py [--schools 50000] [--seconds 30] [--concurrency 8] [--workers 2]
                                           [--hot-schools 200] [--seed 2025] [--fresh] [--quick]

Loads `--schools` generated establishments (about half of them open: 50,000 is England's register) with their
published inspections and links through the real imports (`fairinspect.demo.generator` writes the GIAS and MI
files) into a scratch PostgreSQL database `bench_public_pages` (kept between runs for the same seed and size;
`--fresh` loads again; BENCH_DATABASE_URL names another, which must be empty or hold this data), serves it with `fairinspect serve`
(gunicorn, `--workers` sync workers, persistent database connections) and drives it from a second process on
loopback with `--concurrency` connections at once, each route for `--seconds` in turns of one second that go round
the routes, so that every route meets the same load from whatever else runs on the machine.

Routes, each a request at a time per connection:
  bare                 /bench/bare/: a view that returns "ok" through the whole middleware stack
  school, api_school   a school's page and the API's school, for `--hot-schools` schools with published
                       inspections (those a publication sends parents to): kept copies once each worker made them
  search, api_search   a search for a common word ("primary"): a kept copy
  *_uncached           the same made afresh each time (the index, the rendering), as for a visitor with a message
                       waiting, whose pages are never kept: a different school each time, the same search

Prints each route's requests per second, p50 and p99, and the targets of issue 13 (school page and API school at
least 70% of the bare view's throughput with p99 under 50 ms; search at least 25% with p99 under 100 ms); its last
line is one JSON object with `bare_rps`, `school_rps`, `school_p99_ms`, `search_rps`, `search_p99_ms`,
`api_school_rps`, `api_school_p99_ms` and the rest of the figures. `--quick` is a small run (1,000 establishments,
a second a route) for the test suite. Without a PostgreSQL server it says so and measures on SQLite.
"""

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serving import ENVIRONMENT, drop_postgres, environment, loaded, mark_loaded, request, scratch_postgres, serve, stop

SCRATCH_DATABASE = "bench_public_pages"
COMMON_WORD = "primary"


# The data ------------------------------------------------------------------------------------------------


def load(database_url: str, schools: int, seed: int, fresh: bool, hot_schools: int) -> dict:
    """In this (child) process: migrate, load the registry and its published record unless it is already there
    for this seed and size, and return the URNs to ask for."""
    os.environ.update(ENVIRONMENT, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="fairinspect.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from fairinspect.demo import generator
    from fairinspect.frameworks.services import load_frameworks
    from fairinspect.outcomes.models import HistoricOutcome
    from fairinspect.outcomes.services import import_outcomes
    from fairinspect.schools.models import School
    from fairinspect.schools.services import import_links, import_schools

    call_command("migrate", verbosity=0)
    marker = loaded_marker(seed, schools)
    started = time.perf_counter()
    if fresh or not loaded(marker):
        if School.objects.exists():
            raise SystemExit(f"{database_url} holds other data: use --fresh on a scratch database, or another one")
        load_frameworks()
        with tempfile.TemporaryDirectory(prefix="fairinspect-bench-") as directory:
            files = generator.write_registry_files(directory, seed=seed, count=schools)
            import_schools(files.establishments, progress=False)
            for path in (files.eif_outcomes, files.report_card_outcomes):
                import_outcomes(path, progress=False)
            import_links(files.links, progress=False)
        mark_loaded(marker)
    loading = time.perf_counter() - started
    rng = random.Random(seed)
    inspected = sorted(set(HistoricOutcome.objects.values_list("urn", flat=True)) & set(School.objects.open().values_list("urn", flat=True)))
    hot = rng.sample(inspected, min(hot_schools, len(inspected)))
    others = [urn for urn in School.objects.order_by("?").values_list("urn", flat=True)[:20_000] if urn not in set(hot)]
    return {
        "loaded": marker,
        "loading_seconds": round(loading, 1),
        "open_schools": School.objects.open().count(),
        "outcomes": HistoricOutcome.objects.count(),
        "hot": hot,
        "others": others,
        "vendor": connection.vendor,
    }


def loaded_marker(seed: int, schools: int) -> str:
    return f"seed {seed}, {schools} establishments"


# The load (in a second process) --------------------------------------------------------------------------


# What a visitor with a message waiting carries: their pages are made for them, and not kept (web.caching).
OWN_PAGE = {"Cookie": "messages=bench"}


async def _request(port: int, path: str) -> tuple[int, float]:
    own, path = path.startswith("!"), path.removeprefix("!")
    response = await request(port, "GET", path, OWN_PAGE if own else None)
    return response.status, response.seconds


async def _drive(port: int, paths: list[str], seconds: float, concurrency: int) -> dict:
    latencies: list[float] = []
    failures = 0
    deadline = time.perf_counter() + seconds
    position = 0

    async def connection_loop():
        nonlocal failures, position
        while time.perf_counter() < deadline:
            path = paths[position % len(paths)]
            position += 1
            status, latency = await _request(port, path)
            if status == 200:
                latencies.append(latency)
            else:
                failures += 1

    started = time.perf_counter()
    await asyncio.gather(*(connection_loop() for _ in range(concurrency)))
    return {"ok": len(latencies), "failures": failures, "seconds": time.perf_counter() - started, "latencies": latencies}


def drive(plan: dict) -> dict:
    """In the load process: each round, each route in turn for its share of the time; the figures per route."""
    results: dict[str, dict] = {route: {"ok": 0, "failures": 0, "seconds": 0.0, "latencies": []} for route in plan["routes"]}
    for _ in range(plan["rounds"]):
        for route, paths in plan["routes"].items():
            measured = asyncio.run(_drive(plan["port"], paths, plan["seconds"] / plan["rounds"], plan["concurrency"]))
            for field in ("ok", "failures", "seconds", "latencies"):
                results[route][field] += measured[field]
    figures = {}
    for route, result in results.items():
        latencies = sorted(result["latencies"]) or [float("nan")]
        figures[route] = {
            "rps": result["ok"] / result["seconds"],
            "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
            "requests": result["ok"],
            "failures": result["failures"],
        }
    return figures


def warm(port: int, paths: list[str], workers: int) -> None:
    """Let every worker make its copy of each kept page (a request goes to whichever worker takes it)."""
    asyncio.run(_drive_each(port, paths * (workers * 3)))


async def _drive_each(port: int, paths: list[str]) -> None:
    for start in range(0, len(paths), 8):
        await asyncio.gather(*(_request(port, path) for path in paths[start : start + 8]))


# Putting it together -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=50_000, help="Establishments to generate (about half open).")
    parser.add_argument("--seconds", type=float, default=30, help="Measuring time of each route, over all rounds.")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (the issue's figures used 2).")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--hot-schools", type=int, default=200, help="Schools a publication sends parents to.")
    parser.add_argument("--fresh", action="store_true", help="Load the data again even if it is there.")
    parser.add_argument("--quick", action="store_true", help="A small, short run: for the test suite.")
    parser.add_argument("--load", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("--drive", metavar="PLAN", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.load:
        print(json.dumps(load(options.load, options.schools, options.seed, options.fresh, options.hot_schools)))
        return
    if options.drive:
        print(json.dumps(drive(json.loads(Path(options.drive).read_text()))))
        return
    if options.quick:
        options.schools, options.seconds, options.hot_schools = 1_000, 1.0, 10

    with tempfile.TemporaryDirectory(prefix="fairinspect-bench-") as temporary:
        directory = Path(temporary)
        # A quick run (the test suite's) loads a database of its own afresh, and drops it.
        scratch_database = f"{SCRATCH_DATABASE}_quick" if options.quick else SCRATCH_DATABASE
        postgres = None
        if not os.environ.get("BENCH_DATABASE_URL"):
            postgres = scratch_postgres(
                scratch_database, options.fresh or options.quick, loaded_marker(options.seed, options.schools)
            )
            if postgres is None:
                print("Measuring on SQLite instead")
        database_url = os.environ.get("BENCH_DATABASE_URL") or postgres or f"sqlite:///{directory / 'bench.sqlite3'}"
        loaded = json.loads(
            subprocess.run(
                [sys.executable, __file__, "--load", database_url, "--schools", str(options.schools),
                 "--seed", str(options.seed), "--hot-schools", str(options.hot_schools),
                 *(["--fresh"] if options.fresh else [])],
                check=True, stdout=subprocess.PIPE, text=True,
            ).stdout
        )  # fmt: skip
        print(
            f"{loaded['vendor']}: {loaded['loaded']} ({loaded['open_schools']:,} open schools, "
            f"{loaded['outcomes']:,} published inspections; loaded in {loaded['loading_seconds']} s, 0 if kept)"
        )
        hot, others = loaded["hot"], loaded["others"]
        search = f"/schools/?q={COMMON_WORD}"
        api_search = f"/api/v1/schools?q={COMMON_WORD}"
        routes = {
            "bare": ["/bench/bare/"],
            "school": [f"/schools/{urn}/" for urn in hot],
            "search": [search],
            "api_school": [f"/api/v1/schools/{urn}" for urn in hot],
            "api_search": [api_search],
            # Made afresh and not kept (so they push no kept copy out): "!" sends the cookie of OWN_PAGE.
            "school_uncached": [f"!/schools/{urn}/" for urn in others],
            "search_uncached": [f"!{search}"],
            "api_school_uncached": [f"!/api/v1/schools/{urn}" for urn in reversed(others)],
            "api_search_uncached": [f"!{api_search}"],
        }
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = serve(environment(database_url, directory, "bare_site"), port, options.workers, directory)
        try:
            warm(port, [*routes["school"], search, *routes["api_school"], api_search], options.workers)
            plan = directory / "plan.json"
            plan.write_text(json.dumps({"port": port, "routes": routes, "seconds": options.seconds,
                                        "rounds": max(1, round(options.seconds)), "concurrency": options.concurrency}))  # fmt: skip
            figures = json.loads(
                subprocess.run([sys.executable, __file__, "--drive", str(plan)], check=True, stdout=subprocess.PIPE, text=True).stdout
            )
        finally:
            stop(server)
            if postgres and options.quick:
                drop_postgres(scratch_database)

    print(
        f"gunicorn, {options.workers} sync workers; {options.concurrency} connections at once from a second process on "
        f"loopback; each route {options.seconds:g} s, in turns of a second"
    )
    print(f"{'route':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'requests':>10}{'not 200':>9}")
    for route, figure in figures.items():
        print(
            f"{route:<22}{figure['rps']:>9.1f}{figure['p50_ms']:>9.1f}{figure['p99_ms']:>9.1f}"
            f"{figure['requests']:>10}{figure['failures']:>9}"
        )
    bare = figures["bare"]["rps"]
    for route, share, p99 in (("school", 0.7, 50), ("api_school", 0.7, 50), ("search", 0.25, 100)):
        figure = figures[route]
        met = figure["rps"] >= share * bare and figure["p99_ms"] < p99
        print(
            f"{route}: {figure['rps'] / bare:.0%} of the bare view's throughput, p99 {figure['p99_ms']:.1f} ms "
            f"(target at least {share:.0%} and under {p99} ms: {'met' if met else 'MISSED'})"
        )
    summary = {"bare_rps": bare}
    for route, figure in figures.items():
        if route != "bare":
            summary[f"{route}_rps"] = figure["rps"]
            summary[f"{route}_p99_ms"] = figure["p99_ms"]
    summary["not_200"] = sum(figure["failures"] for figure in figures.values())
    summary["database"] = loaded["vendor"]
    summary["open_schools"] = loaded["open_schools"]
    print(json.dumps({key: round(value, 1) if isinstance(value, float) else value for key, value in summary.items()}))


if __name__ == "__main__":
    main()
