"""Reads the German sentences the services wrote into `Activity.text` back into a code and its parameters.

The labels below are a snapshot of lotse/cases/config/case_types.yaml and the model choices as they stood when the
sentences were written, so that this migration gives the same result whatever the configuration says later.
Notes, calls, meetings and e-mails the advisers typed become code "note" with their text; a sentence of any other
wording keeps its text under the fallback code "legacy" (shown as it is, in every language).

Backwards, the German sentence is written again from the code and its parameters.
"""

import datetime as dt
import re

from django.db import migrations

EVENTS = {
    "case_opened": "Fall eröffnet",
    "recognition_documents_complete": "Anerkennung: Unterlagen vollständig eingereicht",
    "recognition_decision_received": "Anerkennung: Bescheid erhalten",
    "zab_statement_received": "ZAB-Zeugnisbewertung erhalten",
    "fast_track_agreement_signed": "§ 81a-Vereinbarung mit der ZFE NRW unterzeichnet",
    "ba_request_submitted": "Zustimmung der BA angefragt",
    "ba_decision_received": "Zustimmung der BA erteilt oder abgelehnt",
    "preapproval_issued": "Vorabzustimmung erteilt",
    "preapproval_presented": "Vorabzustimmung bei der Auslandsvertretung vorgelegt (Terminanfrage)",
    "visa_appointment_held": "Visumtermin wahrgenommen, Antrag vollständig",
    "visa_decision_received": "Visum erteilt oder abgelehnt",
    "entry": "Einreise",
    "registration_done": "Anmeldung beim Bürgeramt",
    "residence_permit_issued": "Aufenthaltstitel erteilt",
    "work_started": "Arbeitsbeginn",
    "integration_followup_done": "Integrationsgespräch geführt",
}
CASE_TYPES = {
    "fast_track_81a": "Beschleunigtes Fachkräfteverfahren (§ 81a AufenthG)",
    "regular_visa": "Reguläres Visumverfahren",
    "opportunity_card": "Chancenkarte (§ 20a AufenthG)",
}
TIMERS = {
    "recognition": "Entscheidung der Anerkennungsstelle",
    "ba_approval": "Zustimmung der BA (gilt nach Fristablauf als erteilt)",
    "visa_appointment": "Termin bei der Auslandsvertretung",
    "visa_decision": "Entscheidung über den Visumantrag",
    "preapproval_validity": "Gültigkeit der Vorabzustimmung",
    "adviser_sla": "Nächster Schritt der Beratung (Service-Level)",
}
POWERS = {
    "worker_to_employer": "Vollmacht der Fachkraft für den Arbeitgeber (§ 81a)",
    "employer_to_authority": "Vollmacht des Arbeitgebers für die ZFE NRW (Anerkennungsverfahren)",
}
CASE_STATUS = {"open": "offen", "closed": "abgeschlossen", "withdrawn": "zurückgezogen", "rejected": "abgelehnt"}
DOCUMENT_STATUS = {"required": "angefordert", "received": "eingegangen", "checked": "geprüft", "rejected": "abgelehnt"}
FREE_TEXT_KINDS = ("note", "call", "meeting", "email")

DATE = r"(?P<date>\d{2}\.\d{2}\.\d{4})"
SIMPLE = {
    "Weitere Fachkraft zum Fall hinzugefügt": "case.candidate_added",
    "Wartet auf eine Behörde": "case.waiting",
    "Wartet nicht mehr auf eine Behörde": "case.waiting_ended",
}


def _key(labels: dict, label: str):
    return next((key for key, value in labels.items() if value == label), None)


def _iso(german: str) -> str:
    return dt.datetime.strptime(german, "%d.%m.%Y").date().isoformat()


def _german(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d.%m.%Y")


def parse(text: str, kind: str, *, document_key=lambda label: None, team_id=lambda name: None):
    """(code, params) for one old sentence; `document_key` and `team_id` look up ids by the label or name."""
    if kind in FREE_TEXT_KINDS:
        match = re.fullmatch(r"Übergabenotiz: (?P<note>.*)", text, re.DOTALL)
        if kind == "note" and match:
            return "case.handover_note", {"note": match["note"]}
        return "note", {"text": text}
    if text in SIMPLE:
        return SIMPLE[text], {}
    if match := re.fullmatch(r"Fall eröffnet: (?P<label>.+)", text):
        if key := _key(CASE_TYPES, match["label"]):
            return "case.opened", {"case_type": key}
    if match := re.fullmatch(r"Fall (?P<status>\w+)", text):
        if key := _key(CASE_STATUS, match["status"]):
            return "case.closed", {"case_status": key}
    if match := re.fullmatch(r"Zuständigkeit übergeben an (?P<team>.+)", text, re.DOTALL):
        return "case.handover", {"team": match["team"], "team_id": team_id(match["team"])}
    if match := re.fullmatch(r"Aufgabe (?P<verb>angelegt|erledigt): (?P<title>.*)", text, re.DOTALL):
        return ("task.created" if match["verb"] == "angelegt" else "task.done"), {"title": match["title"]}
    if match := re.fullmatch(r"(?P<label>.+) (?P<verb>erfasst|widerrufen) \(" + DATE + r"\)", text):
        if key := _key(POWERS, match["label"]):
            code = "power_of_attorney.recorded" if match["verb"] == "erfasst" else "power_of_attorney.revoked"
            return code, {"power": key, "date": _iso(match["date"])}
    if match := re.fullmatch(r"Dokument eingegangen: (?P<label>.+)", text, re.DOTALL):
        label = match["label"]
        return "document.received", {"document": document_key(label) or "", "document_label": label}
    if match := re.fullmatch(r"Dokument (?P<status>\w+): (?P<label>.+)", text, re.DOTALL):
        if key := _key(DOCUMENT_STATUS, match["status"]):
            label = match["label"]
            return "document.status", {
                "document_status": key,
                "document": document_key(label) or "",
                "document_label": label,
            }
    if match := re.fullmatch(r"Frist überschritten: (?P<label>.+) \(fällig " + DATE + r"\)", text):
        label = match["label"]
        return "deadline.overdue", {"timer": _key(TIMERS, label) or "", "timer_label": label, "due_on": _iso(match["date"])}
    if match := re.fullmatch(
        r"Zustimmung gilt als erteilt \((?P<ref>[^)]+)\): (?P<label>.+) – keine Antwort bis " + DATE, text
    ):
        label = match["label"]
        return "deadline.deemed", {
            "legal_reference": match["ref"],
            "timer": _key(TIMERS, label) or "",
            "timer_label": label,
            "due_on": _iso(match["date"]),
        }
    if match := re.fullmatch(r"(?P<label>.+) \(" + DATE + r"\)", text):
        if key := _key(EVENTS, match["label"]):
            return "case.event", {"event": key, "date": _iso(match["date"])}
    return "legacy", {"text": text}


def sentence(code: str, params: dict) -> str:
    """The German sentence of a code and its parameters, as the services wrote it before (for migrating back)."""
    p = params
    if code in ("note", "legacy"):
        return p.get("text", "")
    simple = {value: text for text, value in SIMPLE.items()}
    if code in simple:
        return simple[code]
    writers = {
        "case.opened": lambda: f"Fall eröffnet: {CASE_TYPES.get(p['case_type'], p['case_type'])}",
        "case.closed": lambda: f"Fall {CASE_STATUS.get(p['case_status'], p['case_status'])}",
        "case.handover": lambda: f"Zuständigkeit übergeben an {p['team']}",
        "case.handover_note": lambda: f"Übergabenotiz: {p['note']}",
        "task.created": lambda: f"Aufgabe angelegt: {p['title']}",
        "task.done": lambda: f"Aufgabe erledigt: {p['title']}",
        "power_of_attorney.recorded": lambda: f"{POWERS.get(p['power'], p['power'])} erfasst ({_german(p['date'])})",
        "power_of_attorney.revoked": lambda: f"{POWERS.get(p['power'], p['power'])} widerrufen ({_german(p['date'])})",
        "document.received": lambda: f"Dokument eingegangen: {p['document_label']}",
        "document.status": lambda: (
            f"Dokument {DOCUMENT_STATUS.get(p['document_status'], p['document_status'])}: {p['document_label']}"
        ),
        "deadline.overdue": lambda: f"Frist überschritten: {p['timer_label']} (fällig {_german(p['due_on'])})",
        "deadline.deemed": lambda: (
            f"Zustimmung gilt als erteilt ({p['legal_reference']}): {p['timer_label']} – keine Antwort bis "
            f"{_german(p['due_on'])}"
        ),
        "case.event": lambda: f"{EVENTS.get(p['event'], p['event'])} ({_german(p['date'])})",
    }
    try:
        return writers[code]()
    except (KeyError, ValueError):
        return p.get("text", "") or code


def forwards(apps, schema_editor):
    Activity = apps.get_model("cases", "Activity")
    Document = apps.get_model("cases", "Document")
    Organisation = apps.get_model("accounts", "Organisation")
    teams = {}
    for pk, name in Organisation.objects.values_list("pk", "name"):
        teams.setdefault(name, pk)
    batch = []
    rows = Activity.objects.order_by("case_id", "pk").only("pk", "case_id", "kind", "text")
    documents_case, documents = None, {}
    for row in rows.iterator(chunk_size=2000):
        if row.case_id != documents_case:
            documents_case = row.case_id
            documents = {}
            for key, label in Document.objects.filter(case_id=row.case_id).values_list("key", "label"):
                documents.setdefault(label, key)
        row.code, row.params = parse(row.text, row.kind, document_key=documents.get, team_id=teams.get)
        batch.append(row)
        if len(batch) >= 2000:
            Activity.objects.bulk_update(batch, ["code", "params"])
            batch = []
    if batch:
        Activity.objects.bulk_update(batch, ["code", "params"])


def backwards(apps, schema_editor):
    Activity = apps.get_model("cases", "Activity")
    batch = []
    for row in Activity.objects.only("pk", "code", "params").iterator(chunk_size=2000):
        row.text = sentence(row.code, row.params or {})
        batch.append(row)
        if len(batch) >= 2000:
            Activity.objects.bulk_update(batch, ["text"])
            batch = []
    if batch:
        Activity.objects.bulk_update(batch, ["text"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("cases", "0010_activity_code_params"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
