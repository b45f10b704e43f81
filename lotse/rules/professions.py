"""Profession catalogue and the routing to the competent NRW recognition authority."""

from __future__ import annotations

from functools import lru_cache

from lotse.rules.parameters import PARAMETER_DIR, read_yaml

# Keys fixed by the contract, in the contract's order.
PROFESSIONS: tuple[str, ...] = (
    "nurse",
    "nursing_assistant",
    "physician",
    "dentist",
    "pharmacist",
    "physiotherapist",
    "teacher",
    "educator",
    "social_worker",
    "engineer",
    "architect",
    "software_developer",
    "it_systems_specialist",
    "electrician",
    "plumber",
    "mechatronics_technician",
    "industrial_mechanic",
    "cook",
    "hotel_clerk",
    "warehouse_logistics",
    "truck_driver",
    "office_clerk",
    "accountant",
    "scientist",
    "craft_other",
    "other",
)

# EU, EEA and Switzerland: qualifications from here go to the EU desk (teachers).
EU_EEA_CH = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO CH".split()
)


@lru_cache(maxsize=1)
def _catalogue() -> dict:
    return read_yaml(PARAMETER_DIR / "professions.yaml")


def professions() -> dict[str, dict]:
    return _catalogue()["professions"]


def profession(key: str | None) -> dict | None:
    return None if key is None else professions()[key]


@lru_cache(maxsize=1)
def _educator_routing() -> dict[str, str]:
    routing: dict[str, str] = {}
    for authority_id, countries in _catalogue()["educator_countries"].items():
        target = "brms" if authority_id == "brms_nordic" else authority_id
        for country in countries:
            routing[country] = target
    return routing


def region_authority(municipality_ags: str | None) -> str | None:
    """Bezirksregierung id from an NRW AGS ("05" + Regierungsbezirk digit); None outside NRW or unknown."""
    if not municipality_ags:
        return None
    return _catalogue()["regions_by_ags_prefix"].get(municipality_ags[:3])


def educator_authority(country: str | None) -> str | None:
    if country is None:
        return None
    routed = _educator_routing().get(country)
    if routed:
        return routed
    if country in _catalogue()["european_unassigned"]:
        return None  # a European state the Bezirksregierungen' pages do not assign
    return "brms"  # all non-European states not listed elsewhere


def recognition_authority_id(
    key: str | None, *, level: str | None, qualification_country: str | None, municipality_ags: str | None
) -> str | None:
    """The competent NRW body for the profession, or None where the input does not decide it."""
    entry = profession(key)
    if entry is None or entry["authority"] is None:
        return None
    routing = entry["authority"]
    by = routing["by"]
    if by == "profession":
        return routing["id"]
    if by == "qualification_level":
        return routing.get(level) if level in ("academic", "vocational") else None
    if by == "qualification_area":
        if qualification_country is None:
            return None
        return routing["eu"] if qualification_country in EU_EEA_CH else routing["other"]
    if by == "country_of_qualification":
        return educator_authority(qualification_country)
    if by == "region":
        return region_authority(municipality_ags)
    raise ValueError(f"unknown authority routing {by!r} for profession {key!r}")
