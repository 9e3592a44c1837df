"""`fairinspect db_worker`: django-tasks-db's worker, with a heartbeat and taking back the tasks of workers that
died (`core.worker`). It replaces the library's command of the same name (core comes before django_tasks_db in
INSTALLED_APPS), so that no one runs a worker that loses tasks."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from fairinspect.core.worker import Worker


class Command(db_worker.Command):
    help = (
        "Run background tasks (emails) from the database queue, beating a heartbeat that /readyz reads and "
        "putting back on the queue the tasks of workers that died."
    )

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            excluded_queue_names=excluded_queue_names,
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only in the child the reloader runs
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
