"""The case timeline as data: each entry (`Activity`) stores a `code` and its `params`; this module turns them into
a sentence in the reader's language when the page is rendered. See docs/decisions/0100-timeline-as-data.md.

Writers never compose sentences: they call `CaseChange.timeline(code, …)` (lotse.cases.services.common) with
keys, dates and ids. Each code's message is a German msgid with named placeholders (translated in
lotse/cases/locale/en); each placeholder has a resolver that turns the stored value into words of the active
language (an event key into its label, an ISO date into the local short format, …). Free text an adviser typed
(notes, task titles, handover notes) is stored as typed and shown as typed.

Codes are stable: never rename one that rows may hold; add a new one instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lotse.cases import config
from lotse.cases.config_labels import translated

# Free text, stored under params["text"] and shown as it was written (adviser notes; rows of unknown wording that
# the data migration could not read back into a code).
NOTE = "note"
LEGACY = "legacy"
FREE_TEXT_CODES = (NOTE, LEGACY)

MESSAGES: dict[str, object] = {
    "case.opened": _("Fall eröffnet: %(case_type)s"),
    "case.event": _("%(event)s (%(date)s)"),
    "case.closed": _("Fall %(case_status)s"),
    "case.handover": _("Zuständigkeit übergeben an %(team)s"),
    "case.handover_note": _("Übergabenotiz: %(note)s"),
    "case.candidate_added": _("Weitere Fachkraft zum Fall hinzugefügt"),
    "case.waiting": _("Wartet auf eine Behörde"),
    "case.waiting_ended": _("Wartet nicht mehr auf eine Behörde"),
    "task.created": _("Aufgabe angelegt: %(title)s"),
    "task.done": _("Aufgabe erledigt: %(title)s"),
    "power_of_attorney.recorded": _("%(power)s erfasst (%(date)s)"),
    "power_of_attorney.revoked": _("%(power)s widerrufen (%(date)s)"),
    "document.received": _("Dokument eingegangen: %(document)s"),
    "document.status": _("Dokument %(document_status)s: %(document)s"),
    "deadline.overdue": _("Frist überschritten: %(timer)s (fällig %(due_on)s)"),
    "deadline.deemed": _("Zustimmung gilt als erteilt (%(legal_reference)s): %(timer)s – keine Antwort bis %(due_on)s"),
    "case.reassessed": _("Neubewertung nach geänderten Rechtsparametern (Stichtag %(date)s): %(changes)s"),
    # Written by lotse.workspace (the exchange between employer and adviser):
    "document.requested": _("Unterlage beim Unternehmen angefordert: %(document)s"),
    "message.from_employer": _("Nachricht des Unternehmens"),
    "message.from_advice": _("Nachricht der Beratung"),
    # Written by lotse.welcome through lotse.cases.services.external.timeline_entry:
    "welcome.plan_created": _("Willkommensplan angelegt (Ankunft %(arrival)s)"),
    "welcome.task_done": _("Willkommensplan: %(task)s – erledigt"),
    "welcome.task_reopened": _("Willkommensplan: %(task)s – wieder offen"),
    "welcome.notice_created": _("Hinweis nach § 45c AufenthG (Faire Integration) erstellt"),
    "welcome.notice_handed_over": _("Hinweis nach § 45c AufenthG übergeben am %(date)s (%(how)s)"),
}

CODES = frozenset(MESSAGES) | frozenset(FREE_TEXT_CODES)


def _english() -> bool:
    return (translation.get_language() or "de").startswith("en")


def _date(value, params) -> str:
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _case_type(value, params) -> str:
    spec = config.case_types().get(value)
    return translated(spec["label"]) if spec else str(value)


def _event(value, params) -> str:
    return translated(config.events().get(value, str(value)))


def _timer(value, params) -> str:
    spec = config.timers().get(value)
    return translated(spec["label"] if spec else params.get("timer_label", str(value)))


def _choice(model_name: str, choices: str) -> Callable:
    def resolve(value, params) -> str:
        from lotse.cases import models  # noqa: PLC0415 - the models import this module lazily, and the reverse

        enum = getattr(getattr(models, model_name), choices)
        try:
            return str(enum(value).label)
        except ValueError:
            return str(value)

    return resolve


def _document(value, params) -> str:
    """The checklist item: its label in English from the rules engine's catalogue where the key is known there,
    otherwise (and in German) the label the case's checklist carried when the entry was written."""
    if _english():
        from lotse.rules.planning import DOCUMENTS  # noqa: PLC0415

        if value in DOCUMENTS:
            return DOCUMENTS[value][1]
    return str(params.get("document_label") or value)


STATUS_WORDS = {
    "eligible": pgettext_lazy("pathway status", "möglich"),
    "needs_information": pgettext_lazy("pathway status", "Angaben fehlen"),
    "not_eligible": pgettext_lazy("pathway status", "nicht möglich"),
}


def _pathway_changes(value, params) -> str:
    """[{pathway, old, new}, …] of a re-assessment → "Blaue Karte EU (gewählter Weg): möglich → nicht möglich; …"."""
    from lotse.cases.labels import pathway_titles  # noqa: PLC0415

    titles = pathway_titles("en" if _english() else "de")
    lines = []
    for change in value or []:
        pathway = change.get("pathway", "")
        mark = str(_(" (gewählter Weg)")) if pathway == params.get("chosen") else ""
        old, new = (str(STATUS_WORDS.get(change.get(key) or "", change.get(key) or "–")) for key in ("old", "new"))
        lines.append(f"{titles.get(pathway, pathway)}{mark}: {old} → {new}")
    return "; ".join(lines)


def _welcome_task(value, params) -> str:
    from lotse.rules.welcome.plan import task_title  # noqa: PLC0415

    try:
        return task_title(str(value), "en" if _english() else "de")
    except (KeyError, ValueError):
        return str(value)


def _handed_over_how(value, params) -> str:
    from lotse.welcome.models import Notice  # noqa: PLC0415

    try:
        return str(Notice.HandedOverHow(value).label)
    except ValueError:
        return str(value)


RESOLVERS: dict[str, Callable] = {
    "date": _date,
    "due_on": _date,
    "case_type": _case_type,
    "event": _event,
    "timer": _timer,
    "case_status": _choice("Case", "Status"),
    "document_status": _choice("Document", "Status"),
    "power": _choice("PowerOfAttorney", "Kind"),
    "document": _document,
    "changes": _pathway_changes,
    "arrival": _date,
    "task": _welcome_task,
    "how": _handed_over_how,
}


def render(code: str, params: Mapping | None) -> str:
    """The entry's sentence in the active language. Never raises: an unknown code or a missing parameter shows
    the stored free text, or the code itself."""
    params = dict(params or {})
    message = MESSAGES.get(code)
    if message is None:
        return str(params.get("text", "")) or code
    values = {name: RESOLVERS.get(name, _plain)(value, params) for name, value in params.items()}
    try:
        return str(message) % values
    except (KeyError, TypeError, ValueError):
        return str(params.get("text", "")) or code


def _plain(value, params) -> str:
    return "" if value is None else str(value)


def storable(params: Mapping) -> dict:
    """The params as JSON holds them: dates as ISO strings, model instances as their primary key."""
    from django.db import models  # noqa: PLC0415

    def plain(value):
        if isinstance(value, models.Model):
            return value.pk
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if value is None or isinstance(value, bool | int | float | str):
            return value
        return str(value)

    return {str(name): plain(value) for name, value in params.items()}


def check(code: str, params: Mapping) -> None:
    """Refuse an entry the renderer could not show: an unknown code, or a placeholder without its parameter."""
    if code not in CODES:
        raise ValueError(f"unknown timeline code {code!r}; add it to lotse.cases.timeline.MESSAGES")
    if code in FREE_TEXT_CODES:
        if "text" not in params:
            raise ValueError(f"timeline code {code!r} needs params['text']")
        return
    message = str(MESSAGES[code])
    try:
        message % {name: "" for name in params}
    except KeyError as missing:
        raise ValueError(f"timeline code {code!r} needs the parameter {missing}") from None
