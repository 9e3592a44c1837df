"""The task worker (`fairinspect db_worker`, core.worker), run as production runs it, in processes of its own that
the tests kill: no email is lost and none is sent twice."""

import json
import signal
import subprocess
from collections import Counter

import psycopg
import pytest

from tests.processes import FAIRINSPECT, environment, fairinspect, migrated_database, query, wait_for

pytestmark = pytest.mark.django_db  # for the database server's settings; the processes use databases of their own

WORKER_TIMING = {"WORKER_HEARTBEAT_SECONDS": "1", "WORKER_GONE_AFTER_SECONDS": "3"}


@pytest.fixture
def queue(tmp_path):
    with migrated_database(tmp_path, "worker") as url:
        outbox = tmp_path / "outbox"
        outbox.mkdir()
        yield Queue(url, outbox)


class Queue:
    def __init__(self, url, outbox):
        self.url = url
        self.outbox = outbox
        self.workers: list[subprocess.Popen] = []

    def enqueue(self, *messages: tuple[str, str]) -> list[str]:
        """Queue one email per (subject, recipient), in this order; their task ids."""
        code = (
            "import json, sys; from fairinspect.core.email import send_email; "
            f"print(json.dumps([send_email.enqueue(s, 'Body', r).id for s, r in {list(messages)!r}]))"
        )
        return json.loads(fairinspect(self.url, "shell", "--no-imports", "-c", code).stdout)

    def shell(self, code: str):
        return json.loads(fairinspect(self.url, "shell", "--no-imports", "-c", code).stdout)

    def statuses(self) -> Counter:
        return Counter(status for (status,) in query(self.url, "SELECT status FROM django_tasks_database_dbtaskresult"))

    def start_worker(self) -> subprocess.Popen:
        log = (self.outbox.parent / f"worker-{len(self.workers)}.log").open("w")
        worker = subprocess.Popen(
            [FAIRINSPECT, "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
            env=environment(
                self.url,
                EMAIL_BACKEND="tests.core.mailers.RecordingBackend",
                TEST_OUTBOX=str(self.outbox),
                **WORKER_TIMING,
            ),
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.workers.append(worker)
        return worker

    def log(self, number: int) -> str:
        return (self.outbox.parent / f"worker-{number}.log").read_text()

    def received(self) -> Counter:
        """How many messages each recipient has been sent."""
        return Counter(path.read_text() for path in self.outbox.glob("*.sent"))

    def stop_workers(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)


@pytest.fixture
def workers(queue):
    yield queue
    queue.stop_workers()


def test_a_worker_killed_mid_message_loses_it_to_no_one_and_the_next_worker_sends_each_message_once(workers):
    recipients = [f"person{number}@example.org" for number in range(6)]
    workers.enqueue(*[("Hold: the mail server hangs" if number == 2 else "Notice", recipient)
                      for number, recipient in enumerate(recipients)])  # fmt: skip

    first = workers.start_worker()
    wait_for(lambda: list(workers.outbox.glob("*.held")), "the first worker to be sending the held message")
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert workers.received() == Counter(recipients[:2])  # the held message never reached the mail server
    assert workers.statuses()["RUNNING"] == 1

    workers.start_worker()
    wait_for(lambda: workers.received() == Counter(recipients), "every message to be sent, once each")
    wait_for(lambda: workers.statuses() == Counter(SUCCESSFUL=6), "every task to be marked successful")
    assert workers.received() == Counter(recipients)
    assert "is back on the queue" in workers.log(1)


def test_a_task_run_again_after_its_message_was_accepted_sends_nothing(workers):
    """What a worker killed after the mail server accepted a message, but before the task was marked done, leaves."""
    [task_id] = workers.enqueue(("Notice", "sent-once@example.org"))
    workers.shell(
        "import json; from datetime import timedelta; from django.utils import timezone; "
        "from django_tasks_db.models import DBTaskResult; from fairinspect.core.models import SentEmail; "
        f"DBTaskResult.objects.filter(id='{task_id}').update(status='RUNNING', worker_ids=['died'], "
        "started_at=timezone.now() - timedelta(hours=1)); "
        f"SentEmail.objects.create(task_id='{task_id}', sent_at=timezone.now()); print('[]')"
    )
    workers.start_worker()
    wait_for(lambda: workers.statuses() == Counter(SUCCESSFUL=1), "the task to be taken back and finished")
    assert workers.received() == Counter()
    assert "was sent by an earlier run" in workers.log(0)


def test_two_workers_never_take_the_same_task(workers):
    recipients = [f"person{number}@example.org" for number in range(30)]
    workers.enqueue(*[("Notice", recipient) for recipient in recipients])
    workers.start_worker()
    workers.start_worker()
    wait_for(lambda: workers.statuses() == Counter(SUCCESSFUL=30), "every task to be marked successful")
    assert workers.received() == Counter(recipients)
    taken_by = query(workers.url, "SELECT worker_ids FROM django_tasks_database_dbtaskresult")
    assert all(len(json.loads(worker_ids) if isinstance(worker_ids, str) else worker_ids) == 1 for (worker_ids,) in taken_by)


@pytest.mark.postgres_only
def test_a_worker_whose_database_connection_is_cut_mid_message_carries_on_and_sends_each_message_once(workers):
    recipients = [f"person{number}@example.org" for number in range(4)]
    workers.enqueue(*[("Hold: cut the connection now" if number == 1 else "Notice", recipient)
                      for number, recipient in enumerate(recipients)])  # fmt: skip
    worker = workers.start_worker()
    [held] = wait_for(lambda: list(workers.outbox.glob("*.held")), "the worker to be sending the held message")
    database = workers.url.rsplit("/", 1)[1]
    with psycopg.connect(workers.url, autocommit=True) as observer:
        cut = observer.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        ).fetchone()[0]
    assert cut >= 1
    held.with_suffix(".release").touch()

    wait_for(lambda: workers.statuses() == Counter(SUCCESSFUL=4), "every task to be marked successful")
    assert workers.received() == Counter(recipients)
    assert worker.poll() is None, workers.log(0)
    assert "was sent but could not be recorded yet" in workers.log(0)
