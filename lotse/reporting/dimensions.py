"""The breakdowns of the figures: region, WZ 2008 section, company size, pathway, citizenship group, occupation and
authority type. Each turns a stored key of case work into a reporting value and names it.

A value that is not recorded is counted as UNKNOWN ("ohne Angabe"), so that every breakdown adds up to its total
(the suppression relies on that, see docs/decisions/0071-statistical-disclosure-control.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

UNKNOWN = ""

# Region keys of the count table: the 16 regions by their primary key, and two that are no region.
NRW = 0  # the statewide total
NO_REGION = -1  # counted statewide, but belonging to no single region (no place known, several regions)


# WZ 2008 sections and the divisions (two-digit codes) each covers.
# Source: Statistisches Bundesamt, Klassifikation der Wirtschaftszweige, Ausgabe 2008 (WZ 2008), Gliederung.
WZ_SECTIONS: dict[str, tuple[str, range | tuple[int, ...]]] = {
    "A": (_("Land- und Forstwirtschaft, Fischerei"), range(1, 4)),
    "B": (_("Bergbau und Gewinnung von Steinen und Erden"), range(5, 10)),
    "C": (_("Verarbeitendes Gewerbe"), range(10, 34)),
    "D": (_("Energieversorgung"), (35,)),
    "E": (_("Wasserversorgung, Abwasser, Abfall, Umweltverschmutzung"), range(36, 40)),
    "F": (_("Baugewerbe"), range(41, 44)),
    "G": (_("Handel; Instandhaltung und Reparatur von Kfz"), range(45, 48)),
    "H": (_("Verkehr und Lagerei"), range(49, 54)),
    "I": (_("Gastgewerbe"), (55, 56)),
    "J": (_("Information und Kommunikation"), range(58, 64)),
    "K": (_("Finanz- und Versicherungsdienstleistungen"), range(64, 67)),
    "L": (_("Grundstücks- und Wohnungswesen"), (68,)),
    "M": (_("Freiberufliche, wissenschaftliche und technische Dienstleistungen"), range(69, 76)),
    "N": (_("Sonstige wirtschaftliche Dienstleistungen"), range(77, 83)),
    "O": (_("Öffentliche Verwaltung, Verteidigung; Sozialversicherung"), (84,)),
    "P": (_("Erziehung und Unterricht"), (85,)),
    "Q": (_("Gesundheits- und Sozialwesen"), range(86, 89)),
    "R": (_("Kunst, Unterhaltung und Erholung"), range(90, 94)),
    "S": (_("Sonstige Dienstleistungen"), range(94, 97)),
    "T": (_("Private Haushalte"), (97, 98)),
    "U": (_("Exterritoriale Organisationen"), (99,)),
}
_DIVISION_SECTION = {
    division: section for section, (_label, divisions) in WZ_SECTIONS.items() for division in divisions
}


def wz_section(code: str | None) -> str:
    """'62.01' → 'J', 'C25' → 'C', 'Q' → 'Q'; anything else → UNKNOWN."""
    code = (code or "").strip().upper()
    if code[:1] in WZ_SECTIONS:
        return code[0]
    if code[:2].isdigit():
        return _DIVISION_SECTION.get(int(code[:2]), UNKNOWN)
    return UNKNOWN


SIZE_CLASSES = {
    "micro": _("Kleinstunternehmen (unter 10)"),
    "small": _("Kleines Unternehmen (10–49)"),
    "medium": _("Mittleres Unternehmen (50–249)"),
    "large": _("Großes Unternehmen (ab 250)"),
}


def size_class(value: str | None) -> str:
    return value if value in SIZE_CLASSES else UNKNOWN


CITIZENSHIP_GROUPS = {
    "eu_eea_ch": _("EU, EWR und Schweiz"),
    "western_balkans": _("Westbalkanstaaten (§ 26 Abs. 2 BeschV)"),
    "privileged": _("Staaten nach § 26 Abs. 1 BeschV"),
    "third_country": _("Übrige Drittstaaten"),
}


@lru_cache(maxsize=1)
def _citizenship_lists() -> dict[str, frozenset[str]]:
    """The state lists of the law (lotse/rules/parameters/nationalities.yaml), as in force today."""
    from lotse.rules.parameters import parameters_as_of  # noqa: PLC0415

    params = parameters_as_of(dt.date.today())
    return {
        "eu_eea_ch": frozenset(params.get("free_movement_states")),
        "western_balkans": frozenset(params.get("western_balkans_states")),
        "privileged": frozenset(params.get("privileged_states")),
    }


def citizenship_group(code: str | None) -> str:
    code = (code or "").strip().upper()
    if len(code) != 2:
        return UNKNOWN
    for group, states in _citizenship_lists().items():
        if code in states:
            return group
    return "third_country"


# Deadline timers of case work (lotse/cases/config/case_types.yaml) by the authority whose period they are.
# The pre-approval's validity and the advisers' own service level are no authority's deadline: not counted.
AUTHORITY_TYPES = {
    "recognition": _("Anerkennungsstellen"),
    "ba": _("Bundesagentur für Arbeit"),
    "mission": _("Auslandsvertretungen"),
}
TIMER_AUTHORITY = {
    "recognition": "recognition",
    "ba_approval": "ba",
    "visa_appointment": "mission",
    "visa_decision": "mission",
}


def _lang() -> str:
    return "en" if (get_language() or "de").startswith("en") else "de"


@lru_cache(maxsize=2)
def _pathway_titles(lang: str) -> dict[str, str]:
    from lotse.rules import PATHWAY_IDS, RulesError, assess  # noqa: PLC0415

    try:
        # Titles do not depend on the person: a minimal valid input yields the whole catalogue.
        result = assess({"candidate": {"citizenship": "IN"}}, lang=lang)
        titles = {p["id"]: p["title"] for p in result.get("pathways", [])}
    except RulesError:  # pragma: no cover - the catalogue is always there
        titles = {}
    return {pathway: titles.get(pathway, pathway) for pathway in PATHWAY_IDS}


@lru_cache(maxsize=2)
def _occupation_titles(lang: str) -> dict[str, str]:
    from lotse.rules.professions import PROFESSIONS, professions  # noqa: PLC0415

    catalogue = professions()
    return {key: catalogue.get(key, {}).get("title", {}).get(lang) or key for key in PROFESSIONS}


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str

    def values(self) -> list[tuple[str, str]]:
        """Every value with its label, UNKNOWN last: the rows of a table, complete (zeros included)."""
        if self.key == "wz_section":
            items = [(k, f"{k} – {label}") for k, (label, _divisions) in WZ_SECTIONS.items()]
        elif self.key == "size":
            items = [(k, str(v)) for k, v in SIZE_CLASSES.items()]
        elif self.key == "citizenship":
            items = [(k, str(v)) for k, v in CITIZENSHIP_GROUPS.items()]
        elif self.key == "authority":
            items = [(k, str(v)) for k, v in AUTHORITY_TYPES.items()]
        elif self.key == "pathway":
            items = list(_pathway_titles(_lang()).items())
        elif self.key == "occupation":
            items = list(_occupation_titles(_lang()).items())
        else:  # pragma: no cover - the catalogue below is closed
            raise KeyError(self.key)
        if self.key != "authority":
            items.append((UNKNOWN, str(_("ohne Angabe"))))
        return items

    def keys(self) -> list[str]:
        return [key for key, _label in self.values()]


DIMENSIONS = {
    dimension.key: dimension
    for dimension in (
        Dimension("wz_section", _("Wirtschaftszweig (WZ 2008)")),
        Dimension("size", _("Unternehmensgröße")),
        Dimension("pathway", _("Aufenthaltsweg")),
        Dimension("citizenship", _("Staatsangehörigkeit")),
        Dimension("occupation", _("Beruf")),
        Dimension("authority", _("Behörde")),
    )
}
REGION = "region"  # the breakdown by region: the count table's region column, not a dimension
