"""`fairinspect demo` as a newcomer runs it: in its own process, against its own SQLite database, with no
terminal to answer questions on."""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from fairinspect.accounts.roles import Role
from fairinspect.demo import people

FAIRINSPECT = str(Path(sys.executable).with_name("fairinspect"))
SCHOOLS = "150"
QUEUE_AN_EMAIL = (
    "from fairinspect.core.email import send_email; "
    "send_email.enqueue('Queued while the demo serves', 'Hello', 'head@school.example')"
)


# Where the demo keeps its database when DATABASE_URL is unset, as on a fresh clone: var/fairinspect.sqlite3.
DATABASE_FILE = "fairinspect.sqlite3"


def demo_environment(database: Path) -> dict[str, str]:
    """The environment of a newcomer's `make demo`, with `database` (…/var/fairinspect.sqlite3) as its var/.
    The command presets its own settings, DEBUG and console email; the test run's settings must not leak in,
    nor its audit key (the demo keeps its own beside its database)."""
    assert database.name == DATABASE_FILE
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DEBUG")) and key not in ("DATABASE_URL", "AUDIT_KEYS")
    }
    return {**environment, "FAIRINSPECT_VAR_DIR": str(database.parent)}


def run_demo(database: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [FAIRINSPECT, "demo", "--no-serve", "--schools", SCHOOLS, *arguments],
        env=demo_environment(database), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        return {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("schools_school", "auth_user", "inspections_inspection", "audit_auditevent")
        }


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A demo database loaded by the command, and what the command printed. Its var/ folder does not exist
    beforehand, as in a fresh clone."""
    database = tmp_path_factory.mktemp("demo") / "var" / DATABASE_FILE
    return database, run_demo(database)


def test_the_load_sends_none_of_the_emails_of_the_history_it_walks(loaded):
    database, _ = loaded
    with sqlite3.connect(database) as connection:
        queued = dict(
            connection.execute("SELECT task_path, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY task_path")
        )
        versions = connection.execute("SELECT COUNT(*) FROM reports_reportversion").fetchone()[0]
    # Only the published report cards' PDFs wait for the worker the demo serves beside it: no email of the history.
    assert queued == {"fairinspect.reports.tasks.make_report_pdf": versions} and versions > 0
    assert counts(database)["inspections_inspection"] > 0


def test_the_command_loads_without_asking_anything_and_prints_a_sign_in_for_every_role(loaded):
    _, completed = loaded
    assert completed.returncode == 0, completed.stderr
    output = completed.stdout
    assert "Loaded in" in output and "4 of them real" in output
    header = next(line for line in output.splitlines() if line.startswith("Role"))
    assert header.split() == ["Role", "Username", "Password", "What", "to", "try", "first"]
    for account in (*people.STAFF, *people.HEADTEACHERS):
        assert re.search(rf"^.+\s{re.escape(account.username)}\s+{people.DEMO_PASSWORD}\s+\S", output, re.MULTILINE)
    for role in Role:
        assert role.label in output
    assert "Try the newcomer's walk-through" in output


def test_a_second_run_finds_the_demo_loaded_and_loads_nothing_again(loaded):
    database, _ = loaded
    before = counts(database)
    completed = run_demo(database)
    assert completed.returncode == 0, completed.stderr
    assert "already loaded" in completed.stdout and "Loading" not in completed.stdout
    assert counts(database) == before


def test_the_demo_seals_its_trail_with_a_key_beside_its_database_so_a_later_run_still_verifies_it(loaded):
    database, _ = loaded
    assert (database.parent / "audit-key").exists()
    verified = subprocess.run(
        [FAIRINSPECT, "verify_audit"], env=demo_environment(database) | {"DEBUG": "1"}, capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stderr
    assert f"audit chain intact: {counts(database)['audit_auditevent']} events verified" in verified.stdout


def test_the_demo_will_not_load_into_a_database_it_did_not_make(tmp_path):
    database = tmp_path / "var" / DATABASE_FILE
    setup = demo_environment(database) | {"DEBUG": "1"}
    subprocess.run([FAIRINSPECT, "migrate", "--no-input"], env=setup, check=True, capture_output=True)
    subprocess.run([FAIRINSPECT, "shell", "-c", "from django.contrib.auth.models import User; User.objects.create(username='someone')"],
                   env=setup, check=True, capture_output=True)  # fmt: skip
    refused = run_demo(database)
    assert refused.returncode != 0 and "will not mix made-up data" in refused.stderr
    assert counts(database)["schools_school"] == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_demo_serves_on_its_port_sends_its_emails_and_stops_cleanly_on_ctrl_c(loaded, tmp_path):
    database, _ = loaded
    port = free_port()
    log = tmp_path / "demo.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [FAIRINSPECT, "demo", "--port", str(port)],
            env=demo_environment(database), stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    assert "This is a demonstration" in response.read().decode()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        # An email queued now (as any action in the demo queues one) is sent to the console by the worker.
        queued = subprocess.run(
            [FAIRINSPECT, "shell", "-c", QUEUE_AN_EMAIL],
            env=demo_environment(database) | {"DEBUG": "1"}, capture_output=True, text=True,
        )  # fmt: skip
        assert queued.returncode == 0, queued.stderr
        while "Queued while the demo serves" not in log.read_text():
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        worker = int(re.search(r"db_worker task worker \(process (\d+)\)", log.read_text())[1])
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0, log.read_text()
    with pytest.raises(ProcessLookupError):
        os.kill(worker, 0)
