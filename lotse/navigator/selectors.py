"""Reads for the navigator: country and job lists, saved results, the workplace's offices with contact data."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

from lotse.navigator.models import SavedResult
from lotse.reference.lookup import place
from lotse.reference.models import Arbeitsmarktregion, Authority, Gemeinde

DATA = Path(__file__).with_name("data")


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return yaml.safe_load((DATA / "countries.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _jobs() -> list[dict]:
    return yaml.safe_load((DATA / "jobs.yaml").read_text(encoding="utf-8"))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def country_choices(lang: str) -> list[tuple[str, str]]:
    """(code, name) sorted by the name in the user's language."""
    key = "en" if lang == "en" else "de"
    return sorted(((code, names[key]) for code, names in _countries().items()), key=lambda item: _fold(item[1]))


def country_name(code: str, lang: str) -> str:
    names = _countries().get(code)
    return names["en" if lang == "en" else "de"] if names else code


def job_title(isco: str, lang: str) -> str | None:
    for job in _jobs():
        if job["isco"] == isco:
            return job["en" if lang == "en" else "de"]
    return None


def job_search(query: str, lang: str, *, limit: int = 8) -> list[dict]:
    """Common jobs matching every word of `query` (title or keywords, accents and case ignored)."""
    words = [word for word in re.split(r"[\s/,()-]+", _fold(query or "")) if word]
    if not words:
        return []
    key = "en" if lang == "en" else "de"
    hits = []
    for job in _jobs():
        haystack = _fold(" ".join((job["de"], job["en"], job.get("keywords", ""), job["isco"])))
        if all(word in haystack for word in words):
            hits.append({"isco": job["isco"], "title": job[key]})
    return hits[:limit]


def job_exact(text: str, lang: str) -> dict | None:
    """A job whose title is exactly `text` (as picked from the suggestion list), in either language."""
    folded = _fold(text.strip())
    for job in _jobs():
        if folded in (_fold(job["de"]), _fold(job["en"]), _fold(f"{job['de']} ({job['isco']})")):
            return {"isco": job["isco"], "title": job["en" if lang == "en" else "de"]}
    return None


def job_options(lang: str) -> list[str]:
    return [job["en" if lang == "en" else "de"] for job in _jobs()]


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
