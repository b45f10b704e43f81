"""Self-check through the real stack: questions, result, PDF text, saving and history, and who sees what."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from lotse.core.models import AuditEntry
from lotse.core.scoping import system_access
from lotse.fairness.models import SelfCheck
from lotse.rules.fairness import selfcheck
from tests.conftest import log_in
from tests.pdfs import assert_tagged_pdf

pytestmark = pytest.mark.django_db


def answers(default="yes", **overrides) -> dict:
    data = {qid: default for qid in selfcheck.question_ids()}
    data.update({"context.health_care": "no", "context.countries": [], "context.westbalkan_agency": "no"})
    data.update({k.replace("__", "."): v for k, v in overrides.items()})
    return data


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())  # line breaks of the layout do not matter


def test_missing_answers_get_an_error_summary_and_keep_what_was_typed(client, world):
    data = answers()
    del data["costs.no_fees"]
    data["costs.no_bonds"] = "partly"
    response = client.post("/faire-anwerbung/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte korrigieren Sie einen Fehler" in html and 'href="#id_costs.no_fees_0"' in html
    assert re.search(r'name="costs.no_bonds" value="partly" id="[^"]+" checked', html), "nothing typed is lost"


def test_anonymous_result_names_red_flags_actions_and_sources(client, world):
    client.post(
        "/faire-anwerbung/", answers(costs__no_fees="no", context__health_care="yes", context__countries=["GH", "PH"])
    )
    html = client.get("/faire-anwerbung/ergebnis/").content.decode()
    assert "Kosten bei der Fachkraft" in html and "§§ 296, 297 SGB III" in html
    assert "Gesundheitsfachkräfte aus einem Land der WHO-Liste" in html and "Ghana" in html
    assert "Philippinen" not in html.split("WHO-Liste")[1].split("</div>")[0]
    assert "/workshops/?topic=faire-anwerbung" in html
    assert "buzer.de" in html  # sources listed
    assert "Anmelden und speichern" in html


def test_result_pdf_is_pdf_ua_with_the_action_plan(client, world):
    client.post("/faire-anwerbung/", answers(transparency__contract_language="no"))
    response = client.get("/faire-anwerbung/ergebnis/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Aktionsplan faire Anwerbung" in text and "Übersetzung" in text
    assert_tagged_pdf(response.content, lang="de", texts=("Aktionsplan",))


def test_english_result(client, world):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/faire-anwerbung/", answers(costs__no_fees="no"))
    html = client.get("/faire-anwerbung/ergebnis/").content.decode()
    assert "Costs borne by the worker" in html and "Costs and the employer-pays principle" in html


def test_employer_saves_repeats_and_sees_progress(client, world):
    user = world["users"]["employer_a"]
    log_in(client, user)
    client.post("/faire-anwerbung/", answers(default="no"))
    first = client.post("/faire-anwerbung/ergebnis/speichern/")
    assert first.status_code == 302
    repeat = client.get("/faire-anwerbung/?wiederholen=1").content.decode()
    assert re.search(r'name="costs.no_fees" value="no" id="[^"]+" checked', repeat), "prefilled with the last check"
    client.post("/faire-anwerbung/", answers(default="yes"))
    client.post("/faire-anwerbung/ergebnis/speichern/")
    html = client.get("/faire-anwerbung/verlauf/").content.decode()
    assert "100 % (+100)" in html
    with system_access("test"):
        checks = list(SelfCheck.objects.filter(organisation=world["orgs"]["employer_a"]))
        assert len(checks) == 2 and checks[0].scores["costs"] == 100
        assert AuditEntry.objects.filter(action="fairness.selfcheck_save").count() == 2


def test_saving_needs_an_employer_membership(client, world):
    log_in(client, world["users"]["adviser_a"])
    client.post("/faire-anwerbung/", answers())
    assert client.post("/faire-anwerbung/ergebnis/speichern/").status_code == 403
    log_in(client, world["users"]["nobody"])
    client.post("/faire-anwerbung/", answers())
    assert client.post("/faire-anwerbung/ergebnis/speichern/").status_code == 403


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("employer_a", 200),
        ("adviser_a", 200),
        ("fai", 200),
        ("employer_b", 404),
        ("adviser_b", 404),
        ("mags", 404),
    ],
)
def test_who_sees_a_saved_check(client, world, viewer, status):
    log_in(client, world["users"]["employer_a"])
    client.post("/faire-anwerbung/", answers())
    location = client.post("/faire-anwerbung/ergebnis/speichern/")["Location"]
    log_in(client, world["users"][viewer])
    assert client.get(location).status_code == status
    assert client.get(location + "pdf/").status_code == status


def test_adviser_sees_the_panel_on_the_company_page(client, world):
    log_in(client, world["users"]["employer_a"])
    client.post("/faire-anwerbung/", answers(costs__no_fees="partly"))
    client.post("/faire-anwerbung/ergebnis/speichern/")
    log_in(client, world["users"]["adviser_a"])
    html = client.get(f"/faelle/unternehmen/{world['orgs']['employer_a'].pk}/").content.decode()
    assert "Faire Anwerbung und Willkommensplan" in html and "Kosten und Arbeitgeberprinzip" in html
