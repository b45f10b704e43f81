"""A NUL byte (or another control character) in a path, a query or a form field is a 400, never a 500 – on
PostgreSQL, which cannot store NUL (it was a 500 there), and on SQLite alike."""

import pytest

from lotse.core.http import content_disposition
from tests.conftest import log_in


@pytest.fixture
def staff_client(client, world):
    log_in(client, world["users"]["fai"])
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/navigator/r/%00/",
        "/workshops/anmeldung/%00/",
        "/workshops/anmeldung/%00/stornieren/",
        "/faelle/unternehmen/?q=%00",
        "/faelle/?q=abc%00",
        "/workshops/?q=%00",
        "/%00",
        "/api/v1/occupations?q=%00",
        "/navigator/?%00=1",
        "/faelle/unternehmen/?q=%1b",
    ],
)
def test_nul_in_path_or_query_is_a_400(db, staff_client, url):
    response = staff_client.get(url)
    assert response.status_code in (400, 404), response.status_code
    if url.startswith("/api/"):
        assert response.json()["errors"][0]["field"] == "query"


def test_nul_in_a_posted_form_field_is_a_400(db, client, world):
    response = client.post("/accounts/login/", {"username": "a\x00@test.example", "password": "x"})
    assert response.status_code == 400


def test_line_breaks_and_tabs_in_forms_pass(db, client):
    response = client.post("/accounts/login/", {"username": "a@test.example", "password": "x\ty\r\nz"})
    assert response.status_code == 200  # the login form's own error, not the middleware


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("dossier.pdf", 'attachment; filename="dossier.pdf"'),
        (
            "Zeugnis Müller.pdf",
            "attachment; filename=\"Zeugnis Muller.pdf\"; filename*=UTF-8''Zeugnis%20M%C3%BCller.pdf",
        ),
        ("Nguyễn Văn.pdf", "attachment; filename=\"Nguyen Van.pdf\"; filename*=UTF-8''Nguy%E1%BB%85n%20V%C4%83n.pdf"),
        ("مرحبا.pdf", "attachment; filename=\"download.pdf\"; filename*=UTF-8''%D9%85%D8%B1%D8%AD%D8%A8%D8%A7.pdf"),
        ('a"b\r\nc/../d.pdf', "attachment; filename=\"a_bc_.._d.pdf\"; filename*=UTF-8''a%22bc_.._d.pdf"),
        ("", 'attachment; filename="download"'),
    ],
)
def test_content_disposition(name, expected):
    assert content_disposition(name) == expected


def test_inline(db):
    assert content_disposition("Bescheinigung.pdf", inline=True) == 'inline; filename="Bescheinigung.pdf"'
