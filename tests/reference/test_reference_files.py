"""Checks on the reviewed NRW reference data files in lotse/reference/data/.

Pure YAML loading (PyYAML), no Django and no database. The CSV cross-check runs only where the shared
data folder sits beside the checkout (../shared/data/ relative to the repository root).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "lotse" / "reference" / "data"
SHARED_KREISE_CSV = REPO_ROOT.parent / "shared" / "data" / "nrw_kreise_arbeitsmarktregionen.csv"

ENNEPE_RUHR = "05954"
WITTEN = "05954036"
HATTINGEN = "05954016"


def load(name: str):
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def bezirke():
    return load("regierungsbezirke.yaml")


@pytest.fixture(scope="module")
def regions():
    return load("arbeitsmarktregionen.yaml")


@pytest.fixture(scope="module")
def kreise():
    return load("kreise.yaml")


@pytest.fixture(scope="module")
def offices():
    return load("auslaenderbehoerden.yaml")


@pytest.fixture(scope="module")
def agencies():
    return load("agenturen_fuer_arbeit.yaml")


def assert_sourced(entry: dict, label: str) -> None:
    assert isinstance(entry.get("verified"), bool), f"{label}: 'verified' must be true or false"
    source = entry.get("source") or entry.get("sources")
    assert source, f"{label}: no source"
    if isinstance(source, list):
        assert all(isinstance(item, str) and item.strip() for item in source), f"{label}: empty source item"
    else:
        assert isinstance(source, str) and source.strip(), f"{label}: empty source"


def test_header_names_review_date():
    for path in sorted(DATA_DIR.glob("*.yaml")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        assert head.startswith("#"), f"{path.name}: header comment missing"
        assert "Reviewed: 2026-11-25" in head, f"{path.name}: review date missing"


def test_regierungsbezirke(bezirke):
    assert [rb["code"] for rb in bezirke] == ["051", "053", "055", "057", "059"]
    assert {rb["name"] for rb in bezirke} == {"Düsseldorf", "Köln", "Münster", "Detmold", "Arnsberg"}
    for rb in bezirke:
        assert rb["seat"] and rb["url"].startswith("https://")
        assert_sourced(rb, f"RB {rb['code']}")


def test_sixteen_regions(regions):
    assert len(regions) == 16
    ids = [region["id"] for region in regions]
    names = [region["name"] for region in regions]
    assert len(set(ids)) == 16 and len(set(names)) == 16
    for region in regions:
        agency = region["regionalagentur"]
        assert agency["name"]
        assert agency["traeger_status"] in {"verified", "verified_old", "inferred", "unknown"}
        if agency["traeger_status"] != "unknown":
            assert agency["traeger"], f"{region['id']}: status without Träger"
        assert region["sources"], f"{region['id']}: no sources"


CONTACT_FIELDS = ("address", "phone", "email", "website")


def test_regionalagentur_contacts_say_what_a_source_confirms(regions):
    """Every hand-off contact names its fields, a page to check them against and what is missing; a value marked
    `confirmed` is non-empty and carries the page and year that show it; `verified` needs all four, recent."""
    for region in regions:
        contact, label = region["contact"], region["id"]
        assert set(CONTACT_FIELDS) <= set(contact), f"{label}: contact fields missing"
        assert_sourced(contact, f"contact {label}")
        assert contact.get("note"), f"{label}: a contact says what is confirmed or missing"
        confirmed = contact.get("confirmed") or {}
        for field, proof in confirmed.items():
            assert field in CONTACT_FIELDS, f"{label}: unknown field {field}"
            assert contact[field], f"{label}: confirmed {field} is empty"
            assert proof["source"].startswith(("https://", "http://")), f"{label}: {field} without a page"
            assert 2000 <= proof["year"] <= 2026, f"{label}: {field} without the page's year"
        if contact["verified"]:
            assert all(confirmed.get(field, {}).get("year", 0) >= 2024 for field in CONTACT_FIELDS), label
        if contact["website"]:
            assert contact["website"].startswith("https://"), label
        if contact["email"]:
            assert "@" in contact["email"] and " " not in contact["email"], label


def test_regionalagentur_contacts_corrected_from_sources(regions):
    contacts = {region["id"]: region["contact"] for region in regions}
    assert "III. Hagen 37" in contacts["meo"]["address"]  # EWG shared office since Jan 2020, not Kennedyplatz
    assert "Kölner Straße" not in contacts["bergisches-staedtedreieck"]["address"]  # moved to the Rasspe site
    assert contacts["westfaelisches-ruhrgebiet"]["website"] == "https://regionalagentur-wr.nrw"
    muensterland = contacts["muensterland"]
    assert set(muensterland["confirmed"]) == set(CONTACT_FIELDS)
    assert muensterland["confirmed"]["phone"]["year"] == 2011 and not muensterland["verified"]  # old imprint


def test_kreise_counts_and_keys(kreise, bezirke, regions):
    assert len(kreise) == 53
    kinds = [k["kind"] for k in kreise]
    assert kinds.count("kreisfreie_stadt") == 22
    assert kinds.count("kreis") == 31
    ags = [k["ags"] for k in kreise]
    assert len(set(ags)) == 53
    assert all(isinstance(a, str) and len(a) == 5 and a.startswith("05") for a in ags)
    rb_codes = {rb["code"] for rb in bezirke}
    region_ids = {region["id"] for region in regions}
    for k in kreise:
        assert k["regierungsbezirk"] in rb_codes, k["ags"]
        assert k["regierungsbezirk"] == k["ags"][:3], f"{k['ags']}: RB code does not match the AGS"
        assert k["arbeitsmarktregion"] in region_ids, k["ags"]
        assert k["short_name"]
        assert_sourced(k, f"Kreis {k['ags']}")
        for exception in k.get("split") or []:
            assert exception["gemeinde_ags"].startswith(k["ags"]) and len(exception["gemeinde_ags"]) == 8
            assert exception["arbeitsmarktregion"] in region_ids


def test_every_region_has_a_kreis(kreise, regions):
    used = {k["arbeitsmarktregion"] for k in kreise}
    for k in kreise:
        used.update(exception["arbeitsmarktregion"] for exception in k.get("split") or [])
    assert used == {region["id"] for region in regions}


def test_ennepe_ruhr_split(kreise):
    by_ags = {k["ags"]: k for k in kreise}
    ennepe = by_ags[ENNEPE_RUHR]
    assert ennepe["arbeitsmarktregion"] == "maerkische-region"
    split = {item["gemeinde_ags"]: item["arbeitsmarktregion"] for item in ennepe["split"]}
    assert split == {WITTEN: "mittleres-ruhrgebiet", HATTINGEN: "mittleres-ruhrgebiet"}
    assert [k["ags"] for k in kreise if k.get("split")] == [ENNEPE_RUHR]


def test_every_kreis_has_an_auslaenderbehoerde(kreise, offices):
    kreis_ags = {k["ags"] for k in kreise}
    level = offices["kreis_level"]
    assert len(level) == 53
    assert {entry["kreis_ags"] for entry in level} == kreis_ags
    for entry in level:
        assert entry["name"]
        assert_sourced(entry, f"ABH {entry['kreis_ags']}")


def test_auslaenderbehoerde_overrides(offices, kreise):
    kreis_ags = {k["ags"] for k in kreise}
    kind = {k["ags"]: k["kind"] for k in kreise}
    overrides = offices["gemeinde_overrides"]
    keys = [entry["gemeinde_ags"] for entry in overrides]
    assert len(keys) == len(set(keys))
    for entry in overrides:
        ags = entry["gemeinde_ags"]
        assert len(ags) == 8 and ags[:5] in kreis_ags and kind[ags[:5]] == "kreis", ags
        assert entry["name"]
        assert_sourced(entry, f"ABH override {ags}")
        if not entry["verified"]:
            assert entry.get("note"), f"{ags}: unverified entry needs a note"
    for entry in offices.get("kreis_served_exceptions") or []:
        assert entry["gemeinde_ags"] not in keys
        assert entry["served_by_kreis_ags"] == entry["gemeinde_ags"][:5]
        assert_sourced(entry, f"ABH exception {entry['gemeinde_ags']}")
    # Special cases called out in the brief
    assert "05754008" in keys  # Stadt Gütersloh runs its own office
    assert "05334002" not in keys  # the StädteRegion Aachen serves the city of Aachen


def test_every_kreis_has_one_agentur_fuer_arbeit(kreise, agencies):
    ids = [agency["id"] for agency in agencies]
    assert len(ids) == len(set(ids))
    mapped = [ags for agency in agencies for ags in agency["kreise"]]
    assert len(mapped) == len(set(mapped)), "a Kreis is mapped to more than one agency"
    assert set(mapped) == {k["ags"] for k in kreise}
    for agency in agencies:
        assert agency["name"].startswith("Agentur für Arbeit ")
        assert_sourced(agency, f"AA {agency['id']}")
        if agency.get("url"):
            assert agency["url"].startswith("https://www.arbeitsagentur.de/vor-ort/")


def test_unverified_entries_carry_a_note(kreise, offices, agencies):
    entries = list(kreise) + offices["kreis_level"] + offices["gemeinde_overrides"] + list(agencies)
    for entry in entries:
        if entry.get("verified") is False:
            assert entry.get("note"), entry


@pytest.mark.skipif(
    not SHARED_KREISE_CSV.exists(),
    reason=f"shared reference CSV not found at {SHARED_KREISE_CSV} (CI keeps shared/ beside the checkout)",
)
def test_kreise_match_shared_csv(kreise, regions):
    region_id_by_name = {region["name"]: region["id"] for region in regions}
    with SHARED_KREISE_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 53
    expected = {row["kreis_ags"]: row for row in rows}
    by_ags = {k["ags"]: k for k in kreise}
    assert set(expected) == set(by_ags)
    for ags, row in expected.items():
        k = by_ags[ags]
        region_name = row["arbeitsmarktregion"]
        assert region_name in region_id_by_name, f"unknown region name {region_name!r}"
        assert k["arbeitsmarktregion"] == region_id_by_name[row["arbeitsmarktregion"]], ags
        assert k["name"] == row["kreis_name"], ags
        assert k["kind"] == ("kreisfreie_stadt" if row["kreis_typ"] == "kreisfreie Stadt" else "kreis"), ags


SHARED_GEMEINDEN_CSV = REPO_ROOT.parent / "shared" / "data" / "nrw_gemeinden.csv"


@pytest.mark.skipif(
    not SHARED_GEMEINDEN_CSV.exists(),
    reason=f"shared reference CSV not found at {SHARED_GEMEINDEN_CSV} (CI keeps shared/ beside the checkout)",
)
def test_gemeinde_keys_exist_in_shared_csv(kreise, offices):
    with SHARED_GEMEINDEN_CSV.open(encoding="utf-8") as handle:
        gemeinden = {row["ags"]: row for row in csv.DictReader(handle)}
    keys = [item["gemeinde_ags"] for k in kreise for item in k.get("split") or []]
    keys += [entry["gemeinde_ags"] for entry in offices["gemeinde_overrides"]]
    keys += [entry["gemeinde_ags"] for entry in offices.get("kreis_served_exceptions") or []]
    for ags in keys:
        assert ags in gemeinden, ags
        assert gemeinden[ags]["kreisfrei"] != "ja", ags
    for item in next(k for k in kreise if k["ags"] == ENNEPE_RUHR)["split"]:
        assert gemeinden[item["gemeinde_ags"]]["arbeitsmarktregion"] == "Mittleres Ruhrgebiet"


def test_data_sources_doc_lists_every_unverified_entry(kreise, regions, offices):
    doc = (REPO_ROOT / "docs" / "data-sources.md").read_text(encoding="utf-8")
    section = doc.split("## Unverified reference facts", 1)[1]
    keys = [k["ags"] for k in kreise if not k["verified"]]
    keys += [e["kreis_ags"] for e in offices["kreis_level"] if not e["verified"]]
    keys += [e["gemeinde_ags"] for e in offices["gemeinde_overrides"] if not e["verified"]]
    keys += [r["id"] for r in regions if r["regionalagentur"]["traeger_status"] != "verified"]
    missing = [key for key in keys if f"`{key}`" not in section]
    assert not missing, f"not listed under 'Unverified reference facts': {missing}"
