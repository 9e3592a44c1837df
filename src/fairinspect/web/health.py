"""`/healthz` and `/readyz`, for load balancers and process managers.

They are answered before every other middleware: a load balancer asks by the server's own address (which
ALLOWED_HOSTS need not list) over plain HTTP (which SECURE_SSL_REDIRECT would redirect), many times a minute, and
needs neither a session nor a log line for each.

- `/healthz`: the process answers. Restart it when this fails.
- `/readyz`: it can serve: the database answers, every migration on disk is applied, and a task worker has
  beaten its heartbeat recently (without one no email goes out). Send it no traffic while this fails (503).
"""

import json
from functools import cache

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpResponse

from fairinspect.core.worker import living_workers

HEALTHZ = "/healthz"
READYZ = "/readyz"


@cache
def migrations_on_disk() -> frozenset[tuple[str, str]]:
    """Every migration the code has: read once, since the files do not change while the process runs."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def readiness() -> dict[str, str]:
    """Each check's finding: "ok", or what is wrong (in words that name no person and no data)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        connection.close()  # the next check, a moment later, connects afresh
        return {"database": f"unreachable ({type(error).__name__})"}
    findings = {"database": "ok"}
    try:
        unapplied = migrations_on_disk() - MigrationRecorder(connection).applied_migrations().keys()
        findings["migrations"] = "ok" if not unapplied else f"{len(unapplied)} not applied: run `fairinspect migrate`"
        findings["task_worker"] = (
            "ok" if living_workers().exists() else "no task worker has beaten its heartbeat recently: start `fairinspect db_worker`"
        )
    except DatabaseError as error:
        connection.close()
        findings["database"] = f"failed mid-check ({type(error).__name__})"
    return findings


def _answer(status: int, body: dict) -> HttpResponse:
    content = json.dumps(body).encode()
    response = HttpResponse(content, status=status, content_type="application/json")
    response["Content-Length"] = len(content)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTHZ:
            return _answer(200, {"status": "alive"})
        if request.path == READYZ:
            findings = readiness()
            ready = all(finding == "ok" for finding in findings.values())
            return _answer(200 if ready else 503, {"status": "ready" if ready else "not ready", "checks": findings})
        return self.get_response(request)
