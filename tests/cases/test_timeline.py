"""The timeline as data: entries store a code and parameters, pages render them in the reader's language, and the
data migration reads the old German sentences back into codes."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from lotse.cases import config, config_labels, services, timeline
from lotse.cases.models import Activity, Case, Document, PowerOfAttorney
from lotse.cases.services import common
from lotse.core.scoping import system_access
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

D = dt.date
MIGRATION = importlib.import_module("lotse.cases.migrations.0011_activity_text_to_code")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """A request in English leaves English active in this thread; later tests expect the default again."""
    yield
    translation.deactivate()


def test_every_configuration_label_is_marked_for_translation():
    labels = set(config_labels.LABELS)
    yaml_labels = (
        set(config.events().values())
        | {spec["label"] for spec in config.timers().values()}
        | {spec["label"] for spec in config.case_types().values()}
        | {step["label"] for spec in config.case_types().values() for step in spec["steps"]}
    )
    assert yaml_labels - labels == set()


def test_every_message_and_label_has_english():
    import re

    for code, message in timeline.MESSAGES.items():
        with translation.override("de"):
            german = str(message)
        with translation.override("en"):
            english = str(message)
        if re.search(r"[^\W\d_]", re.sub(r"%\(\w+\)s", "", german)):  # words besides the placeholders
            assert english != german, code
    with translation.override("en"):
        for label in config_labels.LABELS:
            assert config_labels.translated(label) != label, label


def test_reassessment_entry_in_both_languages():
    params = timeline.storable(
        {
            "date": D(2027, 1, 1),
            "changes": [{"pathway": "eu_blue_card", "old": "eligible", "new": "not_eligible"}],
            "chosen": "eu_blue_card",
        }
    )
    assert params["changes"][0] == {"pathway": "eu_blue_card", "old": "eligible", "new": "not_eligible"}
    with translation.override("de"):
        assert timeline.render("case.reassessed", params) == (
            "Neubewertung nach geänderten Rechtsparametern (Stichtag 01.01.2027): "
            "Blaue Karte EU (gewählter Weg): möglich → nicht möglich"
        )
    with translation.override("en"):
        english = timeline.render("case.reassessed", params)
    assert english.startswith("Re-assessed after changed legal parameters (as of 1 Jan 2027): ")
    assert "(chosen pathway): possible → not possible" in english and "Blaue Karte" not in english


def test_entries_of_welcome_and_workspace_in_both_languages():
    entries = {
        "document.requested": {"document": "passport", "document_label": "Reisepass"},
        "message.from_employer": {"message": 1},
        "welcome.plan_created": {"plan": 1, "arrival": "2026-08-01"},
        "welcome.task_done": {"plan": 1, "task": "registration"},
        "welcome.notice_created": {"notice": 2},
        "welcome.notice_handed_over": {"notice": 2, "date": "2026-08-03", "how": "contract"},
    }
    with translation.override("de"):
        german = {code: timeline.render(code, params) for code, params in entries.items()}
    with translation.override("en"):
        english = {code: timeline.render(code, params) for code, params in entries.items()}
    assert german["welcome.plan_created"] == "Willkommensplan angelegt (Ankunft 01.08.2026)"
    assert german["welcome.notice_handed_over"] == (
        "Hinweis nach § 45c AufenthG übergeben am 03.08.2026 (als Anlage zum Arbeitsvertrag)"
    )
    assert english["welcome.plan_created"] == "Welcome plan created (arrival 1 Aug 2026)"
    assert english["welcome.task_done"].startswith("Welcome plan: ") and english["welcome.task_done"].endswith("done")
    assert english["welcome.notice_handed_over"].startswith("Notice under § 45c AufenthG handed over on 3 Aug 2026")
    assert all(english[code] != german[code] for code in entries)


def test_unknown_code_and_missing_parameter_are_refused_when_written(world, cases):
    with system_access("test"), pytest.raises(ValueError, match="unknown timeline code"):
        with common.case_change(cases["a"], actor=world["users"]["adviser_a"]) as change:
            change.timeline("case.reopened", kind="system")
    with system_access("test"), pytest.raises(ValueError, match="needs the parameter"):
        with common.case_change(cases["a"], actor=world["users"]["adviser_a"]) as change:
            change.timeline("task.done", kind="task")
    assert timeline.render("no.such.code", {"text": "alt"}) == "alt"
    assert timeline.render("task.done", {}) == "task.done"  # never a 500 for a damaged row


def test_case_change_bumps_the_version_once_and_writes_entry_and_audit(world, cases):
    from lotse.core.models import AuditEntry

    adviser = world["users"]["adviser_a"]
    with system_access("test"):
        version = Case.objects.get(pk=cases["a"].pk).version
        before = AuditEntry.unscoped.count()
        services.task_create(actor=adviser, case=cases["a"], title="Pass anfordern", due_on=None)
        case = Case.objects.get(pk=cases["a"].pk)
        assert case.version == version + 1
        assert AuditEntry.unscoped.count() == before + 1
        entry = Activity.objects.filter(case=case).first()
        assert (entry.code, entry.params, entry.kind) == ("task.created", {"title": "Pass anfordern"}, "task")
        # A change that changes nothing leaves the version alone.
        services.case_set_waiting(actor=adviser, case=case, waiting=False)
        assert Case.objects.get(pk=case.pk).version == version + 1
        # A refused change writes nothing.
        with pytest.raises(services.CaseRuleError):
            services.power_of_attorney_revoke(
                actor=adviser,
                poa=services.power_of_attorney_record(
                    actor=adviser, case=case, kind="worker_to_employer", granted_on=D(2026, 3, 3)
                ),
                revoked_on=D(2026, 3, 1),
            )
        assert not Activity.objects.filter(case=case, code="power_of_attorney.revoked").exists()


def _work_a_case(world, case) -> Case:
    """Every kind of system entry the services write, on one case."""
    adviser = world["users"]["adviser_a"]
    with system_access("test"):
        services.case_record_event(actor=adviser, case=case, kind="ba_request_submitted", occurred_on=D(2026, 3, 3))
        services.case_set_waiting(actor=adviser, case=case, waiting=True)
        services.case_set_waiting(actor=adviser, case=case, waiting=False)
        task = services.task_create(actor=adviser, case=case, title="Pass anfordern", due_on=None)
        services.task_complete(actor=adviser, task=task)
        poa = services.power_of_attorney_record(
            actor=adviser, case=case, kind=PowerOfAttorney.Kind.WORKER_TO_EMPLOYER, granted_on=D(2026, 3, 3)
        )
        services.power_of_attorney_revoke(actor=adviser, poa=poa, revoked_on=D(2026, 3, 5))
        documents = list(Document.objects.filter(case=case).order_by("id"))
        services.document_upload(
            actor=adviser, document=documents[0], uploaded=SimpleUploadedFile("pass.pdf", PDF, "application/pdf")
        )
        services.document_set_status(actor=adviser, document=documents[0], status="checked")
        services.document_set_status(actor=adviser, document=documents[1], status="rejected", reason="unleserlich")
        services.case_add_candidate(actor=adviser, case=case, first_name="Ravi", last_name="Iyer")
        services.deadlines_check(on=D(2026, 6, 1))  # BA approval deemed given, the service level overdue
        services.case_handover(actor=adviser, case=case, to_team=world["orgs"]["fai"], note="Bitte übernehmen")
        services.case_close(actor=world["users"]["fai"], case=case, status="closed", on=D(2026, 6, 2))
        return Case.objects.get(pk=case.pk)


def test_english_case_pages_show_no_german_timeline_entries(client, world, cases, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = _work_a_case(world, cases["a"])
    with system_access("test"):
        entries = list(Activity.objects.filter(case=case))
    codes = {entry.code for entry in entries}
    # every message of case work is on the page (the re-assessment's, welcome's and the workspace's: below)
    others = {"case.reassessed", "document.requested", "message.from_employer", "message.from_advice"}
    assert {code for code in set(timeline.MESSAGES) - codes if not code.startswith("welcome.")} == others
    with translation.override("de"):
        german = {entry.pk: entry.message for entry in entries if entry.code in timeline.MESSAGES}
    with translation.override("en"):
        english = {entry.pk: entry.message for entry in entries if entry.code in timeline.MESSAGES}

    log_in(client, world["users"]["fai"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("cases:timeline", args=[case.pk]))
    assert page.status_code == 200 and page.headers["Content-Language"] == "en"
    content = page.content.decode()
    import html

    text = html.unescape(content)
    for pk, sentence in german.items():
        assert english[pk] in text
        if english[pk] != sentence:
            assert sentence not in text, sentence
    for word in ("Fall eröffnet", "Frist überschritten", "Zustimmung gilt als erteilt", "Dokument", "Aufgabe "):
        assert word not in text.split('id="timeline"')[1], word

    log_in(client, world["users"]["employer_a"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = html.unescape(client.get(reverse("cases:detail", args=[case.pk])).content.decode())
    assert "Case opened: Fast-track procedure for skilled workers" in text
    assert "Fall eröffnet" not in text and "Dokument eingegangen" not in text


def test_german_sentences_read_back_into_the_same_code(world, cases, settings, tmp_path):
    """What the data migration does with each sentence the services used to write: rendered in German, every
    entry the services write today parses back into its own code and parameters."""
    settings.MEDIA_ROOT = tmp_path
    case = _work_a_case(world, cases["a"])
    with system_access("test"):
        documents = {d.label: d.key for d in Document.objects.filter(case=case)}
        entries = list(Activity.objects.filter(case=case))
    teams = {world["orgs"]["fai"].name: world["orgs"]["fai"].pk}
    with translation.override("de"):
        for entry in entries:
            code, params = MIGRATION.parse(entry.message, entry.kind, document_key=documents.get, team_id=teams.get)
            assert (code, params) == (entry.code, entry.params), entry.message
            assert MIGRATION.sentence(code, params) == entry.message
    assert MIGRATION.parse("Rückruf vereinbart", "call") == ("note", {"text": "Rückruf vereinbart"})
    assert MIGRATION.parse("Akte aus dem Altsystem übernommen", "system") == (
        "legacy",
        {"text": "Akte aus dem Altsystem übernommen"},
    )


@pytest.mark.django_db(transaction=True)
def test_data_migration_converts_existing_rows(world, cases):
    """Migrate back to the text column, write rows as the old services did, migrate forward: codes and
    parameters, the free texts kept, unknown wording under the fallback code."""
    before, after = [("cases", "0009_reassessment")], [("cases", "0012_remove_activity_text")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldActivity = old.get_model("cases", "Activity")
    case_id = cases["a"].pk
    # The entry the case's opening wrote survived the way back as its German sentence.
    assert OldActivity.objects.filter(case_id=case_id, text__startswith="Fall eröffnet: Beschleunigtes").exists()
    label = old.get_model("cases", "Document").objects.filter(case_id=case_id).order_by("id").first()
    rows = {
        "event": ("milestone", "Zustimmung der BA angefragt (03.03.2026)"),
        "overdue": (
            "system",
            "Frist überschritten: Nächster Schritt der Beratung (Service-Level) (fällig 16.03.2026)",
        ),
        "document": ("file", f"Dokument abgelehnt: {label.label}"),
        "note": ("note", "Übergabenotiz: Bitte übernehmen"),
        "call": ("call", "Mit Frau Sharma telefoniert"),
        "unknown": ("system", "Akte aus dem Altsystem übernommen"),
    }
    ids = {
        name: OldActivity.objects.create(case_id=case_id, kind=kind, text=text, internal=True).pk
        for name, (kind, text) in rows.items()
    }
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    # Forward to the latest state of every app again, so that later tests find the schema they expect.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    def stored(name):
        entry = Activity.unscoped.get(pk=ids[name])
        return entry.code, entry.params

    assert stored("event") == ("case.event", {"event": "ba_request_submitted", "date": "2026-03-03"})
    assert stored("overdue") == (
        "deadline.overdue",
        {
            "timer": "adviser_sla",
            "timer_label": "Nächster Schritt der Beratung (Service-Level)",
            "due_on": "2026-03-16",
        },
    )
    assert stored("document") == (
        "document.status",
        {"document_status": "rejected", "document": label.key, "document_label": label.label},
    )
    assert stored("note") == ("case.handover_note", {"note": "Bitte übernehmen"})
    assert stored("call") == ("note", {"text": "Mit Frau Sharma telefoniert"})
    assert stored("unknown") == ("legacy", {"text": "Akte aus dem Altsystem übernommen"})
    with translation.override("de"):
        assert Activity.unscoped.get(pk=ids["event"]).message == "Zustimmung der BA angefragt (03.03.2026)"
    with translation.override("en"):
        assert Activity.unscoped.get(pk=ids["event"]).message == (
            "Approval of the Federal Employment Agency (BA) requested (3 Mar 2026)"
        )
        assert Activity.unscoped.get(pk=ids["unknown"]).message == "Akte aus dem Altsystem übernommen"
    opened = Activity.unscoped.filter(case_id=case_id, code="case.opened").get()
    assert opened.params == {"case_type": "fast_track_81a"}
