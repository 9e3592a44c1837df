"""One log line per request, with a request id and timings and no personal data; and, with LOG_FORMAT=json, every
log record as one line of JSON.

A request's line names its route (`/schools/<int:urn>/`), never its path or query string (which hold URNs,
people's record numbers and what they searched for), nor the visitor's address, account or browser. Its id is the
load balancer's `X-Request-ID` when that is one (letters, digits, `.`, `-`, `_`, at most 64), else a new one; it
goes back in the response's `X-Request-ID` and on every record logged while the request runs, so that one
request's records can be found together.
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.db import connection

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
logger = logging.getLogger("fairinspect.requests")

_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# What a request's line carries besides its message (passed as `extra`), in this order.
REQUEST_FIELDS = ("method", "route", "status", "duration_ms", "db_ms", "db_queries")


def route_of(request) -> str:
    """The URL pattern the request matched, e.g. `/schools/<int:urn>/`; "(no route)" when none did."""
    match = getattr(request, "resolver_match", None)
    return f"/{match.route}" if match is not None else "(no route)"


class _DatabaseTime:
    """Counts and times the queries run through it (as `connection.execute_wrapper`)."""

    def __init__(self):
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(request.request_id)
        database = _DatabaseTime()
        started = time.perf_counter()
        try:
            with connection.execute_wrapper(database):
                response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            duration_ms = (time.perf_counter() - started) * 1000
            fields = {
                "method": request.method,
                "route": route_of(request),
                "status": response.status_code,
                "duration_ms": round(duration_ms, 1),
                "db_ms": round(database.seconds * 1000, 1),
                "db_queries": database.queries,
            }
            logger.info(
                "%(method)s %(route)s %(status)s in %(duration_ms).1f ms (database %(db_ms).1f ms, %(db_queries)s queries)",
                fields,
                extra={**fields, "request_id": request.request_id},
            )
            return response
        finally:
            request_id.reset(token)


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time (UTC), level, logger, message, the request id, a request line's fields,
    and the exception's traceback if any. Django's own records about a request name its route, not its path."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        request = getattr(record, "request", None)
        if request is not None and getattr(request, "path", "/") != "/":
            message = message.replace(request.path, route_of(request))
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": message,
        }
        # Django logs a request's error response after the middleware has finished, but names the request.
        if current := getattr(record, "request_id", None) or request_id.get() or getattr(request, "request_id", None):
            line["request_id"] = current
        line.update({field: getattr(record, field) for field in REQUEST_FIELDS if hasattr(record, field)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)
