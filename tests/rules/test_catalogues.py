"""Profession catalogue, authority directory, public API constants and the rules version."""

from __future__ import annotations

import re

from lotse.rules import PROFESSIONS, RULES_VERSION
from lotse.rules.authorities import AUTHORITY_FIELDS, authorities_by_id, load_authorities
from lotse.rules.professions import professions, region_authority

CONTRACT_PROFESSIONS = (
    "nurse nursing_assistant physician dentist pharmacist physiotherapist teacher educator social_worker "
    "engineer "
    "architect software_developer it_systems_specialist electrician plumber mechatronics_technician "
    "industrial_mechanic cook hotel_clerk warehouse_logistics truck_driver office_clerk accountant scientist "
    "craft_other other"
).split()


def test_profession_keys_are_exactly_the_contracts():
    assert list(PROFESSIONS) == CONTRACT_PROFESSIONS
    assert list(professions()) == CONTRACT_PROFESSIONS


def test_every_profession_routes_to_known_authorities():
    known = authorities_by_id()
    for key, entry in professions().items():
        assert entry["regulated"] in (True, False, None), key
        assert isinstance(entry["isco"], list)
        routing = entry["authority"]
        if routing is None:
            continue
        for field, value in routing.items():
            if field != "by":
                assert value in known, (key, value)


def test_authority_directory_fields():
    authorities = load_authorities()
    ids = {a["id"] for a in authorities}
    assert {
        "zfe_nrw",
        "brms_zag_pug",
        "brms_zag_ah",
        "brdt_teachers",
        "bra_teachers",
        "brd",
        "brk",
        "brms",
        "brdt",
        "bra",
        "ihk_fosa",
        "hwk",
        "zab",
        "ba_zav",
        "ikbau_nrw",
    } <= ids
    for authority in authorities:
        assert tuple(authority) == AUTHORITY_FIELDS
        assert isinstance(authority["verified"], bool)
        assert authority["name"] and authority["remit"] and authority["source"]
    load_authorities()[0]["name"] = "changed"
    assert load_authorities()[0]["name"] != "changed"  # callers get copies


def test_regierungsbezirk_from_ags():
    assert [region_authority(a) for a in ("05111000", "05315", "05515000", "05711000", "05913000")] == [
        "brd",
        "brk",
        "brms",
        "brdt",
        "bra",
    ]
    assert region_authority("09162000") is None


def test_rules_version_names_version_and_data_hash():
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{12}", RULES_VERSION)
