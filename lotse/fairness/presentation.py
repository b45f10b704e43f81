"""Turns the content's action links into URLs and labels, and a result into what the pages and the PDF show."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language

from lotse.rules.fairness import selfcheck
from lotse.rules.localized import pick

INTERNAL = {
    "office": "find_region",
    "welcome_plan": "welcome:start",
    "notice": "welcome:notice",
    "navigator": "navigator:start",
}


def content_language() -> str:
    """The user's language if the content has it, else German."""
    lang = (get_language() or "de").split("-")[0]
    return lang if lang in selfcheck.languages() else "de"


def link_for(link: dict, lang: str) -> dict:
    labels = selfcheck.content()["link_labels"]
    kind = link["kind"]
    if kind == "workshop":
        return {
            "url": f"{reverse('events:list')}?{urlencode({'topic': link['tag']})}",
            "label": pick(labels["workshop"], lang),
            "external": False,
        }
    if kind == "guide":
        return {"url": link["url"], "label": pick(link["label"], lang), "external": True}
    return {"url": reverse(INTERNAL[kind]), "label": pick(labels[kind], lang), "external": False}


def source_list(keys, lang: str) -> list[dict]:
    sources = selfcheck.content()["sources"]
    return [
        {
            "key": key,
            "title": pick(sources[key]["title"], lang),
            "url": sources[key].get("url", ""),
            "legal_reference": sources[key].get("legal_reference", ""),
            "verified": sources[key]["verified"],
        }
        for key in keys
    ]


def result_context(result: selfcheck.Result) -> dict:
    lang = result.lang
    used = []
    for area in result.areas:
        for gap in area.gaps:
            gap.link_view = link_for(gap.link, lang)
            used += [key for key in gap.sources if key not in used]
    for flag in result.red_flags:
        flag.link_view = link_for(flag.link, lang)
        used += [key for key in flag.sources if key not in used]
    gaps = sum(len(area.gaps) for area in result.areas)
    return {"result": result, "gap_count": gaps, "sources": source_list(used, lang), "content_version": result.version}
