"""The benchmarks still run against the code as it is now, at a tiny size: their figures are not checked here
(timings belong in the benchmarks, not in tests), only that each one gets to the end of what it measures."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def run(script: str, *arguments: str) -> str:
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    finished = subprocess.run(
        [sys.executable, str(BENCH / script), *arguments],
        capture_output=True, text=True, env=environment, timeout=300,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    return finished.stdout


@pytest.mark.sqlite_pass_only
def test_the_import_benchmark_imports_and_imports_again_on_each_database():
    printed = run("import_schools.py", "--rows", "200", "--repeats", "1")
    assert "SQLite: first run" in printed and "created 200, updated 0, unchanged 0, rejected 0" in printed
    assert "SQLite: second run" in printed and "created 0, updated 0, unchanged 200, rejected 0" in printed


@pytest.mark.sqlite_pass_only
def test_the_eligibility_benchmark_checks_every_pair():
    printed = run("eligibility.py", "--inspectors", "20", "--inspections", "5")
    assert "20 inspectors × 5 inspections = 100 pairs" in printed and "pairs eligible" in printed


@pytest.mark.sqlite_pass_only
def test_the_public_pages_benchmark_serves_every_route_and_ends_with_its_figures():
    printed = run("public_pages.py", "--quick")
    figures = json.loads(printed.strip().splitlines()[-1])
    required = {"bare_rps", "school_rps", "school_p99_ms", "search_rps", "search_p99_ms", "api_school_rps", "api_school_p99_ms"}
    assert required <= figures.keys() and all(figures[key] > 0 for key in required)
    assert figures["not_200"] == 0


@pytest.mark.sqlite_pass_only
def test_the_planning_benchmark_plans_a_quick_term_and_ends_with_its_figures():
    printed = run("plan_term.py", "--quick")
    figures = json.loads(printed.strip().splitlines()[-1])
    assert set(figures) == {
        "greedy_cost", "plan_cost", "bound", "gap", "seconds", "peak_rss_mb", "unstaffed", "week_seconds", "week_gap"
    }  # fmt: skip
    assert figures["bound"] <= figures["plan_cost"] <= figures["greedy_cost"]
    assert "greedy" in printed and "proven lower bound" in printed and "one week alone" in printed


@pytest.mark.sqlite_pass_only
def test_the_report_card_benchmark_publishes_renders_and_serves_and_ends_with_its_figures():
    printed = run("report_card.py", "--quick")
    figures = json.loads(printed.strip().splitlines()[-1])
    required = {"pdf_median_s", "pdf_p95_s", "page_rps", "bare_rps", "page_p99_ms"}
    assert required <= figures.keys() and all(figures[key] > 0 for key in required)
    assert figures["not_200"] == 0 and figures["embargoed_status"] == 404 and figures["amendment_seen"] is True


# It serves from PostgreSQL only, as in production: in the test suite's PostgreSQL pass.
@pytest.mark.postgres_only
def test_the_soak_serves_writes_and_faults_quick_and_loses_nothing():
    printed = run("soak.py", "--quick")
    figures = json.loads(printed.strip().splitlines()[-1])
    assert {"requests", "errors_5xx", "lost_writes", "duplicate_emails", "p99_ms", "rps"} <= figures.keys()
    assert figures["requests"] > 0 and figures["writes_accepted"] > 0 and figures["emails_queued"] > 0
    assert figures["errors_5xx"] == figures["lost_writes"] == figures["duplicate_emails"] == figures["lost_emails"] == 0
    assert figures["audit_verified"]
    assert "pg_terminate_backend" in printed and "SIGKILL a gunicorn worker" in printed
@pytest.mark.sqlite_pass_only
def test_the_analytics_benchmark_asks_for_every_page_and_ends_with_its_figures():
    printed = run("analytics.py", "--quick", "--database", "bench_analytics_quick")
    figures = json.loads(printed.strip().splitlines()[-1])
    pages = {"index", "grades", "grades_fsm", "consistency", "timeliness", "rates", "survey", "opendata", "opendata_package"}
    assert pages | {"max_s", "refresh_s"} == figures.keys()
    assert figures["max_s"] == max(figures[page] for page in pages) > 0
