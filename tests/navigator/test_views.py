"""Navigator pages without a browser: steps, bad input next to the field, result, saved link, PDF, hand-off."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse

from lotse.navigator.models import SavedResult
from lotse.rules.interview import DONT_KNOW
from tests.pdfs import assert_tagged_pdf

pytestmark = pytest.mark.django_db

BLUE_CARD = {
    "candidate.citizenship": "IN",
    "job": {"kind": "employment", "answer": "Softwareentwickler"},
    "job.annual_gross_salary_eur": "58.000",
    "candidate.qualification": {"answer": "academic", "same": "job"},
    "candidate.qualification.german_recognition": {"answer": "full"},
}


def answer(client, qid: str, value, **extra):
    url = reverse("navigator:question", args=[qid])
    if value is None:
        return client.post(url, {"dont_know": "1"})
    if isinstance(value, dict):
        return client.post(url, {**value, **extra})
    return client.post(url, {"answer": value, **extra})


def walk(client, answers: dict, *, limit: int = 40, to_the_end: bool = True) -> list[str]:
    """Answer the interview from `answers` (question id → posted value or form dict), "don't know" for the rest.
    The first decisive answer leads to the result page; with `to_the_end` the walk goes on from there."""
    client.post(reverse("navigator:reset"))
    url = reverse("navigator:question", args=["candidate.citizenship"])
    asked = []
    for _ in range(limit):
        if url.endswith("/ergebnis/"):
            page = client.get(url)
            match = re.search(
                r'href="(/navigator/frage/[^"?]+/)"><span class="kern-label">Weitere Fragen beantworten',
                page.content.decode(),
            )
            if not to_the_end or match is None:
                return asked
            url = match.group(1)
        qid = url.rstrip("/").split("/")[-1]
        asked.append(qid)
        response = answer(client, qid, answers.get(qid))
        assert response.status_code == 302, (qid, response.content.decode()[:2000])
        url = response.url
    raise AssertionError("the interview did not end")


def test_start_page_and_first_question(client, small_gemeinden):
    response = client.get(reverse("navigator:start"))
    assert "Welcher Weg passt" in response.content.decode()
    response = client.post(reverse("navigator:reset"))
    assert response.url == reverse("navigator:question", args=["candidate.citizenship"])
    page = client.get(response.url).content.decode()
    assert "Welche Staatsangehörigkeit" in page and "Beispiel:" in page and "Weiß ich noch nicht" in page
    assert 'data-question="candidate.citizenship"' in page


def test_blue_card_journey_result_and_pdf(client, small_gemeinden):
    asked = walk(client, {**BLUE_CARD, "job.municipality_ags": "40822"})
    assert asked[0] == "candidate.citizenship"
    page = client.get(reverse("navigator:result")).content.decode()
    assert "Blaue Karte EU" in page and "Möglich" in page
    assert "Rechtsstand vom" in page and "keine rechtsverbindliche Entscheidung" in page
    assert "Mettmann" in page and "Regionalagentur" in page
    response = client.post(reverse("navigator:save"), {"then": "pdf"})
    saved = SavedResult.objects.get()
    assert len(saved.token) >= 40
    assert response.url == reverse("navigator:saved_pdf", args=[saved.token])
    pdf = client.get(response.url)
    assert pdf["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Blaue Karte EU" in text and "Checkliste" in text and "Rechtsstand" in text
    assert reader.get_fields(), "the checklist has boxes to tick"
    assert_tagged_pdf(pdf.content, lang="de", texts=("Blaue Karte EU", "Checkliste"))


def walk_until(client, answers: dict, target: str) -> None:
    client.post(reverse("navigator:reset"))
    qid = "candidate.citizenship"
    for _ in range(40):
        if qid == target:
            return
        url = answer(client, qid, answers.get(qid)).url
        qid = url.rstrip("/").split("/")[-1]
    raise AssertionError(f"{target} was never asked")


def test_the_blue_card_is_decisive_after_five_questions_and_the_result_comes_then(client, small_gemeinden):
    asked = walk(client, BLUE_CARD, to_the_end=False)
    assert asked == [
        "candidate.citizenship",
        "job",
        "job.annual_gross_salary_eur",
        "candidate.qualification",
        "candidate.qualification.german_recognition",
    ]
    page = client.get(reverse("navigator:result")).content.decode()
    assert "Blaue Karte EU" in page and "Möglich" in page
    assert "Weitere Fragen beantworten" in page  # the option to answer further questions


def test_change_on_the_result_page_returns_to_the_result(client, small_gemeinden):
    walk(client, BLUE_CARD, to_the_end=False)
    page = client.get(reverse("navigator:result")).content.decode()
    change = reverse("navigator:question", args=["job.annual_gross_salary_eur"]) + "?next=result"
    assert change in page
    form = client.get(change).content.decode()
    assert 'name="return_to" value="result"' in form and "Zurück zum Ergebnis" in form
    response = client.post(
        reverse("navigator:question", args=["job.annual_gross_salary_eur"]),
        {"answer": "45.000", "next": "1", "return_to": "result"},
    )
    assert response.url == reverse("navigator:result")
    assert client.session["navigator"]["answers"]["job.annual_gross_salary_eur"] == 45000


@pytest.mark.parametrize(
    ("typed", "lang", "value"),
    [
        ("55.000", "de", 55000),
        ("55000 €", "de", 55000),
        ("55 000", "de", 55000),
        ("52.000,50", "de", 52000.5),
        ("55,000", "en", 55000),
        ("€55,000", "en", 55000),
        ("52,000.50", "en", 52000.5),
        ("55000", "en", 55000),
    ],
)
def test_numbers_as_people_type_them(typed, lang, value):
    from lotse.navigator.forms import AnswerForm
    from lotse.rules.interview import question

    form = AnswerForm({"answer": typed}, question=question("job.annual_gross_salary_eur"), lang=lang)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["value"] == value


@pytest.mark.parametrize("typed", ["55", "2000000", "1e999999999", "9" * 30, "5.5.5", "-1", "NaN", "inf", "0x10"])
def test_salary_out_of_range_or_unusable_is_refused_cheaply(typed):
    from lotse.navigator.forms import AnswerForm
    from lotse.rules.interview import question

    form = AnswerForm({"answer": typed}, question=question("job.annual_gross_salary_eur"), lang="de")
    assert not form.is_valid()
    message = form.errors["answer"][0]
    assert "Gehalt" in message or "Bruttojahresgehalt" in message or "Zeichen" in message


def test_bad_input_is_explained_next_to_the_field_and_kept(client, small_gemeinden):
    walk_until(client, BLUE_CARD, "job.annual_gross_salary_eur")
    response = answer(client, "job.annual_gross_salary_eur", "55")
    page = response.content.decode()
    assert response.status_code == 200
    assert "zwischen 1.000 € und 1.000.000 €" in page
    assert 'value="55"' in page and 'aria-invalid="true"' in page
    response = answer(client, "job.annual_gross_salary_eur", "viel")
    assert "als Zahl in Euro" in response.content.decode()


def test_unknown_plz_and_future_degree_date(client, small_gemeinden):
    from lotse.navigator.forms import AnswerForm
    from lotse.rules.interview import question

    form = AnswerForm({"answer": "99999"}, question=question("job.municipality_ags"), lang="de")
    assert not form.is_valid()
    assert "99999" in form.errors["answer"][0] and "Nordrhein-Westfalen" in form.errors["answer"][0]
    form = AnswerForm({"answer": "40472"}, question=question("job.municipality_ags"), lang="de")
    assert not form.is_valid() and len(form.pick_choices) == 2
    form = AnswerForm(
        {"answer": "40472", "pick": form.pick_choices[1][0]}, question=question("job.municipality_ags"), lang="de"
    )
    assert form.is_valid(), form.errors
    form = AnswerForm({"answer": "2099-01-01"}, question=question("candidate.qualification.obtained_on"), lang="de")
    assert not form.is_valid() and "in der Zukunft" in form.errors["answer"][0]


def test_the_job_is_one_occupation_search(client):
    from lotse.navigator.forms import AnswerForm
    from lotse.rules.interview import question

    q = question("job")
    form = AnswerForm({"kind": "employment", "answer": "Pflegefachkraft"}, question=q, lang="de")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["value"] == {
        "kind": "employment",
        "occupation": "pflegefachfrau",
        "isco": "2221",
        "qualified": True,
    }
    form = AnswerForm({"kind": "employment", "answer": "Ingenieur"}, question=q, lang="de")
    assert form.is_valid() and form.cleaned_data["value"]["occupation"] == "ingenieur"
    form = AnswerForm({"kind": "employment", "answer": "Mechaniker"}, question=q, lang="de")
    assert not form.is_valid() and len(form.pick_choices) > 1
    form = AnswerForm({"kind": "employment", "answer": "2431"}, question=q, lang="de")
    assert form.is_valid() and form.cleaned_data["value"]["occupation"] == "isco-2431"
    form = AnswerForm({"kind": "none", "answer": ""}, question=q, lang="de")
    assert form.is_valid() and form.cleaned_data["value"]["kind"] == "none"
    form = AnswerForm({"kind": "employment", "answer": "Qzxwv"}, question=q, lang="de")
    assert not form.is_valid() and "kennen wir keinen Beruf" in form.errors["answer"][0]
    response = client.get(reverse("navigator:job_search"), {"answer": "koch"})
    assert response.status_code == 200 and "Koch" in response.content.decode()


def test_back_and_change_keep_answers(client, small_gemeinden):
    client.post(reverse("navigator:reset"))
    answer(client, "candidate.citizenship", "IN")
    answer(client, "job", {"kind": "employment", "answer": "Koch"})
    page = client.get(reverse("navigator:question", args=["job"])).content.decode()
    assert re.search(r'value="employment"[^>]*checked', page) and 'value="Koch/Köchin"' in page
    answer(client, "job", {"kind": "none"})
    assert client.session["navigator"]["answers"]["job"]["kind"] == "none"
    answer(client, "job", {"kind": "employment", "answer": "Koch"})
    assert client.session["navigator"]["answers"]["candidate.citizenship"] == ["IN"]


def test_incomplete_profile_names_what_is_missing(client, small_gemeinden):
    walk(client, {"candidate.citizenship": "PH", "job": {"kind": "employment", "answer": "Pflegefachkraft"}})
    page = client.get(reverse("navigator:result")).content.decode()
    assert "Was noch fehlt" in page and "Angaben fehlen" in page
    assert DONT_KNOW not in page


def test_saved_link_is_unguessable_and_holds_no_names(client, small_gemeinden):
    walk(client, {**BLUE_CARD, "job.municipality_ags": "40822"})
    client.post(reverse("navigator:save"), {"then": "link"})
    saved = SavedResult.objects.get()
    assert client.get(reverse("navigator:saved", args=[saved.token])).status_code == 200
    assert client.get(reverse("navigator:saved", args=[saved.token[:-1] + "x"])).status_code == 404
    assert "name" not in str(saved.assessment_input).lower()


def test_unknown_citizenship_is_explained_instead_of_looping(client, small_gemeinden):
    asked = walk(client, {})
    assert asked == ["candidate.citizenship"]
    page = client.get(reverse("navigator:result"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ohne Staatsangehörigkeit können wir noch nichts prüfen" in text
    assert reverse("navigator:question", args=["candidate.citizenship"]) in text
