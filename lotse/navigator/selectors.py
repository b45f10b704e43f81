"""Reads for the navigator: countries and occupations in the reader's language, saved results, the workplace's
offices with contact data."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from lotse.navigator.models import SavedResult
from lotse.reference.lookup import place
from lotse.reference.models import Arbeitsmarktregion, Authority, Gemeinde
from lotse.rules.countries import country_name as rules_country_name
from lotse.rules.countries import country_names
from lotse.rules.occupations import SearchInputError, named_occupations, occupation, ranked_matches


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def country_choices(lang: str) -> list[tuple[str, str]]:
    """(code, name) sorted by the name in the user's language."""
    key = "en" if lang == "en" else "de"
    return sorted(((code, names[key]) for code, names in country_names().items()), key=lambda item: _fold(item[1]))


def country_name(code: str, lang: str) -> str:
    return rules_country_name(code, "en" if lang == "en" else "de")


def job_title(occupation_id: str | None, lang: str) -> str | None:
    entry = occupation(occupation_id)
    return entry.title(lang) if entry else None


def job_search(query: str, lang: str, *, limit: int = 8) -> list[dict]:
    """Occupations matching what was typed (the catalogue's fuzzy search), for suggestions while typing."""
    try:
        matches = ranked_matches(query or "", lang=lang, limit=limit)
    except SearchInputError:
        return []
    return [
        {
            "id": entry.id,
            "title": entry.title(lang),
            "matched": matched,
            "isco": entry.isco,
            "regulated": entry.regulated,
        }
        for entry, matched, _score in matches
    ]


@lru_cache(maxsize=2)
def job_options(lang: str) -> list[str]:
    """Titles of every named occupation, for the browser's own suggestion list (datalist)."""
    return sorted({entry.title(lang) for entry in named_occupations()}, key=_fold)


def saved_result_get(token: str) -> SavedResult | None:
    if not token or len(token) > 64:
        return None
    return SavedResult.objects.filter(token=token).first()


def workplace(ags: str | None) -> dict | None:
    """The workplace's Gemeinde with its Regionalagentur and local offices (with contact data)."""
    if not ags:
        return None
    gemeinde = Gemeinde.objects.select_related("kreis__regierungsbezirk", "arbeitsmarktregion").filter(ags=ags).first()
    if gemeinde is None:
        return None
    placement = place(gemeinde)
    return {
        "gemeinde": gemeinde,
        "region": gemeinde.arbeitsmarktregion,
        "auslaenderbehoerde": placement.auslaenderbehoerde,
        "agentur_fuer_arbeit": placement.agentur_fuer_arbeit,
    }


def region_by_slug(slug: str | None) -> Arbeitsmarktregion | None:
    return Arbeitsmarktregion.objects.filter(slug=slug).first() if slug else None


def authorities_by_id(ids: list[str]) -> dict[str, Authority]:
    """Directory entries (address, e-mail, phone) for the engine's authority ids."""
    return {authority.slug: authority for authority in Authority.objects.filter(slug__in=ids)}
