"""Structured JSON logs with a request id, sent back in X-Request-ID."""

import io
import json
import logging
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from lotse.ops.logs import JsonFormatter, log_context, logging_config

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id_and_a_plausible_incoming_one_is_kept(client):
    made = client.get("/health/")["X-Request-ID"]
    assert len(made) == 32 and made != client.get("/health/")["X-Request-ID"]
    kept = "0f8e2a6c1d9b4e7fa3c5b2d1e0f9a8b7"  # nginx's $request_id
    assert client.get("/health/", headers={"X-Request-ID": kept})["X-Request-ID"] == kept
    hostile = '"><script>alert(1)</script>'
    replaced = client.get("/health/", headers={"X-Request-ID": hostile})["X-Request-ID"]
    assert replaced != hostile and len(replaced) == 32


def test_access_line_names_the_url_pattern_not_the_path(client, reference_data):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("lotse.requests")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        response = client.get("/workshops/anmeldung/secret-token-123/")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    line = stream.getvalue()
    assert "secret-token-123" not in line
    entry = json.loads(line)
    assert entry["route"] == "/workshops/anmeldung/<str:token>/" and entry["status"] == response.status_code
    assert entry["method"] == "GET" and entry["duration_ms"] >= 0 and entry["user_id"] is None
    assert entry["request_id"] == response["X-Request-ID"]


def test_json_lines_carry_context_extras_and_exceptions():
    logger = logging.getLogger("lotse.test")
    record = logger.makeRecord(
        "lotse.test",
        logging.ERROR,
        __file__,
        1,
        "job %s failed",
        ("x",),
        None,
        extra={"attempt": 2, "request": object()},
    )
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    with log_context(task_id="7f3a"):
        entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "job x failed" and entry["level"] == "ERROR" and entry["logger"] == "lotse.test"
    assert entry["task_id"] == "7f3a" and entry["attempt"] == 2
    assert "request" not in entry  # objects (Django's request) are never dumped
    assert "ValueError: boom" in entry["exception"] and entry["time"].endswith("+00:00")


def test_log_format_is_checked():
    assert logging_config(log_format="text", level="INFO", log_requests=True)["loggers"]["lotse.requests"] == {
        "level": "INFO"
    }
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        logging_config(log_format="xml", level="INFO", log_requests=False)
