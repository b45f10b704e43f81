"""The adaptive interview: agreement with `assess` over the whole scenario suite, question choice, stop rule."""

from __future__ import annotations

import json
import statistics

import pytest

from lotse.rules import assess
from lotse.rules.interview import (
    DONT_KNOW,
    NO_JOB,
    answer_from_profile,
    build_input,
    next_question,
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
    decisive = [r["decisive_after"] for r in simulations.values() if r["decisive_after"] is not None]
    assert statistics.median(decisive) <= 6
    assert statistics.median(len(r["asked"]) for r in simulations.values()) < len(questions())


def test_free_movement_is_decided_by_the_first_answer():
    result = simulate({"candidate": {"citizenships": ["RS", "HU"]}}, as_of="2026-03-01")
    assert result["asked"] == ["candidate.citizenship"]
    assert result["decisive_after"] == 1
    assert result["final"]["free_movement"] is True


def test_no_job_offer_skips_every_job_question():
    result = simulate({"candidate": {"citizenship": "IN", "age": 30}}, as_of="2026-03-01")
    assert result["asked"][1] == "job.kind"
    assert not any(path.startswith("job.") and path != "job.kind" for path in result["asked"])


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


def test_blue_card_profile_reaches_a_decision_in_seven_questions():
    scenario = next(s for s in SCENARIOS if s["id"] == "bc-standard-2026-above")
    result = simulate(scenario["input"], as_of=scenario["as_of"])
    assert result["decisive_after"] <= 7
    assert result["asked"][-1] == "job.municipality_ags"  # routing comes last


def test_build_input_job_semantics():
    assert build_input({"candidate.citizenship": ["IN"]}) == {"candidate": {"citizenship": "IN"}, "job": {}}
    assert "job" not in build_input({"candidate.citizenship": ["IN"], "job.kind": NO_JOB, "job.isco": "2512"})
    data = build_input({"candidate.citizenship": ["RS", "HU"], "job.kind": DONT_KNOW, "candidate.age": DONT_KNOW})
    assert data == {"candidate": {"citizenships": ["RS", "HU"]}, "job": {}}


def test_answer_from_profile_maps_missing_to_dont_know():
    profile = {"candidate": {"citizenship": "IN", "languages": {"german": "A2"}}}
    assert answer_from_profile(question("candidate.languages.german"), profile) == "A2"
    assert answer_from_profile(question("candidate.languages.english"), profile) == DONT_KNOW
    assert answer_from_profile(question("job.kind"), profile) == NO_JOB
    assert answer_from_profile(question("candidate.citizenship"), profile) == ["IN"]


def test_citizenship_comes_first_and_dont_know_ends_the_interview():
    assert next_question({}).id == "candidate.citizenship"
    assert next_question({"candidate.citizenship": DONT_KNOW}) is None


def test_every_question_has_help_and_an_example_in_both_languages():
    for q in questions().values():
        for lang in ("de", "en"):
            assert q.label(lang) and q.help_text(lang) and q.example_text(lang), q.id
        if q.kind in ("choice", "boolean", "profession"):
            assert q.choices("de") and q.choices("en")


def test_replay_keeps_answers_off_the_path_and_walks_back():
    stored = {"candidate.citizenship": ["IN"], "job.kind": "employment", "job.annual_gross_salary_eur": 52000}
    state = replay(stored, as_of="2026-03-01")
    assert state.path[:2] == ["candidate.citizenship", "job.kind"]
    assert state.previous(state.path[1]) == "candidate.citizenship"
    # changing the job offer to "none" drops the salary from the path but keeps it stored
    state = replay({**stored, "job.kind": NO_JOB}, as_of="2026-03-01")
    assert "job.annual_gross_salary_eur" not in state.path
    assert state.stored["job.annual_gross_salary_eur"] == 52000
    assert state.assessment is not None and state.total == 10
