"""POST /api/v1/assessments with hostile bodies: every one a JSON 4xx with field errors, never a 500 or a hang."""

import copy
import json
import time

import pytest

from tests.api.test_assessments_api import PROFILE, post

pytestmark = pytest.mark.django_db

NUMBER_FIELDS = [
    ("job", "annual_gross_salary_eur"),
    ("job", "weekly_hours"),
    ("job", "duration_months"),
    ("candidate.experience", "years_last_5"),
    ("candidate.qualification", "duration_years"),
    ("candidate", "previous_stay_germany_months"),
    ("candidate", "age"),
]


def _with(path: str, key: str, literal: str) -> str:
    """PROFILE as JSON text with `literal` (raw JSON, e.g. 310 digits) at path.key."""
    body = copy.deepcopy(PROFILE)
    node = body
    for part in path.split("."):
        node = node.setdefault(part, {})
    node[key] = "__HOLE__"
    return json.dumps(body).replace('"__HOLE__"', literal)


def _fields(response) -> set[str]:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return {error["field"] for error in response.json()["errors"]}


@pytest.mark.parametrize(("path", "key"), NUMBER_FIELDS)
@pytest.mark.parametrize("literal", ["9" * 310, "9" * 5000, "1e400", "-1e400", "1E+100000", "NaN", "Infinity"])
def test_huge_numbers_are_field_errors(client, path, key, literal):
    response = post(client, _with(path, key, literal))
    assert response.status_code == 400
    assert f"{path}.{key}" in _fields(response)


def test_salary_with_a_million_digits_is_refused_quickly(client):
    started = time.perf_counter()
    response = post(client, _with("job", "annual_gross_salary_eur", "9" * 60_000))
    assert response.status_code == 400
    assert "job.annual_gross_salary_eur" in _fields(response)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deep_nesting_is_a_400_on_the_body(client, opening):
    closing = "]" if opening == "[" else "}"
    response = post(client, opening * 5000 + "1" + closing * 5000)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["field"] == "$" and "nested" in errors[0]["message"]


def test_moderate_nesting_inside_strings_does_not_count(client, small_gemeinden):
    body = copy.deepcopy(PROFILE)
    body["note"] = "[" * 1000
    assert post(client, body).status_code == 200


def test_body_over_64_kb_is_a_json_413(client):
    for size in (64 * 1024 + 1, 3 * 1024 * 1024):
        response = post(client, '{"x": "' + "a" * size + '"}')
        assert response.status_code == 413
        assert _fields(response) == {"$"}


def test_invalid_lang_is_a_400(client):
    response = post(client, PROFILE, lang="fr")
    assert response.status_code == 400
    assert _fields(response) == {"lang"}


def test_not_utf8_and_nul_are_400(client):
    assert post(client, b'{"candidate": "\xff"}').status_code == 400
    assert post(client, '{"candidate": "\x00"}').status_code == 400


def test_schema_states_the_as_of_range_and_the_maxima(client):
    from lotse.rules.parameters import coverage

    schema = client.get("/api/v1/openapi.json").json()
    first, last = coverage()
    query = schema["paths"]["/api/v1/assessments"]["post"]["parameters"]
    as_of = next(p for p in query if p["name"] == "as_of")["schema"]
    assert as_of["x-earliest"] == first.isoformat() and as_of["x-latest"] == last.isoformat()
    body = schema["components"]["schemas"]["AssessmentInput"]["properties"]
    assert body["as_of"]["x-earliest"] == first.isoformat()
    salary = body["job"]["anyOf"][0]["properties"]["annual_gross_salary_eur"]["anyOf"][0]
    assert salary["maximum"] == 100_000_000
