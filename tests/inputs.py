"""The demo inputs of the tests, built in one place: an Indian software developer with a German degree recognition
and a job offer in Mettmann, as the employer gives it to the navigator, the API or `lotse assess`.

Plain Python, no Django: the rules tests import it with -p no:django. Variations are the profile with dotted-path
changes (`profile(**{"job.annual_gross_salary_eur": 40000})`); DROP removes a key.
"""

from __future__ import annotations

import copy

DROP = object()

# The complete profile the rules-engine tests start from: every field the engine reads, dated.
ENGINE_PROFILE = {
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


def profile(base: dict | None = None, **changes) -> dict:
    """A deep copy of `base` (ENGINE_PROFILE) with dotted-path changes; the value DROP removes the key."""
    data = copy.deepcopy(ENGINE_PROFILE if base is None else base)
    for path, value in changes.items():
        target = data
        *parents, leaf = path.split(".")
        for key in parents:
            target = target.setdefault(key, {})
        if value is DROP:
            target.pop(leaf, None)
        else:
            target[leaf] = value
    return data


# What an employer typically knows when it asks for advice (the navigator's answers, undated): the advice requests
# and cases of the case-work tests.
EMPLOYER_PROFILE = profile(
    **{
        "as_of": DROP,
        "candidate.qualification.obtained_on": DROP,
        "candidate.experience": DROP,
        "candidate.previous_stay_germany_months": DROP,
        "candidate.partner_meets_opportunity_card": DROP,
        "candidate.funds_secured": DROP,
        "candidate.adequate_pension": DROP,
        "candidate.asylum_benefits_last_24_months": DROP,
        "job.duration_months": DROP,
        "job.employer_collective_agreement": DROP,
        "job.temporary_agency_work": DROP,
        "job.recognition_partnership_agreement": DROP,
        "job.employer_suitable_for_training": DROP,
        "job.licence_to_practise": DROP,
        "job.municipality_ags": "05158024",
    }
)

# The API's request body: the employer's profile dated, a higher salary, more English than German.
API_PROFILE = profile(
    EMPLOYER_PROFILE,
    **{
        "as_of": "2026-03-01",
        "candidate.qualification.obtained_on": "2020-07-15",
        "candidate.languages": {"german": "A1", "english": "C1"},
        "job.annual_gross_salary_eur": 60000,
    },
)
