"""Queueing a background task with the change that calls for it."""

from collections.abc import Callable

from django.db import transaction
from django.tasks import task_backends
from django_tasks_db.backend import DatabaseBackend


def with_the_change(enqueue: Callable[[], object]) -> None:
    """Queue the tasks `enqueue` queues if, and only if, the current transaction commits.

    With the database task backend (production's), at once: each task's row is written in the change's own
    transaction, so it commits with the change or not at all, and no worker sees it before the commit. Queued at
    the commit instead, it would be lost by a process that died between the two, killed or its database
    connection cut just then: the change kept, its emails never sent. Any other backend (the tests' immediate one
    runs a task as it is queued) is given the tasks once the transaction commits."""
    if isinstance(task_backends["default"], DatabaseBackend) and transaction.get_connection().in_atomic_block:
        enqueue()
    else:
        transaction.on_commit(enqueue)
