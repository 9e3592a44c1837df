"""The plumbing's own rows: task workers' heartbeats, emails the mailer has accepted, and versions of data."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """A task worker (`fairinspect db_worker`) that is running. It beats every few seconds from a thread of its own,
    whatever task it is running; one silent for longer than `WORKER_GONE_AFTER_SECONDS` has died, and the tasks it
    had taken go back on the queue (see `core.worker`)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"worker {self.worker_id} (process {self.pid} on {self.host})"


class SentEmail(models.Model):
    """An email task whose message the mailer has accepted. A task run again (taken back from a worker that died,
    or given back when its outcome could not be written) finds its row here and sends nothing twice. It names
    the task only: the recipient and the message stay in the task's own row."""

    task_id = models.CharField(max_length=64, primary_key=True)
    sent_at = models.DateTimeField()

    def __str__(self):
        return f"email task {self.task_id}, sent {self.sent_at:%Y-%m-%d %H:%M:%S}"


class DataVersion(models.Model):
    """How many times a body of data has changed (the school registry, the published record): a page cached from
    it is keyed by its versions, so the change that bumps one (in the changing transaction) retires every copy."""

    name = models.CharField(max_length=50, primary_key=True)
    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.name} version {self.number}"
