"""Case pages through the real stack: uploads, dossier, audited reads, stale edits, constant query counts."""

import datetime as dt
import io
import json
import threading
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotse.cases import services
from lotse.cases.models import Case, Document
from lotse.core.models import AuditEntry
from lotse.core.scoping import system_access
from tests.cases.conftest import make_case, new_advice_request
from tests.cases.test_reassessment import raised_thresholds  # noqa: F401 - fixture
from tests.conftest import log_in
from tests.pdfs import assert_tagged_pdf

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program cannot be run in DOS mode"


@pytest.fixture
def adviser(client, world):
    log_in(client, world["users"]["adviser_a"])
    return client


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _document(case, key="passport"):
    with system_access("test"):
        return Document.objects.get(case=case, key=key)


@pytest.mark.parametrize(
    "name,content",
    [
        ("lebenslauf.pdf", EXE),  # a Windows executable renamed to .pdf
        ("passfoto.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 40),  # ELF binary
        ("scan.pdf", b"#!/bin/sh\nrm -rf /\n"),  # a script
        ("scan.png", PDF),  # content and extension disagree
        ("aktiv.pdf", b"%PDF-1.4\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF"),
    ],
)
def test_disguised_executables_and_active_content_are_refused(adviser, cases, name, content):
    document = _document(cases["a"])
    response = adviser.post(
        reverse("cases:document", args=[document.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.storage_name == "" and document.status == "required"


def test_too_large_upload_is_refused(adviser, cases, settings):
    settings.LOTSE_CASES_MAX_UPLOAD_BYTES = 100
    document = _document(cases["a"])
    adviser.post(
        reverse("cases:document", args=[document.pk]),
        {"file": SimpleUploadedFile("pass.pdf", PDF + b" " * 200)},
    )
    document.refresh_from_db()
    assert document.storage_name == ""


def test_upload_check_download_and_dossier(adviser, cases, tmp_path):
    document = _document(cases["a"])
    adviser.post(reverse("cases:document", args=[document.pk]), {"file": SimpleUploadedFile("Pass.pdf", PDF)})
    document.refresh_from_db()
    assert document.status == "received" and document.content_type == "application/pdf"
    stored = tmp_path / "private" / "cases" / document.storage_name
    assert stored.read_bytes() == PDF and not stored.suffix
    response = adviser.get(reverse("cases:document_download", args=[document.pk]))
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    adviser.post(reverse("cases:document", args=[document.pk]), {"status": "checked"})
    other = _document(cases["a"], "cv")
    adviser.post(reverse("cases:document", args=[other.pk]), {"status": "rejected", "reason": ""})
    other.refresh_from_db()
    assert other.status == "required"  # a rejection needs a reason
    adviser.post(reverse("cases:document", args=[other.pk]), {"status": "rejected", "reason": "unleserlich"})
    other.refresh_from_db()
    assert other.status == "rejected" and other.reject_reason == "unleserlich"
    response = adviser.get(reverse("cases:dossier_zip", args=[cases["a"].pk]))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == ["00-uebersicht.pdf", "01-passport-Pass.pdf"]
    pdf = adviser.get(reverse("cases:dossier_pdf", args=[cases["a"].pk]))
    assert pdf.content.startswith(b"%PDF")
    assert_tagged_pdf(pdf.content, lang="de", title="Dossier", texts=(f"Dossier {cases['a'].reference}",))


def test_employer_cannot_download_files(client, world, cases):
    document = _document(cases["a"])
    with system_access("test"):
        services.document_upload(actor=None, document=document, uploaded=SimpleUploadedFile("p.pdf", PDF))
    log_in(client, world["users"]["employer_a"])
    assert client.get(reverse("cases:document_download", args=[document.pk])).status_code == 403


def test_reading_a_candidate_is_audited(adviser, world, cases):
    with system_access("test"):
        candidate = cases["a"].candidates.get()
    before = AuditEntry.unscoped.filter(action="candidate.view", object_id=str(candidate.pk)).count()
    assert adviser.get(reverse("cases:candidate", args=[candidate.pk])).status_code == 200
    assert adviser.get(reverse("cases:people", args=[cases["a"].pk])).status_code == 200
    assert adviser.get(reverse("cases:detail", args=[cases["a"].pk])).status_code == 200  # names only: no read
    entries = AuditEntry.unscoped.filter(action="candidate.view", object_id=str(candidate.pk))
    assert entries.count() == before + 2
    assert entries.first().actor == world["users"]["adviser_a"]


def test_employer_view_hides_internal_notes_and_shows_status(client, world, cases):
    with system_access("test"):
        services.activity_add(
            actor=world["users"]["adviser_a"],
            case=cases["a"],
            kind="note",
            text="Interner Vermerk XYZ",
            internal=True,
        )
    log_in(client, world["users"]["employer_a"])
    response = client.get(reverse("cases:detail", args=[cases["a"].pk]), follow=True)
    content = response.content.decode()
    assert "Interner Vermerk XYZ" not in content and "Priya" not in content
    assert "Nächste Schritte" in content and "Offene Unterlagen" in content


def test_stale_edit_form_is_refused_with_a_message(adviser, world, cases):
    case = cases["a"]
    with system_access("test"):
        version = Case.objects.get(pk=case.pk).version
    url = reverse("cases:edit", args=[case.pk])
    ok = adviser.post(
        url,
        {
            "version": version,
            "adviser": world["users"]["adviser_a"].pk,
            "case_type": "fast_track_81a",
            "pathway": "eu_blue_card",
        },
    )
    assert ok.status_code == 302
    stale = adviser.post(
        url,
        {"version": version, "adviser": "", "case_type": "regular_visa", "pathway": "eu_blue_card"},
        follow=True,
    )
    assert "inzwischen von jemand anderem geändert" in stale.content.decode()
    with system_access("test"):
        assert Case.objects.get(pk=case.pk).case_type == "fast_track_81a"


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_the_same_case_lose_nothing(world, assessment, require_postgres):
    """Two advisers record activities and events at the same moment: row locks serialise them."""
    case = make_case(world, assessment)
    start = threading.Barrier(2)
    errors = []

    def worker(kind):
        try:
            start.wait()
            with system_access("test"):
                for i in range(5):
                    if kind == "notes":
                        services.activity_add(actor=None, case=case, kind="note", text=f"n{i}")
                    else:
                        services.case_set_waiting(actor=None, case=case, waiting=i % 2 == 0)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(k,)) for k in ("notes", "waiting")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with system_access("test"):
        fresh = Case.objects.get(pk=case.pk)
        assert fresh.activities.filter(kind="note").count() == 5
        # 1 (open) + 5 notes + 5 waiting toggles: every change bumped the version exactly once
        assert fresh.version == 1 + 5 + 5
        assert fresh.waiting_on_authority is True


def test_export_json_contains_the_person(adviser, cases):
    with system_access("test"):
        candidate = cases["a"].candidates.get()
    response = adviser.get(reverse("cases:export", args=[candidate.pk, "json"]))
    data = json.loads(response.content)
    assert data["candidate"]["last_name"] == "Sharma" and data["cases"][0]["reference"] == cases["a"].reference
    export = adviser.get(reverse("cases:export", args=[candidate.pk, "pdf"])).content
    assert export.startswith(b"%PDF")
    assert_tagged_pdf(export, lang="de", texts=("Auskunft nach Art. 15 DSGVO", "Sharma"))
    assert AuditEntry.unscoped.filter(action="person.export").count() == 2


def test_inbox_accept_flow(adviser, world, assessment):
    with system_access("test"):
        request = new_advice_request(
            assessment,
            employer=world["orgs"]["employer_a"],
            contact_name="Petra",
            contact_email="p@a.example",
        )
    assert b"Petra" in adviser.get(reverse("cases:inbox")).content
    response = adviser.post(
        reverse("cases:request", args=[request.pk]),
        {
            "action": "accept",
            "employer": world["orgs"]["employer_a"].pk,
            "pathway": "eu_blue_card",
            "case_type": "fast_track_81a",
            "team": world["orgs"]["ra_a"].pk,
            "candidate_first_name": "Ravi",
            "candidate_last_name": "Kumar",
        },
    )
    assert response.status_code == 302
    detail = adviser.get(response["Location"])
    assert b"Ravi Kumar" in detail.content


def test_company_duplicate_warning_page(adviser, world, small_gemeinden):
    url = reverse("cases:company_new")
    response = adviser.post(url, {"name": "Metall A gmbh", "postcode": "40822"})
    assert "gibt es vermutlich schon" in response.content.decode()


def test_company_place_is_resolved_by_the_service_with_a_clear_error(adviser, world, small_gemeinden):
    with system_access("test"):
        assert services.company_place(postcode="40822").name.startswith("Mettmann")
        with pytest.raises(services.UnclearPlace) as shared:
            services.company_place(postcode="40721")  # Düsseldorf and Hilden share it
        assert len(shared.value.candidates) > 1 and "mehreren Gemeinden" in str(shared.value)
        chosen = shared.value.candidates[0]
        assert services.company_place(postcode="40721", chosen_ags=chosen.ags) == chosen
        with pytest.raises(services.UnclearPlace):
            services.company_place(postcode="99999")
    page = adviser.post(reverse("cases:company_new"), {"name": "Neu GmbH", "postcode": "40721"})
    assert page.status_code == 200 and "mehreren Gemeinden" in page.content.decode()


@pytest.mark.parametrize("name", ["cases:list", "cases:dashboard", "cases:my_tasks", "cases:inbox"])
def test_query_count_does_not_grow_with_rows(adviser, world, assessment, name):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert adviser.get(reverse(name)).status_code == 200
        return len(ctx)

    def add(n):
        for _ in range(n):
            case = make_case(world, assessment)
            with system_access("t"):
                services.task_create(
                    actor=None,
                    case=case,
                    title="t",
                    due_on=dt.date(2026, 3, 9),
                    assignee=world["users"]["adviser_a"],
                )

    add(2)  # a page with rows (an empty page needs no row query at all)
    count()  # fills the filter choices kept for a minute
    few = count()
    add(8)
    assert count() == few


@pytest.mark.parametrize("tab", ["detail", "documents", "people", "tasks", "timeline", "edit"])
def test_case_page_query_count_is_constant(adviser, world, assessment, cases, tab):
    url = reverse(f"cases:{tab}", args=[cases["a"].pk])
    with CaptureQueriesContext(connection) as first:
        adviser.get(url)
    with system_access("t"):
        for i in range(10):
            services.activity_add(actor=None, case=cases["a"], kind="note", text=str(i))
            services.task_create(actor=None, case=cases["a"], title=str(i), due_on=None)
    with CaptureQueriesContext(connection) as second:
        adviser.get(url)
    assert len(second) == len(first)


def test_overview_reads_welcome_and_reassessment_rows_only_for_a_case_that_has_them(
    adviser, world, cases, raised_thresholds  # noqa: F811
):
    """Most cases have neither welcome plans, § 45c notices nor a re-assessment that changed something: their
    overview reads none of those tables (the case says so: `welcome_items`, `last_reassessment`). Made through the
    services, all three are counted and shown, and older re-assessments without a change do not hide the last one
    with a change."""
    from lotse.cases.models import ReassessmentRun
    from lotse.cases.services import reassessment
    from lotse.rules.welcome.plan import Situation
    from lotse.welcome import services as welcome

    case = cases["a"]
    url = reverse("cases:detail", args=[case.pk])
    tables = ("welcome_welcomeplan", "welcome_notice", "cases_casereassessment")

    def page_and_reads():
        with CaptureQueriesContext(connection) as ctx:
            page = adviser.get(url).content.decode()
        return page, {t for q in ctx.captured_queries for t in tables if f'FROM "{t}"' in q["sql"]}

    page, reads = page_and_reads()
    assert reads == set()
    assert "Noch kein Willkommensplan zu diesem Fall." in page and 'data-testid="reassessment"' not in page

    actor = world["users"]["adviser_a"]
    with system_access("t"):
        plan = welcome.plan_save(
            actor=actor,
            organisation=case.employer,
            situation=Situation(pathway="eu_blue_card", arrival=dt.date(2026, 9, 1)),
            work_ags="05158024",
            residence_ags="05158024",
            title="Ankunft Frau Sharma",
            lang="de",
            case=case,
        )
        welcome.notice_save(
            actor=actor,
            organisation=case.employer,
            plan=plan,
            employer_name="Metall A GmbH",
            worker_name="Priya Sharma",
            workplace_ags="05158024",
            first_working_day=None,
            office_id="faire-integration-duesseldorf",
            office_contact="",
        )
        raised_thresholds()
        reassessment.reassessment_run(reassessment.reassessment_start(reason=ReassessmentRun.Reason.MANUAL))
        # a later run finds nothing new: the overview keeps showing the change
        reassessment.reassessment_run(reassessment.reassessment_start(reason=ReassessmentRun.Reason.MANUAL))
        case.refresh_from_db()
    assert case.welcome_items == 2 and case.last_reassessment.changes

    page, reads = page_and_reads()
    assert reads == set(tables)
    assert "Ankunft Frau Sharma" in page and 'data-testid="case-notice"' in page
    assert 'data-testid="reassessment"' in page and "nicht möglich" in page


def test_invalid_form_comes_back_on_its_tab_with_what_was_typed(adviser, world, cases):
    url = reverse("cases:tasks", args=[cases["a"].pk])
    response = adviser.post(url, {"title": "Zeugnisse von Frau Sharma anfordern", "due_on": "31.02.2026"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-current="page">Aufgaben<' in page
    assert 'value="Zeugnisse von Frau Sharma anfordern"' in page
    assert 'id="id_due_on-error"' in page and 'value="31.02.2026"' in page
    with system_access("t"):
        assert not cases["a"].tasks.exists()

    note = "Telefonat mit der ZAB: Bescheid kommt in zwei Wochen."
    response = adviser.post(reverse("cases:timeline", args=[cases["a"].pk]), {"kind": "", "text": note})
    assert response.status_code == 400 and note in response.content.decode()


def test_case_list_counts_without_the_joins_its_rows_need(adviser, world, cases):
    """The page count runs over every case of the region: joining company and team there cost 5 ms on 8,700."""
    with CaptureQueriesContext(connection) as ctx:
        page = adviser.get(reverse("cases:list")).content.decode()
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] and "cases_case" in q["sql"]]
    assert counts and all("accounts_organisation" not in sql for sql in counts)
    assert f">{world['orgs']['employer_a'].name}</td>" in page  # the rows still carry the company's name


def test_candidate_names_in_list_and_overview_follow_scope_and_anonymisation(client, world, cases):
    case = cases["a"]
    with system_access("t"):
        first = case.candidates.get()
        services.case_add_candidate(actor=None, case=case, first_name="Arjun", last_name="Mehta", citizenship="IN")
        services.person_erase(actor=None, candidate=first, mode="anonymise")
    log_in(client, world["users"]["adviser_a"])
    for url in (reverse("cases:list"), reverse("cases:detail", args=[case.pk])):
        page = client.get(url).content.decode()
        assert "Arjun Mehta" in page and "anonymisiert" in page and "Priya" not in page, url
    # The employer sees neither: no consent to share (the scope of the candidate table applies).
    log_in(client, world["users"]["employer_a"])
    listing = client.get(reverse("cases:list")).content.decode()
    assert case.reference in listing and "Arjun" not in listing and "anonymisiert" not in listing


def test_filter_form_shows_the_open_default_and_keeps_what_was_typed(adviser, world, cases):
    page = adviser.get(reverse("cases:list")).content.decode()
    assert '<option value="open" selected>' in page  # the list shows open cases, and the filter says so
    again = adviser.get(reverse("cases:list")).content.decode()  # from the kept copy of the empty form
    assert '<option value="open" selected>' in again and 'name="q"' in again
    filtered = adviser.get(reverse("cases:list"), {"q": "Metall <b>", "status": ""}).content.decode()
    assert 'value="Metall &lt;b&gt;"' in filtered and '<option value="" selected>' in filtered


def test_event_form_keeps_its_fields_and_comes_back_with_errors(adviser, world, cases):
    url = reverse("cases:detail", args=[cases["a"].pk])
    for _ in range(2):  # the second page is served from the kept copy of the empty fields
        page = adviser.get(url).content.decode()
        assert 'name="kind"' in page and f'value="{timezone.localdate().isoformat()}"' in page
    response = adviser.post(reverse("cases:event", args=[cases["a"].pk]), {"kind": "", "occurred_on": "31.02.2026"})
    page = response.content.decode()
    assert response.status_code == 400 and 'value="31.02.2026"' in page and 'id="id_occurred_on-error"' in page
