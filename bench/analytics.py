"""How fast the analytics pages answer over national data: 100,000 published inspections with up to 8 area grades.

    .venv/bin/python bench/analytics.py [--inspections 100000] [--schools 22000] [--own-share 0.1] [--repeats 3]
                                        [--seed 2025] [--quick]

Makes a scratch PostgreSQL database `bench_analytics` (or `--database NAME`; BENCH_DATABASE_URL names another, which must be empty;
without a server at 127.0.0.1:5432 it says so and measures on SQLite), writes `--schools` schools in England's
mix of phases, regions, types, free-school-meals shares and sizes and `--inspections` published inspections
(EIF-era with 6 areas and report-card-era with 8, in the national grade mix) straight into the published record,
rebuilds the figures with `refresh_figures` (timed), then marks `--own-share` of the report-card inspections as led
through fairinspect by one of 300 leads (what publication through fairinspect will write; some leads grade a
little harder or softer), so the consistency page has real work.

Each page is asked for once to warm up (templates compiled), then `--repeats` times in-process through Django's test client (the whole middleware stack,
no network) and its slowest time kept: the server's time for the page. Pages: index, grades (by phase, the
default), grades_fsm (by free-school-meals band), consistency, timeliness, rates, survey, opendata (the open
data's page) and opendata_package (the API's datapackage.json with its audit checkpoint). The target is every
page under 1 s. The last line is one JSON object with each page's seconds, `max_s` and `refresh_s`.
`--quick` is a small run (2,000 inspections) for the test suite. Figures on a shared machine are noisy.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"
SCRATCH_DATABASE = "bench_analytics"
ENVIRONMENT = {
    "SECRET_KEY": "benchmark-only-not-a-secret-but-long-enough-for-the-checks",
    "AUDIT_KEYS": "benchmark:benchmark-only-not-a-secret-but-long-enough",
    "ALLOWED_HOSTS": "testserver",
}
PHASES = (("Primary", 0.75), ("Secondary", 0.16), ("Not applicable", 0.05), ("All-through", 0.04))
REGIONS = ("North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
           "East of England", "London", "South East", "South West")  # fmt: skip
TYPES = ("Local authority maintained schools", "Academies", "Free Schools", "Special schools")
EIF_MIX = (("outstanding", 0.16), ("good", 0.68), ("requires-improvement", 0.13), ("inadequate", 0.03))
CARD_MIX = (("exceptional", 0.05), ("strong-standard", 0.25), ("expected-standard", 0.55),
            ("needs-attention", 0.12), ("urgent-improvement", 0.03))  # fmt: skip
PAGES = {
    "index": "/analytics/",
    "grades": "/analytics/grades/",
    "grades_fsm": "/analytics/grades/?by=fsm_band",
    "consistency": "/analytics/consistency/?framework=report-card-2025",
    "timeliness": "/analytics/timeliness/",
    "rates": "/analytics/rates/",
    "survey": "/analytics/survey/",
    "opendata": "/analytics/open-data/",
    "opendata_package": "/api/v1/opendata/datapackage.json",
}


def pick(rng: random.Random, weighted) -> str:
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


def scratch_postgres(database: str) -> str | None:
    import psycopg
    from psycopg import sql

    try:
        with psycopg.connect(SERVER_URL, autocommit=True, connect_timeout=3) as server:
            server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    except psycopg.OperationalError as error:
        print(f"PostgreSQL: no server at {SERVER_URL} ({error}); measuring on SQLite instead")
        return None
    return SERVER_URL.rsplit("/", 1)[0] + f"/{database}"


def drop_postgres(database: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(SERVER_URL, autocommit=True) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))


def load(inspections: int, schools: int, own_share: float, seed: int) -> float:
    """Write the schools and the published record, rebuild the figures; returns the rebuild's seconds."""
    from django.db import connection

    from fairinspect.analytics.models import GradeFact, PublishedFact, Source
    from fairinspect.analytics.services import refresh_figures
    from fairinspect.frameworks.models import Framework
    from fairinspect.frameworks.services import load_frameworks
    from fairinspect.outcomes.models import HistoricOutcome
    from fairinspect.schools.models import School

    rng = random.Random(seed)
    load_frameworks()
    eif, card = Framework.objects.get(code="eif-2019"), Framework.objects.get(code="report-card-2025")
    eif_areas = [area.code for area in eif.areas.order_by("order")]
    card_areas = [area.code for area in card.areas.order_by("order")]
    School.objects.bulk_create(
        [
            School(urn=100000 + number, name=f"Bench school {number}", phase_name=pick(rng, PHASES),
                   region=rng.choice(REGIONS), type_group_name=rng.choice(TYPES),
                   percentage_fsm=Decimal(str(round(min(rng.expovariate(1 / 24), 90), 1))),
                   number_of_pupils=int(rng.lognormvariate(5.6, 0.6)))  # fmt: skip
            for number in range(schools)
        ],
        batch_size=5000,
    )
    outcomes = []
    for number in range(inspections):
        report_card = number % 5 == 0  # a fifth since November 2025
        start = date(2025, 11, 10) + timedelta(days=rng.randrange(300)) if report_card else date(2019, 9, 2) + timedelta(days=rng.randrange(2200))
        end = start + timedelta(days=1)
        areas, mix = (card_areas, CARD_MIX) if report_card else (eif_areas, EIF_MIX)
        graded = areas if report_card else areas[:4] + [area for area in areas[4:] if rng.random() < 0.4]
        outcomes.append(
            HistoricOutcome(
                inspection_number=str(20_000_000 + number), urn=100000 + rng.randrange(schools),
                framework=card if report_card else eif, inspection_type="Full inspection", start_date=start,
                end_date=end, publication_date=end + timedelta(days=rng.randrange(15, 60)),
                grades={area: pick(rng, mix) for area in graded},
            )  # fmt: skip
        )
    HistoricOutcome.objects.bulk_create(outcomes, batch_size=5000)
    started = time.perf_counter()
    refresh_figures()
    refreshing = time.perf_counter() - started
    # What publication through fairinspect will add: a share of the report-card inspections led by one of 300 leads.
    leads = [f"L{number:05X}" for number in range(300)]
    own = list(PublishedFact.objects.filter(framework_code=card.code).values_list("id", flat=True))
    own = rng.sample(own, int(len(own) * own_share * 5))
    by_lead: dict[str, list[int]] = {}
    for fact in own:
        by_lead.setdefault(rng.choice(leads), []).append(fact)
    for lead, facts in by_lead.items():
        PublishedFact.objects.filter(id__in=facts).update(source=Source.OWN, lead_code=lead)
        GradeFact.objects.filter(fact_id__in=facts).update(source=Source.OWN, lead_code=lead)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return refreshing


def measure(repeats: int) -> dict[str, float]:
    from django.test import Client

    from fairinspect.accounts.roles import Role
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("bench.researcher")
    user.groups.add(Group.objects.get_or_create(name=Role.RESEARCHER)[0])
    client = Client()
    client.force_login(user)
    for path in PAGES.values():
        client.get(path)  # once first: templates compiled, connections made, as in a server that has been up a while
    seconds = {}
    for name, path in PAGES.items():
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
        seconds[name] = round(max(times), 3)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inspections", type=int, default=100_000)
    parser.add_argument("--schools", type=int, default=22_000)
    parser.add_argument("--own-share", type=float, default=0.1, help="Of the report-card inspections, led through fairinspect.")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--database", default=SCRATCH_DATABASE, help="The scratch PostgreSQL database's name.")
    parser.add_argument("--quick", action="store_true", help="A small run for the test suite.")
    options = parser.parse_args()
    if options.quick:
        options.inspections, options.schools, options.repeats = 2000, 500, 1
    sys.path.insert(0, str(ROOT / "src"))
    with tempfile.TemporaryDirectory(prefix="fairinspect-bench-") as directory:
        postgres = None if os.environ.get("BENCH_DATABASE_URL") else scratch_postgres(options.database)
        database_url = os.environ.get("BENCH_DATABASE_URL") or postgres or f"sqlite:///{directory}/bench.sqlite3"
        os.environ.update(ENVIRONMENT, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="fairinspect.settings",
                          FAIRINSPECT_VAR_DIR=directory)  # fmt: skip
        os.environ.pop("DEBUG", None)
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        # The pages' time, not collectstatic's: assets are named as they are, without a manifest.
        settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

        call_command("migrate", verbosity=0)
        try:
            print(f"Loading {options.inspections:,} published inspections of {options.schools:,} schools "
                  f"({connection.vendor})…", flush=True)  # fmt: skip
            refreshing = load(options.inspections, options.schools, options.own_share, options.seed)
            print(f"refresh_figures: {refreshing:.1f} s")
            seconds = measure(options.repeats)
        finally:
            connection.close()
            if postgres:
                drop_postgres(options.database)
    for name, value in seconds.items():
        print(f"{name:18} {value:7.3f} s{'  (over 1 s)' if value >= 1 else ''}")
    worst = max(seconds.values())
    print(f"Slowest page {worst:.3f} s: {'every page under 1 s' if worst < 1 else 'OVER the 1 s target'}")
    print(json.dumps({**seconds, "max_s": worst, "refresh_s": round(refreshing, 1)}))


if __name__ == "__main__":
    main()
