"""A load and fault soak: the production server and task worker on PostgreSQL with national-size data, a mixed
workload at a bounded rate, the database's connections cut and a server worker killed while it runs; then whether
every accepted write is on the audit trail, every email was sent once, and the trail verifies.

    .venv/bin/python bench/soak.py [--schools 50000] [--busy 36] [--seconds 120] [--rate 20] [--concurrency 12]
                                   [--workers 2] [--seed 2026] [--fresh] [--quick] [--logs FOLDER]

The data is the demo's (`fairinspect.demo.loading.load_demo`, every row made by the apps' own imports and
services) at national size: `--schools` generated establishments (50,000 is England's register, about half open)
with their published inspections, the national workforce, and a national day's inspections (`--busy`: some 36
start on each working day, so as many are on site and as many notified), each school with a headteacher who
signs in; the weeks ahead on the scheduler's board are left out (at national size they take most of an hour to
walk). It goes into a scratch PostgreSQL database `soak_bench`, kept between runs for the same seed, size and
day (`--fresh` loads again; a quick run loads `soak_bench_quick` afresh and drops it).

`fairinspect serve` (gunicorn, `--workers` sync workers, persistent connections with health checks) and
`fairinspect db_worker` run it as in production (bench/soak_site.py: with a mailer that writes down every message
it is given, and the demo's clock). A second process drives it on loopback: requests start at `--rate` a second
(at most `--concurrency` at once) for `--seconds`, each a connection of its own, drawn from

  public     the start page, school pages, search, the API's school and search; a published report card's page,
             its PDF and the API's report card (the demo's published ones, made up to 3 as bench/report_card.py
             publishes them; their PDFs made by the task worker before the load starts)
  signed in  the scheduler's board, deferral queue and an inspection's page; the duty decision-maker's pauses;
             a headteacher's home, inspections and inspection's page; the API's inspections and deferral queue;
             the demo's lead inspector's evidence page
  writes     through the API, each on an inspection of its own, as its state allows: a headteacher asks to defer
             and the scheduler refuses (again and again); a headteacher pauses on-site work, the duty decision-
             maker confirms the pause and resumes (again and again); the demo's lead inspector writes evidence on
             the inspection they lead (and reads its page).

Meanwhile, at a quarter and at three quarters of the time, every connection of the app's database is ended
(`pg_terminate_backend`: a restart or fail-over); in between, one gunicorn worker is killed (SIGKILL), then the
task worker (and another started, as a process manager would; its heartbeat is quicker than production's, so
that the dead worker's task goes back on the queue within seconds). Requests in flight at such a moment that fail
are counted as cut by the fault, apart from the rest.

Afterwards, once the task worker has sent every queued email: every write the server accepted (answered 2xx or
3xx) must be on the audit trail (`lost_writes` counts those that are not), every email task must have sent its
message exactly once (`duplicate_emails`, and `lost_emails` those never sent), and `verify_audit` must pass.
Prints each route's p50 and p99, and, as its last line, one JSON object with `requests`, `errors_5xx` (answers
of 500 or more, and requests with no answer at all, outside those the faults cut), `lost_writes`,
`duplicate_emails`, `p99_ms`, `rps` and the rest of the figures. `--quick` is a small, short run for the test
suite. An email never queued is not seen here: emails are queued in the transaction of their change
(`core.tasks.with_the_change`), so a change committed has its emails queued.
"""

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from serving import (
    ENVIRONMENT,
    SERVER_URL,
    Response,
    drop_postgres,
    environment,
    loaded,
    mark_loaded,
    publish_cards,
    request,
    scratch_postgres,
    serve,
    stop,
    task_worker,
)

SCRATCH_DATABASE = "soak_bench"
ROOT = Path(__file__).resolve().parent.parent
# Report cards are published as the tests walk inspections (tests/reports/walk.py), whose helpers are here.
sys.path.insert(0, str(ROOT))
# Inspections walked to a published report card, whose page, PDF and API answer the public reads.
REPORT_CARDS = 3
SEARCHES = ("primary", "academy", "church", "st ", "park", "community school")


# The data (in a child process) -----------------------------------------------------------------------------


def django_setup(database_url: str) -> None:
    os.environ.update(ENVIRONMENT, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="fairinspect.settings")
    import django

    django.setup()


def load(database_url: str, marker: str, schools: int, busy: int, seed: int) -> dict:
    """Migrate and load the demo's data unless it is there; who acts on which inspection, and what to read."""
    django_setup(database_url)
    from django.core.management import call_command
    from django.utils import timezone

    from fairinspect.accounts.models import SchoolMembership
    from fairinspect.audit.models import AuditEvent
    from fairinspect.demo import people
    from fairinspect.demo.loading import load_demo
    from fairinspect.frameworks.models import Area
    from fairinspect.frameworks.services import load_frameworks
    from fairinspect.inspections.models import Inspection, State
    from fairinspect.outcomes.models import HistoricOutcome
    from fairinspect.schools.models import School

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if not loaded(marker):
        if School.objects.exists():
            raise SystemExit(f"{database_url} holds other data: use a scratch database")
        load_frameworks()
        load_demo(seed=seed, schools=schools, now=timezone.now(), busy=busy, board=False)
        mark_loaded(marker)
    loading = time.perf_counter() - started
    publish_cards(REPORT_CARDS, seed)  # the demo publishes some already; these through the same services
    from fairinspect.reports.models import ReportVersion
    from fairinspect.reports.tasks import make_report_pdf

    current = list(ReportVersion.objects.filter(replaced_at__isnull=True).select_related("report")[:REPORT_CARDS])
    # Their PDFs are made by the task worker, into this run's own folder of files (the server's and worker's
    # FAIRINSPECT_VAR_DIR): the demo keeps its history's tasks unrun, and a kept database's files are gone.
    ReportVersion.objects.filter(pk__in=[version.pk for version in current]).update(pdf="")
    for version in current:
        make_report_pdf.enqueue(version.pk)
    cards = [(version.report.inspection_number, version.number) for version in current]

    heads = {
        membership.school_id: membership.user.username
        for membership in SchoolMembership.objects.filter(is_headteacher=True, user__username__startswith="head.")
        .select_related("user")
        if membership.user.has_usable_password()
    }
    chains = []
    for inspection in Inspection.objects.filter(state__in=[State.ON_SITE, State.PAUSED, State.NOTIFIED], school__in=heads):
        kind = "deferral" if inspection.state == State.NOTIFIED else "pause"
        chains.append({"kind": kind, "inspection": inspection.pk, "head": heads[inspection.school_id]})
    # Evidence, written by the demo's lead inspector (who signs in) on the inspection they lead on site.
    lead = people.LEAD_INSPECTOR.username
    for inspection in Inspection.objects.filter(state=State.ON_SITE, team__is_lead=True, team__inspector__user__username=lead):
        area = next(area for area in Area.objects.filter(framework=inspection.framework) if area.applies_to(inspection.school))
        chains.append({"kind": "evidence", "inspection": inspection.pk, "lead": lead, "area": area.code})
    rng = random.Random(seed)
    inspected = sorted(set(HistoricOutcome.objects.values_list("urn", flat=True)) & set(School.objects.open().values_list("urn", flat=True)))
    return {
        "loading_seconds": round(loading, 1),
        "open_schools": School.objects.open().count(),
        "outcomes": HistoricOutcome.objects.count(),
        "inspections": Inspection.objects.count(),
        "schools": rng.sample(inspected, min(2000, len(inspected))),
        "cards": cards,
        "chains": chains,
        "scheduler": people.SCHEDULER.username,
        "duty": people.DUTY_DECISION_MAKER.username,
        "password": people.DEMO_PASSWORD,
        "audit_head": AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0,
    }


def check(database_url: str, plan: dict) -> dict:
    """After the load: wait for the task worker to send what was queued, then count what was lost or doubled."""
    django_setup(database_url)
    from datetime import UTC, datetime

    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from fairinspect.audit.models import AuditEvent

    since = datetime.fromtimestamp(plan["started"], UTC)
    tasks = DBTaskResult.objects.filter(enqueued_at__gte=since, task_path="fairinspect.core.email.send_email")
    waiting = [TaskResultStatus.READY, TaskResultStatus.RUNNING]
    deadline = time.monotonic() + plan["drain_seconds"]
    while tasks.filter(status__in=waiting).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    queued = {str(task_id): status for task_id, status in tasks.values_list("id", "status")}

    sent = Counter()
    for line in Path(plan["mail_log"]).read_text().splitlines():
        message_id = json.loads(line)["message_id"] or ""
        sent[message_id.removeprefix("<").partition("@")[0]] += 1
    duplicates = sum(times - 1 for times in sent.values() if times > 1)
    lost_emails = sum(1 for task_id in queued if sent[task_id] == 0)

    audited = Counter(
        AuditEvent.objects.filter(sequence__gt=plan["audit_head"]).values_list("action", "object_type", "object_id")
    )
    accepted = Counter((event, kind, str(pk)) for event, kind, pk in plan["accepted"])
    lost_writes = sum(max(0, times - audited[key]) for key, times in accepted.items())

    try:
        call_command("verify_audit", verbosity=0)
        verified, problem = True, ""
    except (CommandError, SystemExit) as failure:
        verified, problem = False, str(failure)
    return {
        "emails_queued": len(queued),
        "emails_unfinished": sum(1 for status in queued.values() if status != TaskResultStatus.SUCCESSFUL),
        "lost_emails": lost_emails,
        "duplicate_emails": duplicates,
        "writes_accepted": sum(accepted.values()),
        "lost_writes": lost_writes,
        "audit_verified": verified,
        "audit_problem": problem,
    }


# The load (in a second process) ----------------------------------------------------------------------------


class Session:
    """A signed-in user: their cookies, and the CSRF token the API wants with each change."""

    def __init__(self, port: int, username: str):
        self.port, self.username, self.cookies = port, username, {}

    def take_cookies(self, response: Response) -> None:
        for value in response.header_values("Set-Cookie"):
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def headers(self, **more: str) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()), **more}

    async def sign_in(self, password: str) -> None:
        page = await request(self.port, "GET", "/account/sign-in/")
        self.take_cookies(page)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        if page.status != 200 or token is None:
            raise SystemExit(f"the sign-in page answered {page.status}")
        form = urlencode({"username": self.username, "password": password, "csrfmiddlewaretoken": token[1].decode()})
        headers = self.headers(**{"Content-Type": "application/x-www-form-urlencoded"})
        signed_in = await request(self.port, "POST", "/account/sign-in/", headers, form.encode())
        self.take_cookies(signed_in)
        if signed_in.status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"{self.username} could not sign in: {signed_in.status}")

    async def get(self, path: str) -> Response:
        return await request(self.port, "GET", path, self.headers())

    async def post(self, path: str, data: dict) -> Response:
        headers = self.headers(**{"Content-Type": "application/json", "X-CSRFToken": self.cookies.get("csrftoken", "")})
        return await request(self.port, "POST", path, headers, json.dumps(data).encode())


class Load:
    def __init__(self, plan: dict):
        self.plan, self.port, self.rng = plan, plan["port"], random.Random(plan["seed"])
        self.records: list[dict] = []
        self.accepted: list[tuple[str, int]] = []
        self.sessions: dict[str, Session] = {}
        self.idle_chains = list(plan["chains"])

    def note(self, route: str, response: Response, write: bool = False) -> Response:
        self.records.append({"route": route, "status": response.status, "started": response.started,
                             "seconds": response.seconds, "write": write})  # fmt: skip
        return response

    async def sign_in_everyone(self) -> None:
        usernames = {self.plan["scheduler"], self.plan["duty"]}
        usernames |= {chain.get("head") or chain["lead"] for chain in self.plan["chains"]}
        for username in usernames:
            self.sessions[username] = Session(self.port, username)
        for start in range(0, len(usernames), 4):
            batch = sorted(usernames)[start : start + 4]
            await asyncio.gather(*(self.sessions[username].sign_in(self.plan["password"]) for username in batch))

    # Reads --------------------------------------------------------------------------------------------

    async def public(self) -> None:
        urn, word = self.rng.choice(self.plan["schools"]), self.rng.choice(SEARCHES)
        number, version = self.rng.choice(self.plan["cards"])
        route, path = self.rng.choice(
            [
                ("start", "/"),
                ("school", f"/schools/{urn}/"),
                ("school", f"/schools/{urn}/"),
                ("search", f"/schools/?{urlencode({'q': word})}"),
                ("api_school", f"/api/v1/schools/{urn}"),
                ("api_search", f"/api/v1/schools?{urlencode({'q': word})}"),
                ("report_card", f"/reports/{number}/"),
                ("report_card_pdf", f"/reports/{number}/versions/{version}/pdf/"),
                ("api_report_card", f"/api/v1/report-cards/{number}"),
            ]
        )
        self.note(route, await request(self.port, "GET", path))

    async def signed_in(self) -> None:
        chain = self.rng.choice([chain for chain in self.plan["chains"] if "head" in chain])
        scheduler, duty = self.sessions[self.plan["scheduler"]], self.sessions[self.plan["duty"]]
        head = self.sessions[chain["head"]]
        inspection = f"/inspections/{chain['inspection']}/"
        evidence = [(self.sessions[chain["lead"]], "evidence_page", f"/inspections/{chain['inspection']}/evidence/")
                    for chain in self.plan["chains"] if chain["kind"] == "evidence"]  # fmt: skip
        who, route, path = self.rng.choice(
            evidence + [
                (scheduler, "board", "/inspections/"),
                (scheduler, "deferral_queue", "/inspections/deferrals/"),
                (scheduler, "inspection_page", inspection),
                (duty, "pauses", "/inspections/pauses/"),
                (head, "school_home", "/account/home/"),
                (head, "school_inspections", "/inspections/yours/"),
                (head, "inspection_page", inspection),
                (scheduler, "api_inspections", "/api/v1/inspections"),
                (scheduler, "api_deferral_queue", "/api/v1/deferral-requests"),
            ]
        )
        self.note(route, await who.get(path))

    # Writes: one step of a chain, as its inspection's state allows --------------------------------------

    async def write(self) -> None:
        # Each kind of write as often as the others, each on an inspection no other write is changing just then.
        kind = self.rng.choice(sorted({chain["kind"] for chain in self.plan["chains"]}))
        idle = [chain for chain in self.idle_chains if chain["kind"] == kind]
        if not idle:
            return await self.public()
        chain = self.rng.choice(idle)
        self.idle_chains.remove(chain)
        steps = {"deferral": self.deferral_step, "pause": self.pause_step, "evidence": self.evidence_step}
        try:
            await steps[chain["kind"]](chain)
        finally:
            self.idle_chains.append(chain)

    async def changed(self, route: str, session: Session, path: str, data: dict, event: str, inspection: int) -> None:
        """A write, and the audit event it must have recorded if it was accepted: about the inspection, or (when
        it made a record, evidence) about what it made."""
        response = self.note(route, await session.post(path, data), write=True)
        if 200 <= response.status < 400:
            if event.startswith("inspection."):
                self.accepted.append((event, "inspections.inspection", inspection))
            else:
                self.accepted.append((event, "evidence.evidencerecord", json.loads(response.body)["id"]))

    async def evidence_step(self, chain: dict) -> None:
        lead, inspection = self.sessions[chain["lead"]], chain["inspection"]
        data = {"activity": self.rng.choice(["lesson-visit", "meeting", "work-scrutiny"]), "area": chain["area"],
                "text": "Pupils in Year 4 explained how they check their calculations, using the methods taught."}  # fmt: skip
        path = f"/api/v1/inspections/{inspection}/evidence"
        await self.changed("write_evidence", lead, path, data, "evidence.written", inspection)

    async def deferral_step(self, chain: dict) -> None:
        head, scheduler = self.sessions[chain["head"]], self.sessions[self.plan["scheduler"]]
        inspection = chain["inspection"]
        seen = self.note("api_inspection", await head.get(f"/api/v1/inspections/{inspection}"))
        if seen.status != 200:
            return
        if "request-deferral" in json.loads(seen.body)["actions"]:
            data = {"ground": "headteacher-absent", "details": "The headteacher is away this week."}
            path = f"/api/v1/inspections/{inspection}/deferral-requests"
            return await self.changed("write_request_deferral", head, path, data, "inspection.deferral_requested", inspection)
        queue = self.note("api_deferral_queue", await scheduler.get("/api/v1/deferral-requests"))
        if queue.status != 200:
            return
        for pending in json.loads(queue.body):
            if pending["inspection_id"] == inspection:
                data = {"grant": False, "reason": "The deputy headteacher can lead the school through it."}
                path = f"/api/v1/deferral-requests/{pending['id']}/decision"
                return await self.changed("write_refuse_deferral", scheduler, path, data, "inspection.deferral_refused", inspection)

    async def pause_step(self, chain: dict) -> None:
        head, duty = self.sessions[chain["head"]], self.sessions[self.plan["duty"]]
        inspection = chain["inspection"]
        seen = self.note("api_inspection", await duty.get(f"/api/v1/inspections/{inspection}"))
        if seen.status != 200:
            return
        state = json.loads(seen.body)
        base = f"/api/v1/inspections/{inspection}"
        if state["state"] == "on_site":
            data = {"ground": "other", "note": "A fire drill"}
            await self.changed("write_pause", head, f"{base}/pause", data, "inspection.paused", inspection)
        elif "confirm-pause" in state["actions"]:
            await self.changed("write_confirm_pause", duty, f"{base}/pause/confirm", {}, "inspection.pause_confirmed", inspection)
        elif "resume" in state["actions"]:
            await self.changed("write_resume", duty, f"{base}/resume", {}, "inspection.resumed", inspection)

    # The schedule ---------------------------------------------------------------------------------------

    async def run(self) -> None:
        await self.sign_in_everyone()
        print("signed in", flush=True)  # the faults are timed from here
        kinds = [self.public] * 6 + [self.signed_in] * 3 + [self.write] * 2
        started = time.perf_counter()
        deadline = started + self.plan["seconds"]
        slots = iter(range(10**9))

        async def connection() -> None:
            # Never more than the rate, and nothing new after the deadline however far behind the server has fallen.
            while True:
                due = started + next(slots) / self.plan["rate"]
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                if time.perf_counter() >= deadline:
                    return
                await self.rng.choice(kinds)()

        await asyncio.gather(*(connection() for _ in range(self.plan["concurrency"])))


def drive(plan: dict) -> dict:
    load = Load(plan)
    asyncio.run(load.run())
    return {"records": load.records, "accepted": load.accepted}


# The faults (in this process) --------------------------------------------------------------------------------


def end_connections(database: str) -> int:
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as server:
        ended = server.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        ).fetchall()
    return len(ended)


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


class Faults:
    """The faults, each at its share of the load's time: the database's connections ended twice, a server worker
    killed, and the task worker killed (and another started, as its process manager would)."""

    SCHEDULE = ((1 / 4, "pg_terminate_backend"), (2 / 5, "SIGKILL a gunicorn worker"),
                (3 / 5, "SIGKILL the task worker"), (3 / 4, "pg_terminate_backend"))  # fmt: skip

    def __init__(self, database: str, server: subprocess.Popen, worker: subprocess.Popen, start_worker):
        self.database, self.server, self.worker, self.start_worker = database, server, worker, start_worker
        self.injected: list[dict] = []

    def inject(self, started: float, seconds: float) -> None:
        for share, kind in self.SCHEDULE:
            time.sleep(max(0.0, started + share * seconds - time.time()))
            begun = time.time()
            if kind == "pg_terminate_backend":
                what = f"{end_connections(self.database)} connections ended"
            elif kind == "SIGKILL a gunicorn worker":
                killed = random.choice(children(self.server.pid))
                os.kill(killed, signal.SIGKILL)
                what = f"worker {killed} killed"
            else:
                os.kill(self.worker.pid, signal.SIGKILL)
                self.worker.wait()
                what = f"worker {self.worker.pid} killed"
                self.worker = self.start_worker()
            self.injected.append({"kind": kind, "what": what, "begun": begun, "ended": time.time()})


def cut_by(record: dict, faults: list[dict]) -> bool:
    """Whether a failed request was in flight at the moment of a fault."""
    ended = record["started"] + record["seconds"]
    return any(record["started"] <= fault["ended"] and ended >= fault["begun"] for fault in faults)


# Putting it together -------------------------------------------------------------------------------------------


def child(*arguments: str) -> dict:
    finished = subprocess.run([sys.executable, __file__, *arguments], check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(finished.stdout.strip().splitlines()[-1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values) or [float("nan")]
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def pdfs_ready(port: int, cards: list) -> None:
    """Wait for the task worker to make the published report cards' PDFs (queued at their publication), as a
    reader would find them a minute after it: until then their address answers 404."""
    deadline = time.monotonic() + 120
    waiting = [f"/reports/{number}/versions/{version}/pdf/" for number, version in cards]
    while waiting:
        waiting = [path for path in waiting if asyncio.run(request(port, "GET", path)).status != 200]
        if waiting and time.monotonic() > deadline:
            raise SystemExit(f"The task worker made no PDF for {', '.join(waiting)} in two minutes")
        time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=50_000, help="Establishments to generate (about half open).")
    parser.add_argument("--busy", type=int, default=36, help="Inspections on site, and as many notified, today.")
    parser.add_argument("--seconds", type=float, default=120, help="How long the load runs.")
    parser.add_argument("--rate", type=float, default=20, help="Requests started a second.")
    parser.add_argument("--concurrency", type=int, default=12, help="Requests in flight at most.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--fresh", action="store_true", help="Load the data again even if it is there.")
    parser.add_argument("--quick", action="store_true", help="A small, short run: for the test suite.")
    parser.add_argument("--database", default=SCRATCH_DATABASE, help="The scratch database's name (made afresh).")
    parser.add_argument("--logs", metavar="FOLDER", help="Keep the server's and the task worker's logs there.")
    parser.add_argument("--load", nargs=2, metavar=("DATABASE_URL", "MARKER"), help=argparse.SUPPRESS)
    parser.add_argument("--drive", metavar="PLAN", help=argparse.SUPPRESS)
    parser.add_argument("--check", nargs=2, metavar=("DATABASE_URL", "PLAN"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.load:
        print(json.dumps(load(*options.load, options.schools, options.busy, options.seed)))
        return
    if options.drive:
        print(json.dumps(drive(json.loads(Path(options.drive).read_text()))))
        return
    if options.check:
        print(json.dumps(check(options.check[0], json.loads(Path(options.check[1]).read_text()))))
        return
    if options.quick:
        options.schools, options.busy, options.seconds, options.rate = 150, 1, 6, 20

    database = f"{options.database}_quick" if options.quick else options.database
    marker = f"soak: seed {options.seed}, {options.schools} establishments, {options.busy} a day, on {date.today()}"
    database_url = scratch_postgres(database, options.fresh or options.quick, marker)
    if database_url is None:
        raise SystemExit("The soak runs on PostgreSQL, as in production: start one at 127.0.0.1:5432")
    with tempfile.TemporaryDirectory(prefix="fairinspect-soak-") as temporary:
        directory = Path(temporary)
        data = child("--load", database_url, marker, "--schools", str(options.schools), "--busy", str(options.busy),
                     "--seed", str(options.seed))  # fmt: skip
        print(
            f"PostgreSQL: {data['open_schools']:,} open schools, {data['outcomes']:,} published inspections, "
            f"{data['inspections']:,} inspections, {len(data['chains'])} of them written to by the load "
            f"(loaded in {data['loading_seconds']} s, 0 if kept)"
        )
        mail_log = directory / "mail.jsonl"
        mail_log.touch()
        # The task worker's heartbeat quicker than production's, so that a killed worker's task goes back on the
        # queue within seconds rather than half a minute.
        env = environment(database_url, directory, "soak_site", SOAK_MAIL_LOG=str(mail_log),
                          WORKER_HEARTBEAT_SECONDS="1", WORKER_GONE_AFTER_SECONDS="5")  # fmt: skip
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        worker = task_worker(env, directory)
        server = None
        try:
            server = serve(env, port, options.workers, directory)
            plan = {**data, "port": port, "seconds": options.seconds, "rate": options.rate,
                    "concurrency": options.concurrency, "seed": options.seed}  # fmt: skip
            (directory / "plan.json").write_text(json.dumps(plan))
            pdfs_ready(port, data["cards"])
            started = time.time()
            driver = subprocess.Popen([sys.executable, __file__, "--drive", str(directory / "plan.json")],
                                      stdout=subprocess.PIPE, text=True)  # fmt: skip
            assert driver.stdout is not None
            # The faults are timed from the start of the load proper, once the driver has signed everyone in.
            driver.stdout.readline()
            load_started = time.time()
            faulty = Faults(database, server, worker, lambda: task_worker(env, directory))
            try:
                faulty.inject(load_started, options.seconds)
            finally:
                worker = faulty.worker
            faults = faulty.injected
            output, _ = driver.communicate()
            if driver.returncode:
                raise SystemExit(f"the load failed ({driver.returncode})")
            driven = json.loads(output.strip().splitlines()[-1])
            checking = {"started": started, "audit_head": data["audit_head"], "accepted": driven["accepted"],
                        "mail_log": str(mail_log), "drain_seconds": 30 if options.quick else 120}  # fmt: skip
            (directory / "check.json").write_text(json.dumps(checking))
            checked = child("--check", database_url, str(directory / "check.json"))
        finally:
            if server is not None:
                stop(server)
            stop(worker)
            if options.quick:
                drop_postgres(database)
            if options.logs:
                for log in ("server.log", "worker.log", "mail.jsonl"):
                    shutil.copy(directory / log, Path(options.logs) / log)

        records = driven["records"]
        failed = [record for record in records if record["status"] == 0 or record["status"] >= 500]
        cut = [record for record in failed if cut_by(record, faults)]
        errors = [record for record in failed if not cut_by(record, faults)]
        if errors:
            print(f"{len(errors)} failures outside the faults; the server's log:")
            print((directory / "server.log").read_text()[-6000:])
        print(f"{'route':<26}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}{'4xx':>6}{'5xx/none':>9}")
        by_route = defaultdict(list)
        for record in records:
            by_route[record["route"]].append(record)
        for route, routed in sorted(by_route.items()):
            answered = [1000 * record["seconds"] for record in routed if 0 < record["status"] < 500]
            print(
                f"{route:<26}{len(routed):>9}{statistics.median(answered or [float('nan')]):>9.1f}"
                f"{percentile(answered, 0.99):>9.1f}{sum(1 for r in routed if 400 <= r['status'] < 500):>6}"
                f"{sum(1 for r in routed if r['status'] == 0 or r['status'] >= 500):>9}"
            )
        for fault in faults:
            print(f"fault at {fault['begun'] - load_started:.1f} s: {fault['kind']} ({fault['what']})")
        for name, shown in (("cut by a fault", cut), ("FAILED outside the faults", errors)):
            for record in shown:
                answer = record["status"] or "no answer"
                print(f"{name}: {record['route']} at {record['started'] - load_started:.1f} s, {answer}")
        span = max(r["started"] + r["seconds"] for r in records) - min(r["started"] for r in records)
        print(
            f"{len(records):,} requests in {span:.0f} s from a second process on loopback, gunicorn with "
            f"{options.workers} sync workers; {len(cut)} cut by the faults, {len(errors)} 5xx or unanswered besides; "
            f"{checked['writes_accepted']} writes accepted, {checked['lost_writes']} not on the audit trail; "
            f"{checked['emails_queued']} emails queued, {checked['duplicate_emails']} sent twice, "
            f"{checked['lost_emails']} not sent; verify_audit: "
            + ("passed" if checked["audit_verified"] else f"FAILED: {checked['audit_problem']}")
        )
        answered = [1000 * record["seconds"] for record in records if 0 < record["status"] < 500]
        summary = {
            "requests": len(records),
            "errors_5xx": len(errors),
            "lost_writes": checked["lost_writes"],
            "duplicate_emails": checked["duplicate_emails"],
            "p99_ms": round(percentile(answered, 0.99), 1),
            "rps": round(len(records) / span, 1),
            "p50_ms": round(statistics.median(answered or [float("nan")]), 1),
            "fault_cut": len(cut),
            "errors_4xx": sum(1 for record in records if 400 <= record["status"] < 500),
            "writes_accepted": checked["writes_accepted"],
            "emails_queued": checked["emails_queued"],
            "lost_emails": checked["lost_emails"],
            "audit_verified": checked["audit_verified"],
            "open_schools": data["open_schools"],
        }
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
