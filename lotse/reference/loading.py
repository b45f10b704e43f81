"""Load the project's reviewed reference data files (lotse/reference/data/*.yaml) into the database.

Idempotent: running it again updates rows in place, so `make run` can call it every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from lotse.reference.models import Arbeitsmarktregion, Authority, Kreis, Regierungsbezirk

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_data_file(name: str):
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass
class LoadReport:
    regierungsbezirke: int = 0
    regions: int = 0
    kreise: int = 0
    authorities: int = 0


def _source_text(entry: dict) -> str:
    sources = entry.get("sources") or entry.get("source") or []
    return "\n".join(sources) if isinstance(sources, list) else str(sources)


@transaction.atomic
def load_reference_data() -> LoadReport:
    report = LoadReport()
    for entry in read_data_file("regierungsbezirke.yaml"):
        Regierungsbezirk.objects.update_or_create(
            code=entry["code"],
            defaults={"name": entry["name"], "seat": entry.get("seat", ""), "url": entry.get("url", "")},
        )
        report.regierungsbezirke += 1

    for entry in read_data_file("arbeitsmarktregionen.yaml"):
        agency = entry.get("regionalagentur") or {}
        contact = entry.get("contact") or {}
        Arbeitsmarktregion.objects.update_or_create(
            slug=entry["id"],
            defaults={
                "name": entry["name"],
                "agency_name": agency.get("name") or f"Regionalagentur {entry['name']}",
                "traeger": agency.get("traeger") or "",
                "traeger_status": agency.get("traeger_status") or Arbeitsmarktregion.TraegerStatus.UNKNOWN,
                "website": contact.get("website") or agency.get("website") or "",
                "email": contact.get("email") or agency.get("email") or "",
                "phone": contact.get("phone") or agency.get("phone") or "",
                "address": contact.get("address") or "",
                "contact_verified": bool(contact.get("verified")),
                "contact_source": contact.get("source") or "",
                "sources": entry.get("sources") or [],
                "note": entry.get("note") or "",
            },
        )
        report.regions += 1

    bezirke = {rb.code: rb for rb in Regierungsbezirk.objects.all()}
    regions = {region.slug: region for region in Arbeitsmarktregion.objects.all()}
    for entry in read_data_file("kreise.yaml"):
        Kreis.objects.update_or_create(
            ags=entry["ags"],
            defaults={
                "name": entry["name"],
                "short_name": entry.get("short_name") or entry["name"],
                "kind": entry["kind"],
                "regierungsbezirk": bezirke[entry["regierungsbezirk"]],
                "arbeitsmarktregion": regions[entry["arbeitsmarktregion"]],
            },
        )
        report.kreise += 1

    report.authorities = _load_authorities()
    return report


def _upsert_authority(slug: str, *, kreis_ags: list[str] = (), **fields) -> Authority:
    authority, _ = Authority.objects.update_or_create(slug=slug, defaults=fields)
    if kreis_ags:
        authority.kreise.set(Kreis.objects.filter(ags__in=kreis_ags))
    return authority


def _directory_fields(entry: dict, kind: str) -> dict:
    return {
        "name": entry["name"],
        "kind": kind,
        "remit": entry.get("remit") or "",
        "remit_en": entry.get("remit_en") or "",
        "address": entry.get("address") or "",
        "url": entry.get("url") or "",
        "email": entry.get("email") or "",
        "phone": entry.get("phone") or "",
        "verified": bool(entry.get("verified")),
        "source": _source_text(entry),
        "note": entry.get("note") or "",
    }


def _load_authorities() -> int:
    from lotse.rules.authorities import load_authorities  # the statewide directory lives with the rules

    count = 0
    valid_kinds = set(Authority.Kind.values)
    for entry in load_authorities():
        kind = entry.get("kind") if entry.get("kind") in valid_kinds else Authority.Kind.OTHER
        _upsert_authority(entry["id"], **_directory_fields(entry, kind))
        count += 1

    offices = read_data_file("auslaenderbehoerden.yaml")
    for entry in offices["kreis_level"]:
        _upsert_authority(
            f"abh-{entry['kreis_ags']}",
            kreis_ags=[entry["kreis_ags"]],
            gemeinde_ags="",
            **_directory_fields(entry, Authority.Kind.AUSLAENDERBEHOERDE),
        )
        count += 1
    for entry in offices.get("gemeinde_overrides") or []:
        _upsert_authority(
            f"abh-{entry['gemeinde_ags']}",
            gemeinde_ags=entry["gemeinde_ags"],
            **_directory_fields(entry, Authority.Kind.AUSLAENDERBEHOERDE),
        )
        count += 1

    for entry in read_data_file("agenturen_fuer_arbeit.yaml"):
        _upsert_authority(
            f"aa-{entry['id']}",
            kreis_ags=entry.get("kreise") or [],
            **_directory_fields(entry, Authority.Kind.AGENTUR_FUER_ARBEIT),
        )
        count += 1
    return count
