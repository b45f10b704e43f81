"""Turns an assessment and the interview answers into what the result page and the PDF show."""

from __future__ import annotations

import datetime as dt

from django.utils import formats, translation

from lotse.navigator import selectors
from lotse.rules.interview import DONT_KNOW, NO_JOB, field_questions, question, questions

STATUS_ORDER = {"eligible": 0, "needs_information": 1, "not_eligible": 2}
STATUS_LABELS = {
    "de": {"eligible": "Möglich", "needs_information": "Angaben fehlen", "not_eligible": "Nicht möglich"},
    "en": {"eligible": "Possible", "needs_information": "Information missing", "not_eligible": "Not possible"},
}
RESULT_LABELS = {
    "de": {"met": "erfüllt", "not_met": "nicht erfüllt", "unknown": "offen"},
    "en": {"met": "met", "not_met": "not met", "unknown": "open"},
}


VARIANTS = {
    "standard": ("Regelfall", "standard"),
    "shortage_occupation": ("Engpassberuf", "shortage occupation"),
    "career_starter": ("Berufseinsteiger", "career starter"),
    "it_specialist": ("IT-Fachkraft ohne Hochschulabschluss", "IT specialist without degree"),
    "skilled_worker": ("als anerkannte Fachkraft", "as a recognised skilled worker"),
    "points": ("Punktesystem", "points system"),
    "salary": ("Gehaltsschwelle", "salary threshold"),
    "collective_agreement": ("Tarifbindung", "collective agreement"),
}


def _t(lang: str, german: str, english: str) -> str:
    return english if lang == "en" else german


def _number(value, lang: str) -> str:
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}"
    else:
        text = f"{int(value):,}"
    return text if lang == "en" else text.replace(",", "\0").replace(".", ",").replace("\0", ".")


# Labels of input paths that no question asks itself (the engine names them in "missing").
EXTRA_FIELDS = {
    "job": ("Konkretes Arbeitsplatzangebot", "Concrete job offer"),
    "job.kind": ("Art des Angebots (Arbeitsstelle oder Ausbildungsplatz)", "Kind of offer (job or training place)"),
    "job.isco": ("Beruf der Stelle", "Occupation of the position"),
    "candidate.qualification.profession": ("Beruf der Qualifikation", "Occupation of the qualification"),
    "candidate.qualification.country": ("Staat, in dem der Abschluss erworben wurde", "Country of the qualification"),
    "opportunity_card.points": ("Punkte der Chancenkarte", "Opportunity-card points"),
}


def _part(path: str):
    """(question, part or None) that asks for an input path."""
    ids = field_questions().get("candidate.citizenship" if path == "candidate.citizenships" else path, ())
    if not ids:
        return None, None
    q = question(ids[0])
    part = next((part for part in q.parts if part.field == path), None)
    return q, part


def field_label(path: str, lang: str) -> str:
    """What an input path is called in the reader's language, for "missing" and "what would change"."""
    if path in EXTRA_FIELDS:
        return _t(lang, *EXTRA_FIELDS[path])
    q, part = _part(path)
    if part is not None:
        return part.label(lang)
    if q is not None:
        return q.label(lang)
    return path


def field_question(path: str) -> str | None:
    """The question id to open for an input path (to answer what is missing)."""
    q, _part_ = _part(path)
    return q.id if q is not None else None


def value_label(path: str, value, lang: str) -> str:
    """A value of an input path as words: choices by their label, yes/no, countries and occupations by name."""
    if isinstance(value, bool):
        return _t(lang, "ja", "yes") if value else _t(lang, "nein", "no")
    if path in ("job.occupation", "candidate.qualification.occupation"):
        return selectors.job_title(value, lang) or str(value)
    if path == "candidate.qualification.profession":
        return profession_title(value, lang)
    if path.endswith("citizenship") or path.endswith("country"):
        return selectors.country_name(value, lang)
    q, part = _part(path)
    choices = part.choices(lang) if part is not None and part.kind in ("choice", "boolean") else []
    if not choices and q is not None and q.kind in ("choice", "boolean", "qualification", "job"):
        choices = q.choices(lang)
    for option, label in choices:
        if option == value:
            return label
    if isinstance(value, int | float):
        return _number(value, lang)
    return str(value)


def profession_title(key: str | None, lang: str) -> str:
    from lotse.rules.professions import profession

    entry = profession(key) if key else None
    return entry["title"]["en" if lang == "en" else "de"] if entry else _t(lang, "anderer Beruf", "other occupation")


def _date(iso: str, lang: str) -> str:
    """An ISO date as the reader's language writes it: 03.12.2026, 3 Dec 2026 (ADR 0190)."""
    with translation.override(lang):
        return formats.date_format(dt.date.fromisoformat(iso), "SHORT_DATE_FORMAT")


def _euro(value, lang: str) -> str:
    return f"€{_number(value, lang)}" if lang == "en" else f"{_number(value, lang)} €"


def answer_display(qid: str, value, lang: str, place: dict | None = None) -> str:
    q = question(qid)
    if value == DONT_KNOW:
        return _t(lang, "Weiß ich noch nicht", "Don't know yet")
    if q.kind == "country":
        codes = value if isinstance(value, list) else [value]
        return ", ".join(selectors.country_name(code, lang) for code in codes)
    if q.kind == "job":
        if value.get("kind") == NO_JOB:
            return _t(lang, "Noch keine konkrete Stelle", "No concrete position yet")
        title = selectors.job_title(value.get("occupation"), lang) or (
            f"ISCO {value['isco']}" if value.get("isco") else _t(lang, "Beruf offen", "occupation open")
        )
        if value.get("kind") == "vocational_training":
            return _t(lang, f"Ausbildungsplatz: {title}", f"Training place: {title}")
        return title
    if q.kind == "qualification":
        level = value_label("candidate.qualification.level", value.get("level"), lang)
        if value.get("level") not in ("academic", "vocational"):
            return level
        if value.get("matches"):
            return _t(lang, f"{level}, im Beruf der Stelle", f"{level}, in the position's occupation")
        title = selectors.job_title(value.get("occupation"), lang)
        return f"{level}, {title}" if title else level
    if q.kind == "group":
        shown = [
            f"{part.label(lang)}: {_part_value(part, value.get(part.field), lang)}"
            for part in q.parts
            if value.get(part.field) is not None
        ]
        return "; ".join(shown) or _t(lang, "Weiß ich noch nicht", "Don't know yet")
    if q.kind == "occupation":
        return selectors.job_title(value, lang) or _t(lang, "Keine davon", "None of these")
    if q.kind in ("choice", "boolean"):
        return dict(q.choices(lang)).get(value, str(value))
    if q.kind == "duration":
        return (
            _t(lang, "Unbefristet", "Open-ended") if value is None else _t(lang, f"{value} Monate", f"{value} months")
        )
    if q.kind == "place":
        return (place or {}).get("label") or value
    if q.kind == "date":
        return _date(value, lang)
    if qid == "job.annual_gross_salary_eur":
        return _euro(value, lang)
    return _number(value, lang) if isinstance(value, int | float) else str(value)


def _part_value(part, value, lang: str) -> str:
    if part.kind in ("boolean", "choice"):
        return dict(part.choices(lang)).get(value, str(value))
    return _number(value, lang) if isinstance(value, int | float) else str(value)


def change_text(change: dict, lang: str) -> str:
    """'Jahresgehalt – mindestens 45.934,20 €' from {"field": "job.annual_gross_salary_eur", "minimum": 45934.2};
    values and hints in words, never as codes."""
    path = change.get("field", "")
    label = field_label(path, lang)
    hint = change.get("hint")
    if "minimum" in change:
        minimum = change["minimum"]
        if path == "job.annual_gross_salary_eur" and isinstance(minimum, int | float):
            minimum = _euro(float(minimum) if not float(minimum).is_integer() else int(minimum), lang)
        elif isinstance(minimum, int | float):
            minimum = _number(minimum, lang)
        text = _t(lang, f"{label} – mindestens {minimum}", f"{label} – at least {minimum}")
        return f"{text} ({hint})" if hint else text
    if "value" in change:
        value = change["value"]
        if isinstance(value, dict):  # e.g. {"kind": "employment"} for "a job offer"
            return hint or label
        text = f"{label}: {value_label(path, value, lang)}"
        return f"{text} – {hint}" if hint else text
    if "options" in change:
        return change.get("explanation") or label
    extra = change.get("explanation") or change.get("note") or ""
    return f"{label} {extra}".strip()


def _weeks(items: list[dict]) -> tuple[int, int]:
    low = sum(item["min_weeks"] or 0 for item in items)
    high = sum(item["max_weeks"] or 0 for item in items)
    return low, high


def timeline_chart(timeline: list[dict], pathway_id: str, lang: str) -> dict | None:
    """Regular vs accelerated (§ 81a) procedure for one pathway: steps and total weeks, scaled for a bar chart."""
    regular = [i for i in timeline if i.get("procedure") == "regular" and pathway_id in i.get("pathways", [])]
    accelerated = [i for i in timeline if i.get("procedure") == "accelerated" and pathway_id in i.get("pathways", [])]
    if not regular:
        return None
    rows = [{"label": _t(lang, "Reguläres Verfahren", "Regular procedure"), "steps": regular, "weeks": _weeks(regular)}]
    if accelerated:
        rows.append(
            {
                "label": _t(lang, "Beschleunigtes Fachkräfteverfahren (§ 81a)", "Accelerated procedure (§ 81a)"),
                "steps": accelerated,
                "weeks": _weeks(accelerated),
            }
        )
    scale = max(max(row["weeks"][1] for row in rows), 1)
    width = 460
    for index, row in enumerate(rows):
        low, high = row["weeks"]
        row["y"] = 10 + index * 44
        row["x_low"] = round(low / scale * width)
        row["w_low"] = max(round(low / scale * width), 2)
        row["w_range"] = max(round((high - low) / scale * width), 2)
        row["x_text"] = min(row["x_low"] + row["w_range"] + 8, width + 8)
    after_entry = [i for i in regular if i["min_weeks"] is None]
    return {
        "rows": rows,
        "scale": scale,
        "width": width,
        "height": 20 + 44 * len(rows),
        "after_entry": after_entry,
        "summary": "; ".join(
            f"{row['label']}: {row['weeks'][0]}–{row['weeks'][1]} " + _t(lang, "Wochen", "weeks") for row in rows
        ),
    }


def _missing_items(paths: list[str], lang: str) -> list[dict]:
    """What a pathway still needs, once per question (several fields of one page are one item)."""
    items: list[dict] = []
    seen: set[str] = set()
    for path in paths:
        qid = field_question(path)
        key = qid or path
        if key in seen:
            continue
        seen.add(key)
        items.append({"path": path, "question": qid, "label": field_label(path, lang), "askable": qid is not None})
    return items


def pathway_cards(assessment: dict, lang: str, directory: dict) -> list[dict]:
    cards = []
    status_labels = STATUS_LABELS["en" if lang == "en" else "de"]
    result_labels = RESULT_LABELS["en" if lang == "en" else "de"]
    for pathway in sorted(assessment["pathways"], key=lambda p: STATUS_ORDER[p["status"]]):
        pid = pathway["id"]
        eligible = pathway["status"] == "eligible"
        variant = VARIANTS.get(pathway.get("variant") or "")
        card = {
            **pathway,
            "variant_label": _t(lang, *variant) if variant and eligible else "",
            "status_label": status_labels[pathway["status"]],
            "conditions": [{**c, "result_label": result_labels[c["result"]]} for c in pathway["conditions"]],
            "missing_items": _missing_items(pathway["missing"], lang),
            "changes": [change_text(change, lang) for change in pathway["what_would_change"]],
            # The engine marks changes that only help once the still-unknown conditions are settled.
            "changes_partial": any(change.get("partial") for change in pathway["what_would_change"]),
        }
        if eligible:
            card["documents"] = [d for d in assessment["documents"] if pid in d.get("pathways", [])]
            card["costs"] = [c for c in assessment["costs"] if pid in c.get("pathways", [])]
            card["chart"] = timeline_chart(assessment["timeline"], pid, lang)
            card["authorities"] = [
                {**a, "entry": directory.get(a["id"])}
                for a in assessment["authorities"]
                if pid in a.get("pathways", [])
            ]
            accelerated = assessment.get("accelerated_procedure")
            card["accelerated"] = accelerated if accelerated and pid in accelerated.get("pathways", []) else None
        cards.append(card)
    return cards


def result_context(assessment: dict, *, lang: str, answers: dict, path: list[str], place: dict | None) -> dict:
    ids = [a["id"] for a in assessment.get("authorities", [])] + ["zfe_nrw"]
    recognition_authority = (assessment.get("recognition") or {}).get("authority") or {}
    if recognition_authority.get("id"):
        ids.append(recognition_authority["id"])
    directory = selectors.authorities_by_id(ids)
    workplace = selectors.workplace((place or {}).get("ags") or answers.get("job.municipality_ags"))
    cards = pathway_cards(assessment, lang, directory)
    eligible = [card for card in cards if card["status"] == "eligible"]
    return {
        "assessment": assessment,
        "as_of_display": _date(assessment["as_of"], lang),
        "cards": cards,
        "eligible": eligible,
        "open_cards": [card for card in cards if card["status"] == "needs_information"],
        "closed_cards": [card for card in cards if card["status"] == "not_eligible"],
        "workplace": workplace,
        "zfe": directory.get("zfe_nrw"),
        "recognition_entry": directory.get(recognition_authority.get("id")),
        "summary": [
            {"id": qid, "label": question(qid).label(lang), "value": answer_display(qid, answers[qid], lang, place)}
            for qid in path
            if qid in questions() and qid in answers
        ],
        "provisional": provisional_context(assessment, lang),
        "checklist": _checklist(assessment, eligible),
    }


def _checklist(assessment: dict, eligible: list[dict]) -> list[dict]:
    titles = {card["id"]: card["title"] for card in eligible}
    return [
        {**doc, "titles": [titles[pid] for pid in doc.get("pathways", []) if pid in titles]}
        for doc in assessment.get("documents", [])
    ]


def provisional_context(assessment: dict, lang: str) -> dict | None:
    """The notice for a date after the last published value: which figures are carried forward, and warnings for a
    salary just above such a figure. None when every value is confirmed."""
    names = assessment.get("provisional") or []
    if not names:
        return None
    from lotse.rules.parameters import load_parameters

    parameters = load_parameters()
    year = assessment["as_of"][:4]
    return {
        "year": year,
        "parameters": [parameters[name].description for name in names if name in parameters],
        "warnings": [warning["message"] for warning in assessment.get("warnings") or []],
    }
