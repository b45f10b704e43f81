"""schemathesis (pinned in pyproject.toml) against the API's own OpenAPI document, through the whole Django stack
(WSGI, middleware): a bounded number of generated requests per operation, valid and invalid (`positive` and
`negative` modes). Every answer must be below 500; every 4xx must be JSON with field errors ({"errors": [{"field",
"message"}]}); every 200 must match the documented response schema.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import figures

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION_AND_MODE = 60


@pytest.fixture
def api_schema(settings):
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    settings.ALLOWED_HOSTS = ["*"]
    # As Django's test client does: the test's transaction must survive the end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _check(case, response, seen: dict) -> None:
    where = f"{case.method} {case.formatted_path} query={case.query!r} body={str(case.body)[:200]!r}"
    seen["requests"] += 1
    seen.setdefault(response.status_code, 0)
    seen[response.status_code] += 1
    assert response.status_code < 500, f"{response.status_code} for {where}"
    if 400 <= response.status_code < 500:
        content_type = (response.headers.get("content-type") or [""])[0]
        assert content_type.startswith("application/json"), where
        errors = json.loads(response.content)["errors"]
        assert errors and all(set(e) == {"field", "message"} and e["field"] for e in errors), where
    if response.status_code == 200:
        case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])


def _runner(strategy, seen: dict):
    @settings(
        max_examples=EXAMPLES_PER_OPERATION_AND_MODE,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data):
        case = data.draw(strategy)
        _check(case, case.call(), seen)

    return run


def test_api_schema_fuzz(api_schema, small_gemeinden, record_property):
    from schemathesis.generation import GenerationMode

    seen = {"requests": 0}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _runner(operation.as_strategy(generation_mode=mode), seen)()
    statuses = {k: v for k, v in seen.items() if k != "requests"}
    figures(
        record_property,
        "schemathesis",
        schemathesis.__version__,
        f"{len(operations)} operations × 2 modes, {seen['requests']} requests, "
        f"status codes {dict(sorted(statuses.items()))}",
        requests=seen["requests"],
    )
    assert seen["requests"] >= len(operations) * 20
