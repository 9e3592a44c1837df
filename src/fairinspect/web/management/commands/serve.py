"""`fairinspect serve`: the app for real, under gunicorn.

It refuses to start on a database that lacks migrations (run `fairinspect migrate` once per release, before the
servers), collects the static files (hashed names, compressed copies: see `web.storage`), then serves with
gunicorn's sync workers, `2 × cores + 1` of them unless told otherwise, as gunicorn advises for an app that mostly
waits on its database. The task worker is a process of its own (`fairinspect db_worker`), so that either can be
restarted or scaled alone.
"""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from gunicorn.app.base import BaseApplication

from fairinspect.web.health import migrations_on_disk
from fairinspect.web.storage import NOT_COLLECTED


def cores() -> int:
    """The cores this process may run on (which a container's CPU set limits), not the machine's."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def default_workers() -> int:
    return int(os.environ.get("WEB_CONCURRENCY") or 2 * cores() + 1)


def _json_logging() -> dict:
    """With LOG_FORMAT=json, gunicorn's own records (workers starting, timing out) as JSON lines too."""
    if settings.LOG_FORMAT != "json":
        return {}
    logging: dict = settings.LOGGING
    gunicorn_error = {"handlers": ["console"], "level": "INFO", "propagate": False}
    return {"logconfig_dict": {**logging, "loggers": {**logging["loggers"], "gunicorn.error": gunicorn_error}}}


class Gunicorn(BaseApplication):
    """gunicorn run from this process, with its settings given here rather than read from its command line."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        return get_wsgi_application()


class Command(BaseCommand):
    help = "Serve the app for real under gunicorn, after checking migrations and collecting the static files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=f"0.0.0.0:{os.environ.get('PORT', '8000')}",
            help="Address and port to listen on (default 0.0.0.0:$PORT, PORT defaulting to 8000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="Worker processes (default $WEB_CONCURRENCY, else 2 × cores + 1: %(default)s here).",
        )
        parser.add_argument(
            "--timeout", type=int, default=30, help="Seconds a request may take before its worker is restarted (30)."
        )

    def handle(self, *args, bind: str, workers: int, timeout: int, **options):
        if workers < 1:
            raise CommandError(f"--workers {workers}: at least one worker is needed")
        unapplied = migrations_on_disk() - MigrationRecorder(connections["default"]).applied_migrations().keys()
        if unapplied:
            raise CommandError(
                f"{len(unapplied)} migrations are not applied to the database: run `fairinspect migrate` first"
            )
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=NOT_COLLECTED)
        # gunicorn forks its workers from this process: none may inherit its database connection.
        connections.close_all()
        self.stdout.write(f"Serving on {bind} with {workers} workers (gunicorn); /healthz and /readyz answer")
        Gunicorn(
            {
                "bind": bind,
                "workers": workers,
                "worker_class": "sync",
                "timeout": timeout,
                "graceful_timeout": timeout,
                # The app is loaded once, before forking: a worker restarted (or killed) comes back at once.
                "preload_app": True,
                # Restart each worker now and then, at different moments, so that no slow leak grows for ever.
                "max_requests": 100_000,
                "max_requests_jitter": 10_000,
                # Worker heartbeats on a memory file system, not a disk that may stall them.
                **({"worker_tmp_dir": "/dev/shm"} if os.path.isdir("/dev/shm") else {}),
                # Its control socket sits at one path per user: two servers on one machine would fight over it.
                "control_socket_disable": True,
                # The app logs each request itself (web.logging).
                "accesslog": None,
                **_json_logging(),
            }
        ).run()
