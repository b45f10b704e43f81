"""Welcome plan and § 45c notice through the real stack: dated plan with local contacts, both PDFs, saving,
ticking, the hand-over record, bad input, and who may see or change what."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest
from pypdf import PdfReader

from lotse.core.models import AuditEntry
from lotse.core.scoping import system_access
from lotse.welcome.models import Notice, WelcomePlan, WelcomeTaskDone
from tests.conftest import log_in
from tests.pdfs import assert_tagged_pdf

pytestmark = pytest.mark.django_db

PLAN = {"pathway": "eu_blue_card", "arrival": "2027-03-01", "family": "later", "german": "A2", "work_place": "40822"}


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())  # line breaks of the layout do not matter


def test_public_plan_is_dated_with_who_why_source_and_local_contacts(client, small_gemeinden):
    html = client.get("/willkommensplan/?" + urlencode(PLAN)).content.decode()
    assert "Ihr Willkommensplan" in html
    assert "Wohnsitz bei der Meldebehörde anmelden" in html and "15.03.2027" in html  # § 17 BMG: arrival + 14 days
    assert "angenommen: eine Woche nach der Ankunft" in html
    assert "Familiennachzug vorbereiten" in html and "Integrationskurs" in html
    assert "Ausländerbehörde des Kreises Mettmann" in html  # from the reference data
    assert "Faire Integration NRW – Beratungsstelle Düsseldorf" in html
    assert "lexetius.com/BMG/17" in html  # every task names its source


def test_bad_input_is_explained_and_kept(client, small_gemeinden):
    html = client.get(
        "/willkommensplan/?" + urlencode({**PLAN, "start": "2027-02-01", "work_place": "99999"})
    ).content.decode()
    assert "Bitte korrigieren Sie" in html
    assert "99999" in html and "gehört zu keiner Gemeinde" in html
    html = client.get("/willkommensplan/?" + urlencode({**PLAN, "start": "2027-02-01"})).content.decode()
    assert "Der erste Arbeitstag liegt vor der Ankunft." in html
    html = client.get("/willkommensplan/?" + urlencode({**PLAN, "arrival": "morgen"})).content.decode()
    assert "Bitte geben Sie ein Datum ein" in html and 'value="morgen"' in html


def test_ambiguous_postcode_asks_which_place(client, small_gemeinden):
    html = client.get("/willkommensplan/?" + urlencode({**PLAN, "work_place": "40472"})).content.decode()
    assert "Welcher Ort ist gemeint?" in html and "Ratingen" in html
    html = client.get(
        "/willkommensplan/?" + urlencode({**PLAN, "work_place": "40472", "work_pick": "05158028"})
    ).content.decode()
    assert "Ihr Willkommensplan" in html and "Ratingen" in html


def test_employer_and_worker_pdfs(client, small_gemeinden):
    query = urlencode(PLAN)
    employer = client.get(f"/willkommensplan/pdf/arbeitgeber/?{query}")
    assert_tagged_pdf(employer.content, lang="de")
    text = pdf_text(employer.content)
    assert "Willkommensplan" in text and "Quelle" in text and "15.03.2027" in text
    worker = client.get(f"/willkommensplan/pdf/fachkraft/?{query}&sprache=en")
    assert_tagged_pdf(worker.content, lang="en")
    text = pdf_text(worker.content)
    assert "Your start in North Rhine" in text and "Register your address" in text
    assert "within 2 weeks" in text
    german = pdf_text(client.get(f"/willkommensplan/pdf/fachkraft/?{query}&sprache=de").content)
    assert "Ihr Start in Nordrhein-Westfalen" in german
    assert client.get(f"/willkommensplan/pdf/fachkraft/?{query}&sprache=xx").status_code == 404


def _save_plan(client, user) -> str:
    log_in(client, user)
    response = client.post("/willkommensplan/speichern/", {**PLAN, "title": "Pflege März"})
    assert response.status_code == 302
    return response["Location"]


def test_employer_saves_and_ticks_tasks(client, world, small_gemeinden):
    location = _save_plan(client, world["users"]["employer_a"])
    html = client.get(location).content.decode()
    assert "Willkommensplan: Pflege März" in html and "0 von" in html
    response = client.post(location + "aufgabe/anmeldung/", {"done": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "fair-task--done" in response.content.decode()
    assert "1 von" in client.get(location).content.decode()
    client.post(location + "aufgabe/anmeldung/", {"done": "0"})
    assert "0 von" in client.get(location).content.decode()
    assert client.post(location + "aufgabe/no_such_task/", {"done": "1"}).status_code == 404
    with system_access("test"):
        assert AuditEntry.objects.filter(action__in=["welcome.task_done", "welcome.task_reopen"]).count() == 2
        assert not WelcomeTaskDone.objects.exists()


@pytest.mark.parametrize(
    ("viewer", "see", "tick"),
    [
        ("employer_a", 200, 302),
        ("adviser_a", 200, 403),
        ("fai", 200, 403),
        ("employer_b", 404, 404),
        ("adviser_b", 404, 404),
        ("mags", 404, 404),
    ],
)
def test_who_sees_and_who_ticks_a_plan(client, world, small_gemeinden, viewer, see, tick):
    location = _save_plan(client, world["users"]["employer_a"])
    log_in(client, world["users"][viewer])
    assert client.get(location).status_code == see
    assert client.post(location + "aufgabe/anmeldung/", {"done": "1"}).status_code == tick


def test_notice_on_its_own_names_the_nearest_office_in_german_and_english(client, small_gemeinden):
    data = {"employer_name": "Wittener Stahl GmbH", "work_place": "Witten", "worker_name": "A. Example"}
    html = client.post("/willkommensplan/hinweis-45c/", data).content.decode()
    assert "Faire Integration NRW – Beratungsstelle Bochum" in html
    assert "counselling office Bochum" in html and 'lang="en"' in html
    assert "Anschrift und Telefon der Beratungsstelle sind in Lotse nicht bestätigt" in html
    assert "A.+Example" not in html and "?employer_name" not in html  # the name never goes into a URL
    response = client.post("/willkommensplan/hinweis-45c/pdf/", data)
    assert_tagged_pdf(response.content, lang="de")
    text = pdf_text(response.content)
    assert "§ 45c" in text and "Notice of free advice on your rights at work" in text
    assert "Beratungsstelle Bochum" in text and "A. Example" in text and "Wittener Stahl GmbH" in text
    assert client.get("/willkommensplan/hinweis-45c/pdf/").status_code == 405


def test_notice_input_errors_and_going_back_keep_what_was_typed(client, small_gemeinden):
    html = client.post(
        "/willkommensplan/hinweis-45c/", {"employer_name": "", "work_place": "99999", "worker_name": "B. Beispiel"}
    ).content.decode()
    assert "Bitte korrigieren Sie" in html and 'value="B. Beispiel"' in html and 'value="99999"' in html
    data = {"employer_name": "X GmbH", "work_place": "Witten", "action": "edit"}
    html = client.post("/willkommensplan/hinweis-45c/", data).content.decode()
    assert "Hinweis erstellen" in html and 'value="X GmbH"' in html
    anonymous_save = client.post("/willkommensplan/hinweis-45c/", {**data, "action": "save"})
    assert anonymous_save.status_code == 403


def test_notice_from_a_saved_plan_records_the_hand_over(client, world, small_gemeinden):
    location = _save_plan(client, world["users"]["employer_a"])
    plan_id = location.strip("/").split("/")[-1]
    form = client.get(f"/willkommensplan/hinweis-45c/?plan={plan_id}").content.decode()
    assert 'value="Mettmann"' in form  # the plan's workplace is prefilled
    response = client.post(
        "/willkommensplan/hinweis-45c/",
        {
            "employer_name": "Metall A GmbH",
            "work_place": "40822",
            "plan": plan_id,
            "office_contact": "Tel. 0211 000",
            "action": "save",
        },
    )
    notice_url = response["Location"]
    assert client.post(notice_url, {"handed_over_on": "2027-03-08", "handed_over_how": "nonsense"}).status_code == 200
    assert client.post(notice_url, {"handed_over_on": "2027-03-08", "handed_over_how": "paper"}).status_code == 302
    assert "Übergeben am 08.03.2027, auf Papier übergeben." in client.get(notice_url).content.decode()
    assert "übergeben am 08.03.2027" in client.get(location).content.decode()
    assert "Tel. 0211 000" in pdf_text(client.get(notice_url + "pdf/").content)
    with system_access("test"):
        notice = Notice.objects.get()
        assert notice.plan_id == int(plan_id) and notice.office_id == "fi-duesseldorf"
        assert AuditEntry.objects.filter(action="welcome.notice_handover", object_id=str(notice.pk)).exists()
    log_in(client, world["users"]["adviser_a"])
    assert client.get(notice_url).status_code == 200
    assert client.post(notice_url, {"handed_over_on": "2027-03-09", "handed_over_how": "email"}).status_code == 403
    log_in(client, world["users"]["employer_b"])
    assert client.get(notice_url).status_code == 404


def test_another_employers_plan_cannot_be_attached_to_a_notice(client, world, small_gemeinden):
    location = _save_plan(client, world["users"]["employer_a"])
    plan_id = location.strip("/").split("/")[-1]
    log_in(client, world["users"]["employer_b"])
    client.post(
        "/willkommensplan/hinweis-45c/",
        {"employer_name": "Pflege B", "work_place": "Münster", "plan": plan_id, "action": "save"},
    )
    with system_access("test"):
        assert Notice.objects.get().plan_id is None  # the plan is not visible to employer B, so it is not linked


def test_company_page_lists_the_plan_for_advisers(client, world, small_gemeinden):
    _save_plan(client, world["users"]["employer_a"])
    log_in(client, world["users"]["adviser_a"])
    html = client.get(f"/faelle/unternehmen/{world['orgs']['employer_a'].pk}/").content.decode()
    assert "Pflege März" in html and "§ 45c-Hinweis: Übergabe nicht dokumentiert" in html
    with system_access("test"):
        assert WelcomePlan.objects.count() == 1


def test_changing_the_answers_keeps_them(client, small_gemeinden):
    html = client.get("/willkommensplan/?" + urlencode({**PLAN, "bearbeiten": "1"})).content.decode()
    assert "Plan erstellen" in html and 'value="2027-03-01"' in html and 'value="40822"' in html
