"""Human labels for the keys case work stores: stages (from the case-type configuration) and pathways (from the
rules engine's catalogue of pathway titles)."""

from __future__ import annotations

from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext as _

from lotse.cases import config
from lotse.cases.config_labels import translated
from lotse.cases.models import Case


def _language() -> str:
    return "en" if (translation.get_language() or "de").startswith("en") else "de"


@lru_cache(maxsize=4)
def pathway_titles(lang: str = "de") -> dict[str, str]:
    """{pathway id: title} as the rules engine names them (the same titles the navigator shows)."""
    from lotse.rules import PATHWAY_IDS, RulesError, assess  # noqa: PLC0415

    try:
        # The titles do not depend on the person; a minimal valid input yields the whole catalogue.
        result = assess({"candidate": {"citizenship": "IN"}}, lang=lang)
    except RulesError:  # pragma: no cover - the catalogue is always available
        return {pathway: pathway for pathway in PATHWAY_IDS}
    titles = {p["id"]: p["title"] for p in result.get("pathways", [])}
    return {pathway: titles.get(pathway, pathway) for pathway in PATHWAY_IDS}


def pathway_title(pathway: str) -> str:
    return pathway_titles(_language()).get(pathway, pathway) if pathway else ""


@lru_cache(maxsize=1)
def _stage_labels() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    by_type, first = {}, {}
    for type_key, spec in config.case_types().items():
        for step in spec["steps"]:
            by_type[(type_key, step["key"])] = step["label"]
            first.setdefault(step["key"], step["label"])
    return by_type, first


def stage_choices() -> list[tuple[str, str]]:
    """Every stage a case can be in (the steps of all case types, first label wins), for filters."""
    return [(key, translated(label)) for key, label in _stage_labels()[1].items()]


def stage_label(stage: str, case_type: str = "") -> str:
    """The label of a case's stage: the step's label of its case type, or what the stage means once all steps
    are done or the case is closed."""
    by_type, first = _stage_labels()
    if (case_type, stage) in by_type:
        return translated(by_type[(case_type, stage)])
    if stage in first:
        return translated(first[stage])
    if stage == "done":
        return _("alle Schritte erledigt")
    if stage in Case.Status.values:
        return str(Case.Status(stage).label)
    return stage
