"""Structured logs: one JSON object per line, each carrying the id of the request (or task) it belongs to.

The request id is taken from the reverse proxy's `X-Request-ID` when that looks like an id, otherwise made here,
and sent back in the response's `X-Request-ID` header: the proxy's access log, the application's lines and the
number a user reads off an error page then name the same request.

This module is imported by the logging configuration (settings, gunicorn.conf.py) before Django is set up: it
must not import models.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from types import MappingProxyType

from django.core.exceptions import ImproperlyConfigured
from django.db.utils import InterfaceError, OperationalError

REQUEST_ID_HEADER = "X-Request-ID"
# nginx's $request_id is 32 hex digits; other proxies send UUIDs. Anything else is replaced, never logged.
_PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")

_context: contextvars.ContextVar[Mapping[str, str]] = contextvars.ContextVar(
    "lotse_log_context", default=MappingProxyType({})
)

# Attributes every LogRecord has; anything else on a record came in through `extra=` and is logged as a field.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}

access_logger = logging.getLogger("lotse.requests")


@contextmanager
def log_context(**values: str) -> Iterator[None]:
    """Every line logged inside the block carries `values` (request_id in requests, task_id in the worker)."""
    token = _context.set({**_context.get(), **values})
    try:
        yield
    finally:
        _context.reset(token)


def current_request_id() -> str:
    return _context.get().get("request_id", "")


def _context_of(record: logging.LogRecord) -> Mapping[str, str]:
    context = _context.get()
    if "request_id" not in context:
        # Django logs 4xx/5xx responses after the middleware has finished, with the request attached.
        request_id = getattr(getattr(record, "request", None), "request_id", None)
        if request_id:
            return {**context, "request_id": request_id}
    return context


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, context ids, extra fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **_context_of(record),
        }
        for key, value in vars(record).items():
            # Only plain values: Django passes the request object along, which must not be dumped into a log.
            if key not in _RECORD_ATTRIBUTES and isinstance(value, str | int | float | bool | None):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """For people reading a terminal (`make run`): level, logger, message and the request id."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        ids = " ".join(f"{key}={value}" for key, value in _context_of(record).items())
        return f"{line} [{ids}]" if ids else line


class DatabaseOutageFilter(logging.Filter):
    """While the database is away every request fails the same way: its line gets the error in one line instead
    of a full traceback each (hundreds a second during a restart)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if record.name == "django.request" and isinstance(error, OperationalError | InterfaceError):
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            record.database_error = f"{type(error).__name__}: {first_line}"
            record.exc_info = record.exc_text = None
        return True


def logging_config(*, log_format: str, level: str, log_requests: bool) -> dict:
    """The LOGGING setting: everything to stderr in `log_format` ("json" or "text")."""
    if log_format not in {"json", "text"}:
        raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'text', not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "lotse.ops.logs.JsonFormatter"},
            "text": {"()": "lotse.ops.logs.TextFormatter"},
        },
        "filters": {"database_outage": {"()": "lotse.ops.logs.DatabaseOutageFilter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": log_format, "filters": ["database_outage"]}
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"lotse.requests": {"level": "INFO" if log_requests else "WARNING"}},
    }


class RequestIdMiddleware:
    """Outermost middleware: gives each request its id (log lines, `X-Request-ID` header) and, with
    LOG_REQUESTS=1, writes one access line per request. The line names the URL pattern, not the path: paths
    carry registration tokens and ids that do not belong in a log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _PLAUSIBLE_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        started = time.perf_counter()
        with log_context(request_id=request_id):
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            if access_logger.isEnabledFor(logging.INFO):
                self._log(request, response, started)
        return response

    @staticmethod
    def _log(request, response, started: float) -> None:
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "_cached_user", None)  # only if the request looked the user up anyway
        access_logger.info(
            "request",
            extra={
                "method": request.method,
                "route": f"/{match.route}" if match else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
