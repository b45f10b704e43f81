"""Unit tests per pathway: each condition's met / not_met / unknown and the pathway status."""

from __future__ import annotations

import pytest

from lotse.rules import PATHWAY_IDS, assess
from tests.rules.helpers import condition, make_input, pathway


def run(**changes) -> dict:
    return assess(make_input(**changes))


# --- EU Blue Card ---


def test_blue_card_standard_above_threshold_needs_no_ba():
    result = run()
    blue = pathway(result, "eu_blue_card")
    assert (blue["status"], blue["variant"], blue["ba_approval_required"]) == ("eligible", "standard", False)
    assert condition(result, "eu_blue_card", "salary_threshold")["explanation"].startswith(
        "52.000 € ≥ 50.700 €"
    )


def test_blue_card_shortage_occupation_uses_reduced_threshold_with_ba():
    blue = pathway(run(**{"job.annual_gross_salary_eur": 46000}), "eu_blue_card")
    assert (blue["status"], blue["variant"], blue["ba_approval_required"]) == (
        "eligible",
        "shortage_occupation",
        True,
    )


def test_blue_card_below_reduced_threshold_says_what_would_change():
    blue = pathway(run(**{"job.annual_gross_salary_eur": 40000}), "eu_blue_card")
    assert blue["status"] == "not_eligible"
    assert blue["ba_approval_required"] is None
    assert {"field": "job.annual_gross_salary_eur", "minimum": 45934.2} == {
        k: blue["what_would_change"][0][k] for k in ("field", "minimum")
    }


def test_blue_card_career_starter_outside_shortage_groups():
    result = run(
        **{
            "job.isco": "2411",
            "candidate.qualification.profession": "accountant",
            "job.annual_gross_salary_eur": 46000,
        }
    )
    blue = pathway(result, "eu_blue_card")
    assert (blue["status"], blue["variant"]) == ("eligible", "career_starter")


def test_blue_card_degree_older_than_three_years_is_not_career_starter():
    result = run(
        **{
            "job.isco": "2411",
            "candidate.qualification.obtained_on": "2020-01-01",
            "job.annual_gross_salary_eur": 46000,
        }
    )
    assert pathway(result, "eu_blue_card")["status"] == "not_eligible"


def test_blue_card_it_specialist_without_degree():
    result = run(
        **{
            "candidate.qualification.level": "none",
            "candidate.experience.years_last_7": 4,
            "job.annual_gross_salary_eur": 46000,
        }
    )
    blue = pathway(result, "eu_blue_card")
    assert (blue["status"], blue["variant"]) == ("eligible", "it_specialist")
    assert condition(result, "eu_blue_card", "it_experience")["result"] == "met"


def test_blue_card_unknown_salary_needs_information():
    blue = pathway(run(**{"job.annual_gross_salary_eur": None}), "eu_blue_card")
    assert blue["status"] == "needs_information"
    assert "job.annual_gross_salary_eur" in blue["missing"]


def test_blue_card_short_contract_not_eligible():
    result = run(**{"job.duration_months": 5})
    assert condition(result, "eu_blue_card", "min_duration")["result"] == "not_met"


def test_blue_card_salary_thresholds_2025():
    result = assess(make_input(as_of="2025-06-01", **{"job.annual_gross_salary_eur": 48300}))
    assert pathway(result, "eu_blue_card")["variant"] == "standard"
    assert pathway(result, "eu_blue_card")["status"] == "eligible"


# --- §§ 18a / 18b ---


def test_skilled_worker_academic_requires_recognition():
    result = run(**{"candidate.qualification.german_recognition": "not_applied"})
    academic = pathway(result, "skilled_worker_academic")
    assert academic["status"] == "not_eligible"
    assert academic["what_would_change"][0]["field"] == "candidate.qualification.german_recognition"


def test_skilled_worker_vocational_with_full_recognition():
    result = run(
        **{
            "candidate.qualification.level": "vocational",
            "candidate.qualification.duration_years": 3,
            "candidate.qualification.profession": "electrician",
            "job.isco": "7411",
        }
    )
    assert pathway(result, "skilled_worker_vocational")["status"] == "eligible"
    assert pathway(result, "skilled_worker_vocational")["ba_approval_required"] is True


@pytest.mark.parametrize(
    ("age", "salary", "pension", "expected"),
    [
        (44, 40000, False, "met"),
        (45, 55770, False, "met"),
        (45, 55769, False, "not_met"),
        (50, 40000, True, "met"),
        (50, 40000, None, "unknown"),
        (None, 60000, None, "met"),
    ],
)
def test_age_45_rule_2026(age, salary, pension, expected):
    result = run(
        **{"candidate.age": age, "job.annual_gross_salary_eur": salary, "candidate.adequate_pension": pension}
    )
    assert condition(result, "skilled_worker_academic", "age_45_salary")["result"] == expected


def test_age_45_rule_not_applied_to_blue_card():
    result = run(**{"candidate.age": 50, "job.annual_gross_salary_eur": 51000})
    assert pathway(result, "eu_blue_card")["status"] == "eligible"
    assert pathway(result, "skilled_worker_academic")["status"] == "not_eligible"


def test_regulated_profession_needs_licence():
    result = run(
        **{
            "candidate.qualification.profession": "nurse",
            "job.isco": "2221",
            "job.licence_to_practise": False,
        }
    )
    assert condition(result, "skilled_worker_academic", "licence_to_practise")["result"] == "not_met"
    result = run(**{"candidate.qualification.profession": "nurse", "job.isco": "2221"})
    assert condition(result, "skilled_worker_academic", "licence_to_practise")["result"] == "unknown"


# --- § 6 BeschV ---


def _experience_input(**changes):
    base = {
        "candidate.qualification.german_recognition": "not_applied",
        "candidate.qualification.level": "vocational",
        "candidate.qualification.duration_years": 2,
        "job.annual_gross_salary_eur": 45630,
    }
    return run(**{**base, **changes})


def test_experience_route_at_threshold():
    experience = pathway(_experience_input(), "experience_based")
    assert (experience["status"], experience["variant"]) == ("eligible", "salary")


def test_experience_route_collective_agreement_replaces_threshold():
    result = _experience_input(
        **{"job.annual_gross_salary_eur": 30000, "job.employer_collective_agreement": True}
    )
    experience = pathway(result, "experience_based")
    assert (experience["status"], experience["variant"]) == ("eligible", "collective_agreement")


def test_experience_route_below_threshold_without_agreement():
    experience = pathway(_experience_input(**{"job.annual_gross_salary_eur": 30000}), "experience_based")
    assert experience["status"] == "not_eligible"
    assert experience["what_would_change"][0]["minimum"] == 45630


def test_experience_route_not_in_force_before_march_2024():
    result = assess(make_input(as_of="2024-02-01", **{"candidate.qualification.obtained_on": "2020-01-01"}))
    assert condition(result, "experience_based", "in_force")["result"] == "not_met"


def test_experience_route_excludes_regulated_professions():
    result = _experience_input(**{"candidate.qualification.profession": "nurse"})
    assert condition(result, "experience_based", "not_regulated")["result"] == "not_met"


# --- Westbalkan and § 26 Abs. 1 ---


def _balkans(**changes):
    base = {
        "candidate.citizenship": "RS",
        "candidate.qualification.level": "none",
        "job.qualified": False,
        "candidate.qualification.profession": "warehouse_logistics",
        "job.annual_gross_salary_eur": 30000,
    }
    return run(**{**base, **changes})


def test_western_balkans_any_employment_quota_is_authority_check():
    balkans = pathway(_balkans(), "western_balkans")
    assert balkans["status"] == "eligible"
    assert any("Kontingent" in text for text in balkans["authority_checks"])
    assert any("Vorrangprüfung" in text for text in balkans["authority_checks"])
    assert balkans["missing"] == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("job.temporary_agency_work", True), ("candidate.asylum_benefits_last_24_months", True)],
)
def test_western_balkans_exclusions(field, value):
    assert pathway(_balkans(**{field: value}), "western_balkans")["status"] == "not_eligible"


def test_western_balkans_dual_citizenship_counts():
    result = _balkans(**{"candidate.citizenship": None, "candidate.citizenships": ["IN", "AL"]})
    assert pathway(result, "western_balkans")["status"] == "eligible"


def test_privileged_nationals():
    result = run(
        **{"candidate.citizenship": "US", "candidate.qualification.level": "none", "job.qualified": False}
    )
    privileged = pathway(result, "privileged_nationals")
    assert privileged["status"] == "eligible"
    assert privileged["ba_approval_required"] is True
    assert pathway(run(), "privileged_nationals")["what_would_change"] == []  # citizenship cannot change


# --- § 16d ---


def test_recognition_partnership_all_met():
    result = run(
        **{
            "candidate.qualification.german_recognition": "not_applied",
            "job.recognition_partnership_agreement": True,
            "job.employer_suitable_for_training": True,
        }
    )
    assert pathway(result, "recognition_partnership")["status"] == "eligible"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_recognition_partnership_pointless_with_full_recognition(lang):
    result = assess(
        make_input(**{"job.recognition_partnership_agreement": True, "job.employer_suitable_for_training": True}),
        lang=lang,
    )
    partnership = pathway(result, "recognition_partnership")
    assert partnership["status"] == "not_eligible"
    check = partnership["conditions"][0]
    assert (check["id"], check["result"], check["legal_basis"]) == (
        "recognition_outstanding",
        "not_met",
        "§ 16d Abs. 3 AufenthG",
    )
    expected = "Anerkennung liegt bereits vor – Weg über § 18a/§ 18b" if lang == "de" else "§ 18a/§ 18b"
    assert expected in check["explanation"]
    assert partnership["what_would_change"] == []


@pytest.mark.parametrize(
    ("recognition", "result"),
    [("partial", "met"), ("none", "met"), ("pending", "met"), ("not_applied", "met"), (None, "unknown")],
)
def test_recognition_partnership_recognition_outstanding(recognition, result):
    data = make_input(**{"candidate.qualification.german_recognition": recognition})
    assert condition(assess(data), "recognition_partnership", "recognition_outstanding")["result"] == result


def test_recognition_partnership_needs_a2():
    result = run(
        **{
            "candidate.qualification.german_recognition": "not_applied",
            "candidate.languages.german": "A1",
            "job.recognition_partnership_agreement": True,
            "job.employer_suitable_for_training": True,
        }
    )
    partnership = pathway(result, "recognition_partnership")
    assert partnership["status"] == "not_eligible"
    assert partnership["what_would_change"][0] == {
        "field": "candidate.languages.german",
        "minimum": "A2",
        "condition": "german_a2",
    }


def test_recognition_measures_after_deficit_notice():
    result = run(
        **{
            "candidate.qualification.german_recognition": "partial",
            "candidate.qualification.measure_confirmed": True,
        }
    )
    assert pathway(result, "recognition_measures")["status"] == "eligible"


# --- § 20a ---


def test_opportunity_card_skilled_worker_route_without_points():
    card = pathway(
        run(**{"candidate.languages.german": "none", "candidate.languages.english": "none"}),
        "opportunity_card",
    )
    assert (card["status"], card["variant"]) == ("eligible", "skilled_worker")


def _points(**changes):
    base = {
        "candidate.qualification.german_recognition": "not_applied",
        "candidate.age": 36,
        "candidate.qualification.profession": "office_clerk",
        "candidate.experience.years_last_5": 0,
        "candidate.experience.years_last_7": 0,
        "candidate.languages.german": "A1",
        "candidate.languages.english": "B2",
    }
    return run(**{**base, **changes})


def test_opportunity_card_points_short_lists_options():
    result = _points()
    card = pathway(result, "opportunity_card")
    assert card["variant"] == "points"
    assert condition(result, "opportunity_card", "points")["result"] == "not_met"
    change = card["what_would_change"][0]
    assert change["missing_points"] == 5
    assert {option["field"] for option in change["options"]} >= {"candidate.languages.german"}


def test_opportunity_card_six_points():
    # partial recognition 4 + under 35 2 = 6
    result = _points(**{"candidate.qualification.german_recognition": "partial", "candidate.age": 30})
    assert condition(result, "opportunity_card", "points")["result"] == "met"
    assert pathway(result, "opportunity_card")["status"] == "eligible"


def test_opportunity_card_language_basic():
    result = _points(**{"candidate.languages.german": "none", "candidate.languages.english": "B1"})
    assert condition(result, "opportunity_card", "language_basic")["result"] == "not_met"


def test_opportunity_card_living_costs_2026_flagged_unverified():
    result = _points(**{"candidate.funds_secured": None})
    funds = condition(result, "opportunity_card", "funds_secured")
    assert funds["result"] == "unknown" and funds["unverified"] is True


# --- § 16a ---


def test_vocational_training():
    result = run(**{"job.kind": "vocational_training", "candidate.languages.german": "B1"})
    assert pathway(result, "vocational_training")["status"] == "eligible"
    assert pathway(result, "eu_blue_card")["status"] == "not_eligible"


def test_vocational_training_language_arranged_by_provider():
    result = run(**{"job.kind": "vocational_training", "job.training_language_arranged": True})
    assert condition(result, "vocational_training", "german_language")["result"] == "met"


# --- Whole result ---


@pytest.mark.parametrize("citizenships", [["FR"], ["RS", "HU"], ["CH"], ["NO"]])
def test_free_movement(citizenships):
    result = run(**{"candidate.citizenship": None, "candidate.citizenships": citizenships})
    assert result["free_movement"] is True
    assert result["pathways"] == []


def test_all_pathways_in_contract_order():
    assert [p["id"] for p in run()["pathways"]] == list(PATHWAY_IDS)
    assert len(PATHWAY_IDS) == 10


def test_no_job_offer():
    result = assess(make_input(job=None))
    blue = pathway(result, "eu_blue_card")
    assert blue["status"] == "not_eligible"
    assert blue["what_would_change"][0]["field"] == "job"


def test_english_explanations():
    result = assess(make_input(), lang="en")
    assert condition(result, "eu_blue_card", "salary_threshold")["explanation"].startswith(
        "€52,000 ≥ €50,700"
    )


def test_local_authority_resolver_and_fallback():
    calls = []

    def resolver(ags):
        calls.append(ags)
        return {
            "id": "abh-05158",
            "name": "Ausländerbehörde Kreis Mettmann",
            "url": "https://example.org",
            "verified": True,
        }

    result = assess(make_input(), local_authority_resolver=resolver)
    assert calls == ["05158028"]
    assert any(a["id"] == "abh-05158" for a in result["authorities"])
    fallback = assess(make_input())
    assert any(a["id"] == "abh_local" for a in fallback["authorities"])


def test_plan_for_eligible_pathways():
    result = run()
    assert any(item["eur_min"] == 411 and item["optional"] for item in result["costs"])
    assert result["accelerated_procedure"]["fee_eur"] == 411
    assert result["accelerated_procedure"]["agreement_with"]["id"] == "zfe_nrw"
    assert any(
        step["legal_deadline"] and "§ 31a Abs. 1 AufenthV" in step["legal_deadline"]
        for step in result["timeline"]
    )
    assert all(doc["pathways"] for doc in result["documents"])


@pytest.mark.parametrize(
    ("profession", "ags", "country", "authority"),
    [
        ("nurse", None, None, "brms_zag_pug"),
        ("physician", None, None, "brms_zag_ah"),
        ("teacher", None, "IN", "brdt_teachers"),
        ("teacher", None, "PL", "bra_teachers"),
        ("educator", None, "TR", "brd"),
        ("educator", None, "IN", "brms"),
        ("educator", None, "UA", "brdt"),
        ("engineer", "05315000", None, "brk"),
        ("social_worker", "05711000", None, "brdt"),
        ("electrician", None, None, "hwk"),
        ("cook", None, None, "ihk_fosa"),
    ],
)
def test_recognition_authority_routing(profession, ags, country, authority):
    result = run(
        **{
            "candidate.qualification.profession": profession,
            "job.municipality_ags": ags,
            "candidate.qualification.country": country,
        }
    )
    assert result["recognition"]["authority"]["id"] == authority


def test_blue_card_lists_every_variant_with_its_conditions():
    blue = pathway(assess(make_input(**{"job.annual_gross_salary_eur": 47000})), "eu_blue_card")
    assert [v["variant"] for v in blue["variants"]] == [
        "standard",
        "shortage_occupation",
        "career_starter",
        "it_specialist",
    ]
    chosen = next(v for v in blue["variants"] if v["variant"] == blue["variant"])
    assert chosen["status"] == blue["status"]
    assert chosen["conditions"] == {c["id"]: c["result"] for c in blue["conditions"]}
    assert all(v["status"] in ("eligible", "not_eligible", "needs_information") for v in blue["variants"])
