"""Serving for real: `fairinspect serve` (gunicorn), /healthz and /readyz, the deployment checks, the request log."""

import http.client
import json
import logging
import re
import secrets
import signal
import socket
import subprocess
from urllib.parse import urlsplit
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from fairinspect.core.models import WorkerHeartbeat
from fairinspect.web.logging import JsonFormatter
from tests.processes import FAIRINSPECT, environment, migrated_database, empty_database, wait_for

PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "inspections.example,127.0.0.1",
    "BEHIND_TLS_PROXY": "1",
}


def readyz(client):
    response = client.get("/readyz")
    return response.status_code, response.json()


@pytest.mark.django_db
def test_readyz_wants_the_database_every_migration_and_a_task_worker_that_has_beaten_recently(client):
    status, body = readyz(client)
    assert status == 503 and body["status"] == "not ready"
    assert body["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "task_worker": "no task worker has beaten its heartbeat recently: start `fairinspect db_worker`",
    }

    beat = {"host": "worker-1", "pid": 1, "started_at": timezone.now()}
    WorkerHeartbeat.objects.create(worker_id="silent", beat_at=timezone.now() - timedelta(minutes=5), **beat)
    assert readyz(client)[0] == 503  # a worker that has stopped beating counts for nothing
    WorkerHeartbeat.objects.create(worker_id="beating", beat_at=timezone.now(), **beat)
    assert readyz(client) == (200, {"status": "ready", "checks": {"database": "ok", "migrations": "ok", "task_worker": "ok"}})
    assert client.get("/readyz")["Cache-Control"] == "no-store"

    MigrationRecorder(connection).record_unapplied("outcomes", "0001_initial")
    status, body = readyz(client)
    assert status == 503 and body["checks"]["migrations"] == "1 not applied: run `fairinspect migrate`"


def test_healthz_answers_whatever_host_or_scheme_it_is_asked_by(client, settings):
    """A load balancer asks by the server's own address, over plain HTTP, which neither ALLOWED_HOSTS nor the
    redirect to HTTPS may turn away."""
    settings.ALLOWED_HOSTS = ["inspections.example"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert (response.status_code, response.json()) == (200, {"status": "alive"})
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400  # every other page still refuses it


def test_the_deployment_checks_pass_under_the_production_settings(tmp_path):
    checked = subprocess.run(
        [FAIRINSPECT, "check", "--deploy", "--fail-level", "WARNING"],
        env=environment(f"sqlite:///{tmp_path}/check.sqlite3", **PRODUCTION), capture_output=True, text=True,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout


@pytest.mark.django_db
def test_each_response_carries_a_request_id_the_balancer_gave_or_a_new_one(client, caplog):
    caplog.set_level(logging.INFO, logger="fairinspect.requests")
    given = client.get("/schools/?q=Oakfield+Primary", HTTP_X_REQUEST_ID="lb-1234.5")
    assert given["X-Request-ID"] == "lb-1234.5"
    made_up = client.get("/", HTTP_X_REQUEST_ID="not one\nInjected: header")
    assert re.fullmatch(r"[0-9a-f]{32}", made_up["X-Request-ID"])

    search, start = [record for record in caplog.records if record.name == "fairinspect.requests"]
    assert (search.method, search.route, search.status) == ("GET", "/schools/", 200)
    assert search.duration_ms >= search.db_ms >= 0 and search.db_queries >= 1
    line = json.loads(JsonFormatter().format(search))
    assert line["request_id"] == "lb-1234.5" and line["route"] == "/schools/"
    assert "Oakfield" not in json.dumps(line)  # what was searched for is the visitor's own
    assert start.route == "/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    """One GET, redirects not followed."""
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.request("GET", address.path + (f"?{address.query}" if address.query else ""), headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.headers), response.read()
    finally:
        connection.close()


@pytest.mark.django_db
def test_serve_refuses_a_database_without_its_migrations(tmp_path):
    with empty_database(tmp_path, "unmigrated") as url:
        refused = subprocess.run(
            [FAIRINSPECT, "serve", "--bind", f"127.0.0.1:{free_port()}"],
            env=environment(url, FAIRINSPECT_VAR_DIR=str(tmp_path), **PRODUCTION), capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert refused.returncode != 0
    assert "migrations are not applied to the database: run `fairinspect migrate` first" in refused.stderr


@pytest.mark.django_db
def test_serve_serves_for_real_with_health_checks_hashed_static_files_and_json_request_lines(tmp_path):
    with migrated_database(tmp_path, "serve") as url:
        port = free_port()
        site = f"http://127.0.0.1:{port}"
        env = environment(url, FAIRINSPECT_VAR_DIR=str(tmp_path), LOG_FORMAT="json", **PRODUCTION)
        log = tmp_path / "serve.log"
        with log.open("w") as output:
            server = subprocess.Popen(
                [FAIRINSPECT, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"], env=env, stdout=output, stderr=subprocess.STDOUT
            )  # fmt: skip
        worker = None
        try:
            def alive():
                assert server.poll() is None, log.read_text()
                try:
                    return get(f"{site}/healthz")[0] == 200
                except OSError:
                    return False

            wait_for(alive, "the server to answer /healthz")
            status, _, body = get(f"{site}/readyz")
            assert status == 503 and json.loads(body)["checks"]["task_worker"].startswith("no task worker")
            worker = subprocess.Popen([FAIRINSPECT, "db_worker", "--no-reload"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_for(lambda: get(f"{site}/readyz")[0] == 200, "/readyz to find the task worker's heartbeat")

            # Pages come over HTTPS from the proxy (BEHIND_TLS_PROXY): a plain request is redirected.
            assert get(f"{site}/", Host="inspections.example")[0] == 301
            status, headers, page = get(f"{site}/?q=Hillside", Host="inspections.example", **{"X-Forwarded-Proto": "https"})
            assert status == 200 and "Strict-Transport-Security" in headers
            request_id = headers["X-Request-ID"]
            stylesheet = re.search(rb'href="(/static/web/app\.[0-9a-f]{12}\.css)"', page)[1].decode()
            status, headers, _ = get(f"{site}{stylesheet}", **{"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https"})
            assert status == 200 and headers["Content-Encoding"] == "gzip"
            assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
        finally:
            server.send_signal(signal.SIGTERM)
            assert server.wait(timeout=30) == 0, log.read_text()
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    [page_line] = [line for line in lines if line.get("request_id") == request_id]
    assert (page_line["route"], page_line["status"]) == ("/", 200)
    assert "Hillside" not in log.read_text()  # the query string is never logged
    assert any(line["logger"] == "gunicorn.error" for line in lines)
