"""POST /api/v1/assessments: the contract over HTTP, 400 with field errors, never a 500."""

import json

import pytest

from lotse.rules import PATHWAY_IDS, assess
from tests.inputs import API_PROFILE

pytestmark = pytest.mark.django_db

PROFILE = API_PROFILE


def post(client, body, **query):
    url = "/api/v1/assessments"
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    payload = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data=payload, content_type="application/json")


def test_same_output_as_the_engine(client, small_gemeinden):
    response = post(client, PROFILE)
    assert response.status_code == 200
    body = response.json()
    assert body["schema"] == "lotse.assessment/v1"
    assert [p["id"] for p in body["pathways"]] == list(PATHWAY_IDS)
    engine = assess(PROFILE)
    assert {p["id"]: p["status"] for p in body["pathways"]} == {
        p["id"]: p["status"] for p in engine["pathways"]
    }
    assert body["rules_version"] == engine["rules_version"]
    assert next(p for p in body["pathways"] if p["id"] == "eu_blue_card")["status"] == "eligible"


def test_local_authority_comes_from_the_directory(client, small_gemeinden):
    body = post(client, PROFILE).json()
    names = [a["name"] for a in body.get("authorities", [])]
    assert any("Mettmann" in name for name in names), names


def test_as_of_query_overrides_the_body(client, small_gemeinden):
    profile = json.loads(json.dumps(PROFILE))
    profile["job"]["annual_gross_salary_eur"] = 49000  # ≥ 48,300 (2025), < 50,700 (2026)
    statuses = {}
    for as_of in ("2025-12-31", "2026-01-01"):
        body = post(client, profile, as_of=as_of).json()
        assert body["as_of"] == as_of
        statuses[as_of] = next(p for p in body["pathways"] if p["id"] == "eu_blue_card")
    assert statuses["2025-12-31"]["conditions"] != statuses["2026-01-01"]["conditions"]


@pytest.mark.parametrize(
    "body,field",
    [
        (
            {**PROFILE, "job": {**PROFILE["job"], "annual_gross_salary_eur": -1}},
            "job.annual_gross_salary_eur",
        ),
        ({**PROFILE, "candidate": {"age": 30}}, "candidate.citizenship"),
        ({**PROFILE, "job": {**PROFILE["job"], "isco": "25x"}}, "job.isco"),
        ({**PROFILE, "as_of": "31.12.2026"}, "as_of"),
        ([], "$"),
    ],
)
def test_invalid_input_gives_400_with_field_errors(client, db, body, field):
    response = post(client, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in [e["field"] for e in errors]
    assert all(e["message"] for e in errors)


def test_broken_json_and_wrong_method(client, db):
    response = post(client, "{not json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "$"
    assert client.get("/api/v1/assessments").status_code == 405


def test_date_outside_every_parameter_is_a_clear_400(client, db):
    response = post(client, {"as_of": "1990-01-01", "candidate": {"citizenship": "IN"}})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "as_of"


def test_english_explanations(client, small_gemeinden):
    body = post(client, PROFILE, lang="en").json()
    blue_card = next(p for p in body["pathways"] if p["id"] == "eu_blue_card")
    assert blue_card["title"] != assess(PROFILE)["pathways"][0]["title"]


def test_openapi_document(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    operation = document["paths"]["/api/v1/assessments"]["post"]
    assert set(operation["responses"]) >= {"200", "400"}
    pathway_enum = document["components"]["schemas"]["AssessmentOutput"]["properties"]["pathways"]["items"][
        "properties"
    ]["id"]["enum"]
    assert pathway_enum == list(PATHWAY_IDS)
