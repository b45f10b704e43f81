"""GET /api/v1/occupations: the occupation contract over HTTP, 400 with field errors for bad parameters."""

import pytest

from lotse.rules.occupations import search

pytestmark = pytest.mark.django_db


def test_same_array_as_the_cli(client):
    response = client.get("/api/v1/occupations", {"q": "Pflegefachkraft", "limit": "3"})
    assert response.status_code == 200
    assert response.json() == search("Pflegefachkraft", limit=3)
    assert response.json()[0]["id"] == "pflegefachfrau"


def test_english(client):
    body = client.get("/api/v1/occupations", {"q": "Krankenschwester", "lang": "en", "limit": "1"}).json()
    assert body[0]["title"] == "Nurse"


def test_nothing_found_is_an_empty_array(client):
    response = client.get("/api/v1/occupations", {"q": "Qzxwv"})
    assert response.status_code == 200 and response.json() == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "x" * 101}, "q"),
        ({"q": "Koch", "limit": "0"}, "limit"),
        ({"q": "Koch", "limit": "1e999999999"}, "limit"),
        ({"q": "Koch", "limit": "abc"}, "limit"),
        ({"q": "Koch", "lang": "fr"}, "lang"),
    ],
)
def test_bad_parameters_are_400_with_a_field_error(client, params, field):
    response = client.get("/api/v1/occupations", params)
    assert response.status_code == 400
    assert field in {error["field"] for error in response.json()["errors"]}


def test_described_in_openapi(client):
    document = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/occupations" in document["paths"]
    assert "OccupationMatch" in document["components"]["schemas"]
