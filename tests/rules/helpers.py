"""Helpers for the rules-engine tests: a base input and accessors for results."""

from __future__ import annotations

import copy

BASE_INPUT = {
    "as_of": "2026-03-01",
    "candidate": {
        "citizenship": "IN",
        "age": 29,
        "residence": "abroad",
        "qualification": {
            "level": "academic",
            "duration_years": 4,
            "state_recognised_abroad": True,
            "german_recognition": "full",
            "obtained_on": "2024-07-15",
            "profession": "software_developer",
        },
        "experience": {"years_last_5": 3, "years_last_7": 3},
        "languages": {"german": "A2", "english": "B2"},
        "previous_stay_germany_months": 0,
        "partner_meets_opportunity_card": False,
        "funds_secured": True,
        "adequate_pension": False,
        "asylum_benefits_last_24_months": False,
    },
    "job": {
        "kind": "employment",
        "isco": "2512",
        "annual_gross_salary_eur": 52000,
        "weekly_hours": 40,
        "duration_months": 24,
        "qualified": True,
        "matches_qualification": True,
        "employer_collective_agreement": False,
        "temporary_agency_work": False,
        "recognition_partnership_agreement": None,
        "employer_suitable_for_training": None,
        "municipality_ags": "05158028",
        "licence_to_practise": None,
    },
}


def make_input(**changes) -> dict:
    """BASE_INPUT with dotted-path changes, e.g. make_input(**{"job.annual_gross_salary_eur": 40000})."""
    data = copy.deepcopy(BASE_INPUT)
    for path, value in changes.items():
        target = data
        *parents, leaf = path.split(".")
        for key in parents:
            target = target.setdefault(key, {})
        target[leaf] = value
    return data


def pathway(result: dict, pathway_id: str) -> dict:
    return next(p for p in result["pathways"] if p["id"] == pathway_id)


def condition(result: dict, pathway_id: str, condition_id: str) -> dict:
    return next(c for c in pathway(result, pathway_id)["conditions"] if c["id"] == condition_id)
