"""Validation messages in English (the contract's wording) and German (for the web UI)."""

from __future__ import annotations

_MESSAGES: dict[str, tuple[str, str]] = {
    # code: (English, German)
    "required": ("is required", "ist erforderlich"),
    "object": ("must be an object", "muss ein Objekt sein"),
    "number_min": ("must be a number >= {min}", "muss eine Zahl ≥ {min} sein"),
    "number_max": ("must be a number <= {max}", "muss eine Zahl ≤ {max} sein"),
    "number_range": (
        "must be a number between {min} and {max}",
        "muss eine Zahl zwischen {min} und {max} sein",
    ),
    "integer_range": (
        "must be an integer between {min} and {max}",
        "muss eine ganze Zahl zwischen {min} und {max} sein",
    ),
    "boolean": ("must be true, false or null", "muss true, false oder null sein"),
    "enum": ("must be one of: {choices}", "muss einer der Werte sein: {choices}"),
    "date": ("must be a date YYYY-MM-DD", "muss ein Datum im Format JJJJ-MM-TT sein"),
    "date_after_as_of": (
        "must not be after as_of ({as_of})",
        "darf nicht nach dem Stichtag ({as_of}) liegen",
    ),
    "country": ("must be an ISO 3166-1 alpha-2 code", "muss ein ISO-3166-1-Alpha-2-Code sein"),
    "country_list": (
        "must be a non-empty list of ISO 3166-1 alpha-2 codes",
        "muss eine nicht leere Liste von ISO-3166-1-Alpha-2-Codes sein",
    ),
    "citizenship_required": (
        "one of candidate.citizenship or candidate.citizenships is required",
        "candidate.citizenship oder candidate.citizenships ist erforderlich",
    ),
    "isco": ("must be an ISCO-08 code of 2 to 4 digits", "muss ein ISCO-08-Code mit 2 bis 4 Ziffern sein"),
    "ags": (
        "must be a municipality key (AGS) of 5 or 8 digits",
        "muss ein Gemeindeschlüssel (AGS) mit 5 oder 8 Ziffern sein",
    ),
    "occupation": (
        "must be an id of the occupation catalogue (lotse occupations search)",
        "muss eine Kennung aus dem Berufekatalog sein (lotse occupations search)",
    ),
    "not_more_than": ("must not exceed {other}", "darf nicht größer sein als {other}"),
    "json": ("is not valid JSON: {detail}", "ist kein gültiges JSON: {detail}"),
    "unreadable": ("cannot be read: {detail}", "kann nicht gelesen werden: {detail}"),
}


def render(code: str, params: dict, lang: str) -> str:
    english, german = _MESSAGES[code]
    template = german if lang == "de" else english
    return template.format(**params)
