"""How fast a report card is made as a PDF, and how fast its public page answers under gunicorn beside a bare view.

    .venv/bin/python bench/report_card.py [--schools 44000] [--cards 100] [--seconds 30] [--concurrency 8]
                                          [--workers 2] [--pdfs 30] [--seed 2025] [--fresh] [--quick]

Loads `--schools` generated establishments (about half open: 44,000 gives England's 22,000 or so state-funded
schools) with their published history (some 100,000 inspections, legacy four-point ones among them) through the
real imports, as bench/public_pages.py does, into a scratch PostgreSQL database `bench_report_card` (kept between
runs for the same seed and size; BENCH_DATABASE_URL names another). Then walks `--cards` inspections of schools
with a history through the real services, from on-site work to publication (grades confirmed citing evidence,
feedback, the draft, the school's factual-accuracy comment answered, quality assurance), so each has a report
card in the published record.

(a) The PDF: renders `--pdfs` published versions with WeasyPrint's PDF/UA variant, in this process, as the task
    worker does after publication (the first render, which loads fonts, is not counted); median and p95 seconds.
(b) The page: serves the data with `fairinspect serve` (gunicorn, `--workers` sync workers) and drives it on loopback
    from a second process with `--concurrency` connections: `page` is the public report card of the published
    inspections (kept copies once made, keyed by the published record's version), `page_uncached` the same made
    afresh (a visitor with a message waiting), `bare` a Django view returning a fixed page through the same
    middleware. It then checks that caching never shows what it must not: the page of an inspection still under
    embargo is 404 for the public, and after an amendment the card shows the new version at once.

Targets (issue 10): a PDF in under 1 s at the median and 1.5 s at p95; the page at least 70% of the bare view's
throughput with p99 under 50 ms. The last line is one JSON object with `pdf_median_s`, `pdf_p95_s`, `page_rps`,
`bare_rps` and `page_p99_ms`, and the rest of the figures. `--quick` is a small run (300 establishments, 1
card, 3 PDFs, half a second a route) for the test suite. Without a PostgreSQL server it says so and measures on SQLite.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import public_pages as pages
import serving

ROOT = Path(__file__).resolve().parent.parent
SCRATCH_DATABASE = "bench_report_card"
# The inspections are walked as the tests walk them (tests/reports/walk.py), whose helpers are here.
sys.path.insert(0, str(ROOT))


def embargoed_number() -> str:
    """An inspection whose report is under embargo (at quality assurance), as its number would be once published."""
    from fairinspect.accounts.roles import Role
    from fairinspect.core import working_days
    from fairinspect.frameworks.models import Framework
    from fairinspect.inspections import services
    from fairinspect.inspections.models import Inspection, Kind, State
    from fairinspect.schools.models import School

    from tests import factories
    from tests.reports.walk import walk_to

    clock = serving.services_clock()
    waiting = Inspection.objects.filter(state=State.QUALITY_ASSURANCE).first()
    if waiting is None:
        scheduler = factories.make_user(Role.SCHEDULER)
        school = School.objects.open().exclude(inspections__isnull=False).first()
        starts_on = working_days.next_working_day(clock.now.date())
        waiting = services.plan_inspection(
            actor=scheduler, school=school, framework=Framework.objects.get(code="report-card-2025"), kind=Kind.FULL,
            starts_on=starts_on,
        )  # fmt: skip
        services.assign_inspector(actor=scheduler, inspection=waiting, inspector=factories.make_inspector(), as_lead=True)
        services.notify_school(actor=scheduler, inspection=waiting)
        clock.set(waiting.starts_on)
        services.start_inspection(actor=waiting.team.get(is_lead=True).inspector.user, inspection=waiting)
        walk_to(waiting, "quality_assurance")
    return f"FI{waiting.pk:08d}"


def time_pdfs(numbers: list[str], count: int) -> list[float]:
    from fairinspect.reports.models import ReportVersion
    from fairinspect.reports.pdf import render_card_pdf

    versions = list(ReportVersion.objects.filter(report__inspection_number__in=numbers, replaced_at__isnull=True))
    render_card_pdf(versions[0].content, version_number=versions[0].number)  # fonts and styles load once
    seconds = []
    for index in range(count):
        version = versions[index % len(versions)]
        started = time.perf_counter()
        render_card_pdf(version.content, version_number=version.number)
        seconds.append(time.perf_counter() - started)
    return seconds


def amend(number: str) -> int:
    from fairinspect.accounts.roles import Role
    from fairinspect.reports.models import Report
    from fairinspect.reports.services import amend_report

    from tests import factories

    serving.services_clock()
    report = Report.objects.get(inspection_number=number)
    version = amend_report(
        actor=factories.make_user(Role.QUALITY_ASSURER), inspection=report.inspection,
        reason="The benchmark checks an amendment is seen at once.", next_steps="Read more, and more widely.",
    )  # fmt: skip
    return version.number


def load(database_url: str, options) -> dict:
    loaded = pages.load(database_url, options.schools, options.seed, options.fresh, 0)
    numbers = serving.publish_cards(options.cards, options.seed)
    from fairinspect.outcomes.models import HistoricOutcome

    pdf_seconds = time_pdfs(numbers, options.pdfs)
    return {
        **{key: loaded[key] for key in ("loaded", "loading_seconds", "open_schools", "vendor")},
        "outcomes": HistoricOutcome.objects.count(),
        "numbers": numbers,
        "embargoed": embargoed_number(),
        "pdf_seconds": pdf_seconds,
    }


def _get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def _child(*arguments: str) -> dict:
    finished = subprocess.run([sys.executable, __file__, *arguments], check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(finished.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=44_000, help="Establishments to generate (about half open).")
    parser.add_argument("--cards", type=int, default=100, help="Inspections walked to a published report card.")
    parser.add_argument("--pdfs", type=int, default=30, help="PDFs rendered for the timing.")
    parser.add_argument("--seconds", type=float, default=30, help="Measuring time of each route, over all rounds.")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--fresh", action="store_true", help="Load the data again even if it is there.")
    parser.add_argument("--quick", action="store_true", help="A small, short run: for the test suite.")
    parser.add_argument("--load", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("--amend", nargs=2, metavar=("DATABASE_URL", "NUMBER"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.quick:
        # Each phase at its least that still runs it: a fresh database's migrations are most of what is left.
        options.schools, options.cards, options.pdfs, options.seconds = 300, 1, 3, 0.5
    if options.load:
        print(json.dumps(load(options.load, options)))
        return
    if options.amend:
        os.environ.update(serving.ENVIRONMENT, DATABASE_URL=options.amend[0], DJANGO_SETTINGS_MODULE="fairinspect.settings")
        import django

        django.setup()
        print(json.dumps({"version": amend(options.amend[1])}))
        return

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fairinspect-bench-") as temporary:
        directory = Path(temporary)
        scratch_database = f"{SCRATCH_DATABASE}_quick" if options.quick else SCRATCH_DATABASE
        marker = pages.loaded_marker(options.seed, options.schools)
        postgres = None
        if not os.environ.get("BENCH_DATABASE_URL"):
            postgres = serving.scratch_postgres(scratch_database, options.fresh or options.quick, marker)
        database_url = os.environ.get("BENCH_DATABASE_URL") or postgres or f"sqlite:///{directory / 'bench.sqlite3'}"
        loaded = _child(
            "--load", database_url, "--schools", str(options.schools), "--cards", str(options.cards),
            "--pdfs", str(options.pdfs), "--seed", str(options.seed), *(["--fresh"] if options.fresh else []),
        )  # fmt: skip
        set_up = time.perf_counter() - started
        print(
            f"{loaded['vendor']}: {loaded['loaded']} ({loaded['open_schools']:,} open schools, {loaded['outcomes']:,} "
            f"published inspections, {len(loaded['numbers'])} with report cards published through the services; "
            f"loaded in {loaded['loading_seconds']} s, 0 if kept)"
        )
        cards = [f"/reports/{number}/" for number in loaded["numbers"]]
        routes = {"bare": ["/bench/bare/"], "page": cards, "page_uncached": [f"!{card}" for card in cards]}
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = serving.serve(serving.environment(database_url, directory, "bare_site"), port, options.workers, directory)
        try:
            pages.warm(port, cards, options.workers)
            plan = directory / "plan.json"
            plan.write_text(json.dumps({"port": port, "routes": routes, "seconds": options.seconds,
                                        "rounds": max(1, round(options.seconds)), "concurrency": options.concurrency}))  # fmt: skip
            figures = json.loads(
                subprocess.run([sys.executable, pages.__file__, "--drive", str(plan)], check=True, stdout=subprocess.PIPE, text=True).stdout
            )
            # What caching must never do: show a report under embargo, or a replaced version as the current one.
            embargoed_status, _ = _get(port, f"/reports/{loaded['embargoed']}/")
            amended = loaded["numbers"][0]
            new_version = _child("--amend", database_url, amended)["version"]
            _, after = _get(port, f"/reports/{amended}/")
            amendment_seen = f"version {new_version}" in after and "Read more, and more widely." in after
        finally:
            serving.stop(server)
            if postgres and options.quick:
                serving.drop_postgres(scratch_database)

    print(f"wall clock: {set_up:.1f} s to migrate, load, publish and render, {time.perf_counter() - started:.1f} s in all")
    pdf = sorted(loaded["pdf_seconds"])
    pdf_median, pdf_p95 = statistics.median(pdf), pdf[min(len(pdf) - 1, int(0.95 * len(pdf)))]
    print(f"PDF/UA report cards: {len(pdf)} rendered, median {pdf_median:.3f} s, p95 {pdf_p95:.3f} s "
          f"(target under 1 s and 1.5 s: {'met' if pdf_median < 1 and pdf_p95 < 1.5 else 'MISSED'})")  # fmt: skip
    print(
        f"gunicorn, {options.workers} sync workers; {options.concurrency} connections at once from a second process on "
        f"loopback; each route {options.seconds:g} s, in turns of a second"
    )
    print(f"{'route':<16}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'requests':>10}{'not 200':>9}")
    for route, figure in figures.items():
        print(f"{route:<16}{figure['rps']:>9.1f}{figure['p50_ms']:>9.1f}{figure['p99_ms']:>9.1f}"
              f"{figure['requests']:>10}{figure['failures']:>9}")  # fmt: skip
    bare, page = figures["bare"], figures["page"]
    met = page["rps"] >= 0.7 * bare["rps"] and page["p99_ms"] < 50
    print(f"page: {page['rps'] / bare['rps']:.0%} of the bare view's throughput, p99 {page['p99_ms']:.1f} ms "
          f"(target at least 70% and under 50 ms: {'met' if met else 'MISSED'})")  # fmt: skip
    print(f"embargoed report's page for the public: {embargoed_status} (must be 404); "
          f"an amendment seen at once: {'yes' if amendment_seen else 'NO'}")  # fmt: skip
    summary = {
        "pdf_median_s": round(pdf_median, 3),
        "pdf_p95_s": round(pdf_p95, 3),
        "page_rps": round(page["rps"], 1),
        "bare_rps": round(bare["rps"], 1),
        "page_p99_ms": round(page["p99_ms"], 1),
        "page_p50_ms": round(page["p50_ms"], 1),
        "page_uncached_rps": round(figures["page_uncached"]["rps"], 1),
        "page_uncached_p99_ms": round(figures["page_uncached"]["p99_ms"], 1),
        "not_200": sum(figure["failures"] for figure in figures.values()),
        "embargoed_status": embargoed_status,
        "amendment_seen": amendment_seen,
        "database": loaded["vendor"],
        "open_schools": loaded["open_schools"],
        "published_inspections": loaded["outcomes"],
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
