"""What `fairinspect db_worker` adds to django-tasks-db's worker, so that a worker that dies loses no task.

django-tasks-db takes a task by locking its row (SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, an exclusive
transaction on SQLite), so two workers never take the same one, and marks it running before it runs it. But a
worker killed while running a task leaves it marked running for ever (its email is never sent), and one whose
database connection is cut (a restart, a fail-over, `pg_terminate_backend`) exits. Here:

- each worker beats (`WorkerHeartbeat`) every `WORKER_HEARTBEAT_SECONDS` from a thread of its own, whatever
  task it is running, and `/readyz` reads the beats;
- the same thread gives back to the queue every task taken by a worker silent for longer than
  `WORKER_GONE_AFTER_SECONDS` (it died), so that another worker runs it;
- a worker whose connection is cut reconnects and carries on, and a task whose outcome it then cannot write
  goes back on the queue.

So a task may run twice, never zero times: tasks are written to be run again safely (`core.email.send_email`
records each message the mailer accepts and never sends it again).
"""

import logging
import os
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from fairinspect.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def heartbeat_seconds() -> float:
    return settings.WORKER_HEARTBEAT_SECONDS


def gone_after() -> timedelta:
    """How long a worker may be silent before it counts as dead (several missed beats, so one slow beat is not)."""
    return timedelta(seconds=settings.WORKER_GONE_AFTER_SECONDS)


def living_workers(now=None):
    """Workers that have beaten recently."""
    return WorkerHeartbeat.objects.filter(beat_at__gte=(now or timezone.now()) - gone_after())


def take_back_abandoned_tasks(now=None) -> int:
    """Put back on the queue every task marked running by a worker that has gone silent; forget such workers.
    Returns how many tasks went back."""
    now = now or timezone.now()
    living = set(living_workers(now).values_list("worker_id", flat=True))
    running = DBTaskResult.objects.running().filter(started_at__lt=now - gone_after())
    taken_back = 0
    for task_id, worker_ids, started_at in running.values_list("id", "worker_ids", "started_at"):
        if worker_ids and worker_ids[-1] in living:
            continue
        # Only if it is still the run that was found: a task finished or taken in the meantime is left alone.
        if DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING, started_at=started_at).update(
            status=TaskResultStatus.READY, started_at=None
        ):
            taken_back += 1
            logger.warning(
                "Task %s is back on the queue: worker %s, which took it, has gone silent",
                task_id,
                worker_ids[-1] if worker_ids else "(none)",
            )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - gone_after()).delete()
    return taken_back


class Heartbeat:
    """A worker's heartbeat, beaten from a thread of its own (with its own database connection)."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._beat_until_stopped, name=f"heartbeat of {worker_id}", daemon=True)

    def start(self) -> None:
        # The first beat before the first task is taken, so that no task is ever held by a worker without one.
        self.beat()
        self._thread.start()

    def stop(self) -> None:
        """On a clean stop the worker is no longer running: its row goes, rather than going silent."""
        self._stopped.set()
        # Not for longer than a beat: a worker told to stop must stop, and its thread (a daemon) goes with it.
        self._thread.join(timeout=heartbeat_seconds())
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError as error:
            logger.warning("Worker %s stopped but could not remove its heartbeat: %s", self.worker_id, error)

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"beat_at": timezone.now()},
            create_defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": self.started_at,
                "beat_at": timezone.now(),
            },
        )

    def _beat_until_stopped(self) -> None:
        try:
            while not self._stopped.wait(heartbeat_seconds()):
                try:
                    self.beat()
                    take_back_abandoned_tasks()
                except DatabaseError as error:
                    logger.warning("Worker %s could not beat its heartbeat: %s", self.worker_id, error)
                    connection.close()
                close_old_connections()
        finally:
            connection.close()


class Worker(db_worker.Worker):
    """django-tasks-db's worker, with a heartbeat, and riding out a cut database connection."""

    def run(self) -> None:
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        try:
            while True:
                try:
                    super().run()
                    return
                except DatabaseError as error:
                    # Raised while taking a task (a task's own errors are caught as its failure).
                    self._wait_for_the_database(error)
                    if not self.running:
                        return
                    self.startup_delay = False
        finally:
            heartbeat.stop()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        except DatabaseError as error:
            # The task ran, but neither its success nor its failure could be written. Back on the queue it goes,
            # to be run again (safely: see the module's note) once the database answers.
            while True:
                self._wait_for_the_database(error)
                try:
                    DBTaskResult.objects.filter(id=db_task_result.id, status=TaskResultStatus.RUNNING).update(
                        status=TaskResultStatus.READY, started_at=None
                    )
                    logger.warning("Task %s is back on the queue: its outcome could not be written", db_task_result.id)
                    return
                except DatabaseError as again:
                    error = again

    def _wait_for_the_database(self, error: DatabaseError) -> None:
        logger.warning("Worker %s lost its database connection (%s): reconnecting", self.worker_id, error)
        connection.close()
        time.sleep(self.interval or heartbeat_seconds())
