"""Benchmark of the adaptive interview over the scenario suite: how many questions to a decisive answer and to
the end of the interview.

Run: .venv/bin/python bench/interview.py
A question is one page of the navigator (it may set several fields). "Decisive" (issues 4 and 10): the answers so
far alone give an eligible pathway that the complete profile confirms, or all pathways not eligible; free movement
is decisive after the citizenship. Median and p90 are taken over every scenario whose complete profile is decisive
at all; "undecidable" counts the profiles that end in needs_information even with every answer (written that way
on purpose), and "missed" the decidable profiles the interview never decided (must be 0). "Work permit" counts
only the first eligible pathway other than the opportunity card. "End": every question the interview asks,
including "don't know" answers and the place of work. The LAST line is one JSON object.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lotse.rules import RULES_VERSION, assess, interview  # noqa: E402
from lotse.rules.scenarios import load_scenarios  # noqa: E402


def p90(values: list[int]) -> float:
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))])


def work_permit_after(profile: dict, as_of: str, asked: list[str]) -> int | None:
    """Questions until a pathway other than the opportunity card is eligible (and stays so)."""
    final = assess(profile, as_of=as_of)
    keep = {p["id"] for p in final["pathways"] if p["status"] == "eligible" and p["id"] != "opportunity_card"}
    if not keep:
        return None
    answers: dict = {}
    for step, question_id in enumerate(asked, start=1):
        answers[question_id] = interview.answer_from_profile(interview.question(question_id), profile)
        result = assess(interview.build_input(answers, as_of=as_of), as_of=as_of)
        if any(p["id"] in keep and p["status"] == "eligible" for p in result["pathways"]):
            return step
    return None


def run_suite(scenarios: list[dict]) -> dict:
    decisive, ends, work, disagreements = [], [], [], 0
    never = missed = 0
    started = time.perf_counter()
    for scenario in scenarios:
        profile, as_of = scenario["input"], scenario["as_of"]
        result = interview.simulate(profile, as_of=as_of)
        complete = assess(profile, as_of=as_of)
        if {p["id"]: p["status"] for p in complete["pathways"]} != {
            p["id"]: p["status"] for p in result["final"]["pathways"]
        }:
            disagreements += 1
        ends.append(len(result["asked"]))
        if result["decisive_after"] is None:
            never += 1
            missed += interview.is_decisive(complete)
        else:
            decisive.append(result["decisive_after"])
        permit = work_permit_after(profile, as_of, result["asked"])
        if permit is not None:
            work.append(permit)
    seconds = time.perf_counter() - started
    return {
        "scenarios": len(scenarios),
        "decisive_median": statistics.median(decisive),
        "decisive_p90": p90(decisive),
        "never_decisive": never,
        "undecidable_profiles": never - missed,
        "missed_decisions": missed,
        "work_permit_median": statistics.median(work),
        "work_permit_p90": p90(work),
        "work_permit_profiles": len(work),
        "end_median": statistics.median(ends),
        "end_p90": p90(ends),
        "disagreements_with_assess": disagreements,
        "ms_per_interview": round(seconds / len(scenarios) * 1000, 1),
    }


def main() -> None:
    scenarios = load_scenarios()
    figures = run_suite(scenarios)
    print(
        f"questions to a decisive answer: median {figures['decisive_median']}, p90 {figures['decisive_p90']}"
        f" over {figures['scenarios'] - figures['never_decisive']} decidable profiles"
        f" ({figures['undecidable_profiles']} of {figures['scenarios']} stay open even when complete;"
        f" {figures['missed_decisions']} missed)"
    )
    print(
        f"questions to an eligible work permit: median {figures['work_permit_median']},"
        f" p90 {figures['work_permit_p90']} ({figures['work_permit_profiles']} profiles)"
    )
    print(f"questions to the end: median {figures['end_median']}, p90 {figures['end_p90']}")
    print(f"disagreements with lotse assess: {figures['disagreements_with_assess']}")
    print(json.dumps({"rules_version": RULES_VERSION, **figures}))


if __name__ == "__main__":
    main()
