"""The adaptive interview: agreement with `assess` over the whole scenario suite, question choice, stop rule."""

from __future__ import annotations

import json
import statistics

import pytest

from lotse.rules import assess
from lotse.rules.engine import outline
from lotse.rules.interview import (
    CORE,
    DONT_KNOW,
    NO_JOB,
    answer_from_profile,
    build_input,
    is_decisive,
    job_answer,
    next_question,
    qualification_answer,
    question,
    questions,
    replay,
    simulate,
)
from lotse.rules.scenarios import load_scenarios

SCENARIOS = load_scenarios()


def _statuses(result: dict) -> dict:
    return {"free_movement": result["free_movement"], **{p["id"]: p["status"] for p in result["pathways"]}}


@pytest.fixture(scope="module")
def simulations() -> dict:
    return {s["id"]: simulate(s["input"], as_of=s["as_of"]) for s in SCENARIOS}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_interview_agrees_with_assess_on_the_complete_profile(scenario, simulations):
    complete = assess(scenario["input"], as_of=scenario["as_of"])
    result = simulations[scenario["id"]]
    assert _statuses(result["final"]) == _statuses(complete)
    for ours, theirs in zip(result["final"]["pathways"], complete["pathways"], strict=True):
        if theirs["status"] != "not_eligible":
            assert ours["ba_approval_required"] == theirs["ba_approval_required"], theirs["id"]
    assert len(result["asked"]) == len(set(result["asked"])), "no question is asked twice"
    assert result["asked"][0] == "candidate.citizenship"


def test_the_interview_is_short_on_the_suite(simulations):
    """Issue 10: median ≤ 6 and p90 ≤ 9 questions to a decisive answer over every profile that can be decided."""
    decisive = sorted(r["decisive_after"] for r in simulations.values() if r["decisive_after"] is not None)
    assert statistics.median(decisive) <= 6
    assert decisive[min(len(decisive) - 1, round(0.9 * (len(decisive) - 1)))] <= 9
    assert statistics.median(len(r["asked"]) for r in simulations.values()) < len(questions())


def test_decisive_after_is_honest(simulations):
    """Every profile whose complete answer is decisive gets a decisive point, and the answers up to that point
    alone are decisive (the result shown early is the result the law gives)."""
    for scenario in SCENARIOS:
        result = simulations[scenario["id"]]
        complete = assess(scenario["input"], as_of=scenario["as_of"])
        if is_decisive(complete):
            assert result["decisive_after"] is not None, scenario["id"]
        step = result["decisive_after"]
        if step is None:
            continue
        answers = {
            qid: answer_from_profile(question(qid), scenario["input"]) for qid in result["asked"][:step]
        }
        early = assess(build_input(answers, as_of=scenario["as_of"]), as_of=scenario["as_of"])
        assert is_decisive(early), scenario["id"]


def test_the_outline_is_what_assess_says(simulations):
    """The interview chooses its questions on `outline` (free movement, statuses, missing fields): it says what
    `assess` says, on every complete profile and on the answers halfway through each interview."""
    for scenario in SCENARIOS:
        asked = simulations[scenario["id"]]["asked"]
        half = asked[: (len(asked) + 1) // 2]
        halfway = {qid: answer_from_profile(question(qid), scenario["input"]) for qid in half}
        for data in (scenario["input"], build_input(halfway, as_of=scenario["as_of"])):
            full = assess(data, as_of=scenario["as_of"])
            expected = {
                "free_movement": full["free_movement"],
                "pathways": [{key: p[key] for key in ("id", "status", "missing")} for p in full["pathways"]],
            }
            assert outline(data, as_of=scenario["as_of"]) == expected, scenario["id"]


def test_free_movement_is_decided_by_the_first_answer():
    result = simulate({"candidate": {"citizenships": ["RS", "HU"]}}, as_of="2026-03-01")
    assert result["asked"] == ["candidate.citizenship"]
    assert result["decisive_after"] == 1
    assert result["final"]["free_movement"] is True


def test_no_job_offer_skips_every_job_question():
    result = simulate({"candidate": {"citizenship": "IN", "age": 30}}, as_of="2026-03-01")
    assert result["asked"][1] == "job"
    assert not any(question(qid).job for qid in result["asked"])


def test_natural_order_of_the_core_questions(simulations):
    """Citizenship first, then the job, the salary, the qualification and only then its recognition."""
    for result in simulations.values():
        asked = [qid for qid in result["asked"] if qid in CORE]
        assert asked == [qid for qid in CORE if qid in asked]
        if "candidate.qualification.german_recognition" in result["asked"]:
            assert result["asked"].index("candidate.qualification") < result["asked"].index(
                "candidate.qualification.german_recognition"
            )


def test_no_recognition_question_without_a_qualification():
    profile = {
        "candidate": {"citizenship": "RS", "qualification": {"level": "none", "german_recognition": "not_applied"}},
        "job": {"kind": "employment", "isco": "7212", "annual_gross_salary_eur": 36000},
    }
    result = simulate(profile, as_of="2026-03-01")
    assert "candidate.qualification.german_recognition" not in result["asked"]
    measures = next(p for p in result["final"]["pathways"] if p["id"] == "recognition_measures")
    assert measures["status"] == "not_eligible"


def test_what_the_job_implies_is_not_asked():
    """The occupation decides IT, shortage, regulation and "qualified"; "same as the job" decides the fit."""
    scenario = next(s for s in SCENARIOS if s["id"] == "bc-standard-2026-above")
    result = simulate(scenario["input"], as_of=scenario["as_of"])
    for implied in ("job.qualified", "job.matches_qualification", "job.occupation"):
        assert implied not in result["asked"]
    assert result["asked"][:5] == list(("candidate.citizenship", *CORE))
    assert result["decisive_after"] == 5


def test_a_mixed_isco_group_costs_one_question():
    profile = {
        "candidate": {"citizenship": "EG", "qualification": {"level": "academic", "german_recognition": "full"}},
        "job": {"kind": "employment", "isco": "2611", "occupation": "jurist", "annual_gross_salary_eur": 60000,
                "matches_qualification": True},
    }
    answers = {"candidate.citizenship": ["EG"], "job": job_answer("employment", "isco-2611")}
    assert any(True for _ in [next_question(answers, as_of="2026-03-01")])
    result = simulate({**profile, "job": {**profile["job"], "occupation": None}}, as_of="2026-03-01")
    assert "job.occupation" in result["asked"]
    result = simulate(profile, as_of="2026-03-01")
    assert "job.occupation" not in result["asked"]  # the job's catalogue entry already decides


def test_dont_know_is_honoured_and_named_in_missing():
    profile = {"candidate": {"citizenship": "IN"}, "job": {"kind": "employment"}}
    result = simulate(profile, as_of="2026-03-01")
    blue_card = result["final"]["pathways"][0]
    assert blue_card["status"] == "needs_information"
    assert blue_card["missing"]
    # every field the Blue Card misses was asked (answered "don't know"), none is left unasked
    asked = set(result["asked"])
    assert {path for path in blue_card["missing"] if path in questions()} <= asked


def test_a_short_fixed_term_is_asked_even_though_null_means_open_ended():
    scenario = next(s for s in SCENARIOS if s["id"] == "bc-standard-2026-above")
    profile = json.loads(json.dumps(scenario["input"]))
    profile["job"]["duration_months"] = 3
    result = simulate(profile, as_of=scenario["as_of"])
    assert "job.duration_months" in result["asked"]
    assert result["final"]["pathways"][0]["status"] == assess(profile, as_of=scenario["as_of"])["pathways"][0][
        "status"
    ]


def test_blue_card_profile_reaches_a_decision_in_five_questions():
    scenario = next(s for s in SCENARIOS if s["id"] == "bc-standard-2026-above")
    result = simulate(scenario["input"], as_of=scenario["as_of"])
    assert result["decisive_after"] <= 5
    assert result["asked"][-1] == "job.municipality_ags"  # routing comes last


def test_build_input_job_semantics():
    assert build_input({"candidate.citizenship": ["IN"]}) == {"candidate": {"citizenship": "IN"}, "job": {}}
    no_job = {"candidate.citizenship": ["IN"], "job": job_answer(NO_JOB), "job.annual_gross_salary_eur": 50000}
    assert "job" not in build_input(no_job)
    data = build_input({"candidate.citizenship": ["RS", "HU"], "job": DONT_KNOW, "candidate.person": DONT_KNOW})
    assert data == {"candidate": {"citizenships": ["RS", "HU"]}, "job": {}}


def test_the_job_answer_carries_what_the_occupation_implies():
    answer = job_answer("employment", "pflegefachfrau")
    assert answer == {"kind": "employment", "occupation": "pflegefachfrau", "isco": "2221", "qualified": True}
    data = build_input({"candidate.citizenship": ["PH"], "job": answer})
    assert data["job"] == {"kind": "employment", "occupation": "pflegefachfrau", "isco": "2221", "qualified": True}
    same = qualification_answer("academic", job=answer, same_as_job=True, occupation_id=None)
    assert same == {"level": "academic", "occupation": "pflegefachfrau", "profession": "nurse", "matches": True}
    other = qualification_answer("vocational", job=answer, same_as_job=False, occupation_id="koch")
    assert other["profession"] == "cook" and other["matches"] is None
    assert qualification_answer("none", job=answer, same_as_job=True, occupation_id=None)["occupation"] is None


def test_answer_from_profile_maps_missing_to_dont_know():
    profile = {"candidate": {"citizenship": "IN", "languages": {"german": "A2"}}}
    person = answer_from_profile(question("candidate.person"), profile)
    assert person["candidate.languages.german"] == "A2" and person["candidate.languages.english"] is None
    assert answer_from_profile(question("candidate.experience"), profile) == DONT_KNOW
    assert answer_from_profile(question("job"), profile)["kind"] == NO_JOB
    assert answer_from_profile(question("candidate.citizenship"), profile) == ["IN"]


def test_citizenship_comes_first_and_dont_know_ends_the_interview():
    assert next_question({}).id == "candidate.citizenship"
    assert next_question({"candidate.citizenship": DONT_KNOW}) is None


def test_every_question_has_help_and_an_example_in_both_languages():
    for q in questions().values():
        for lang in ("de", "en"):
            assert q.label(lang) and q.help_text(lang) and q.example_text(lang), q.id
        if q.kind in ("choice", "boolean"):
            assert q.choices("de") and q.choices("en")
        for part in q.parts:
            assert part.label("de") and part.label("en"), part.field
        assert q.fields


def test_replay_keeps_answers_off_the_path_and_walks_back():
    stored = {
        "candidate.citizenship": ["IN"],
        "job": job_answer("employment", "softwareentwickler"),
        "job.annual_gross_salary_eur": 52000,
    }
    state = replay(stored, as_of="2026-03-01")
    assert state.path[:3] == ["candidate.citizenship", "job", "job.annual_gross_salary_eur"]
    assert state.previous(state.path[1]) == "candidate.citizenship"
    # changing the job offer to "none" drops the salary from the path but keeps it stored
    state = replay({**stored, "job": job_answer(NO_JOB)}, as_of="2026-03-01")
    assert "job.annual_gross_salary_eur" not in state.path
    assert state.stored["job.annual_gross_salary_eur"] == 52000
    assert state.assessment is not None and state.total == 10


def test_answers_of_an_older_question_set_are_ignored():
    state = replay({"candidate.citizenship": ["IN"], "job.kind": "employment"}, as_of="2026-03-01")
    assert state.path == ["candidate.citizenship"] and state.current.id == "job"
