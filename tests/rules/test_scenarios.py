"""Scenario suite for the rules engine: expectations written as data, independently of the engine's code.

Each file ``lotse/rules/scenarios/<topic>.yaml`` is a YAML list of scenarios::

    - id: bc-standard-2026-above            # unique across all files, used as the pytest id
      title: Indischer Softwareentwickler, Master, 52.000 € (2026)
      as_of: "2026-03-01"                   # date the law is applied at
      source: "§ 18g Abs. 1 S. 1 AufenthG; law-2026.md § 0"   # what justifies the expectations (required)
      input: { ...assessment-v1 input... }
      expect:                               # every key is optional; only what is listed is checked
        free_movement: false
        pathways: { eu_blue_card: eligible }                     # eligible | not_eligible | needs_information
        variant: { eu_blue_card: standard }
        ba_approval_required: { eu_blue_card: false }
        conditions: { "eu_blue_card.salary_threshold": met }    # "<pathway>.<condition id>" (CONDITIONS.md)
        authority_checks_present: [western_balkans]             # pathway lists at least one authority check
        salary_minimum: { eu_blue_card: 50700 }   # what_would_change names this statutory salary minimum
        variant_conditions: { "eu_blue_card.career_starter.degree_recent": not_met }
                                            # "<pathway>.<variant>.<condition>" in the pathway's `variants` list,
                                            # whichever variant the engine reports as the best one

The expectations derive from the statute and ``shared/domain/law-2026.md``, never from engine output. Where
the engine disagrees and the law supports the scenario, the disagreement is a finding about the engine, not a
reason to change the scenario.

Runs without Django: ``.venv/bin/python -m pytest tests/rules/test_scenarios.py -q -p no:django``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "lotse" / "rules" / "scenarios"

# Pathway catalogue of assessment-v1.md (ids are fixed).
PATHWAY_IDS = (
    "eu_blue_card",
    "skilled_worker_vocational",
    "skilled_worker_academic",
    "experience_based",
    "western_balkans",
    "privileged_nationals",
    "recognition_partnership",
    "recognition_measures",
    "opportunity_card",
    "vocational_training",
)
STATUSES = ("eligible", "not_eligible", "needs_information")
RESULTS = ("met", "not_met", "unknown")

# Every pathway can legally end in each of the three statuses: each has conditions a candidate can meet, fail,
# or leave open (e.g. an unknown salary, language level, agreement or licence).
LEGALLY_POSSIBLE = {pid: set(STATUSES) for pid in PATHWAY_IDS}

EXPECT_KEYS = {"free_movement", "pathways", "variant", "ba_approval_required", "conditions",
               "authority_checks_present", "salary_minimum", "variant_conditions"}
SALARY_FIELD = "job.annual_gross_salary_eur"
MIN_SCENARIOS = 80


def _load() -> list[tuple[str, dict]]:
    scenarios = []
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        assert isinstance(items, list), f"{path.name}: top level must be a list of scenarios"
        for item in items:
            scenarios.append((path.name, item))
    return scenarios


SCENARIOS = _load()


def _pathway(result: dict, pid: str) -> dict | None:
    for p in result.get("pathways") or []:
        if p.get("id") == pid:
            return p
    return None


def _describe(pathway: dict | None) -> str:
    if pathway is None:
        return "    (pathway missing from the output)"
    lines = [
        f"    status={pathway.get('status')} variant={pathway.get('variant')} "
        f"ba_approval_required={pathway.get('ba_approval_required')}"
    ]
    for c in pathway.get("conditions") or []:
        flag = " [unverified]" if c.get("unverified") else ""
        lines.append(f"      - {c.get('id')}: {c.get('result')}{flag} — {c.get('explanation')}")
    if pathway.get("missing"):
        lines.append(f"      missing: {pathway['missing']}")
    if pathway.get("authority_checks"):
        lines.append(f"      authority_checks: {pathway['authority_checks']}")
    if pathway.get("what_would_change"):
        lines.append(f"      what_would_change: {pathway['what_would_change']}")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------ the suite itself
def test_enough_scenarios():
    assert len(SCENARIOS) >= MIN_SCENARIOS, f"only {len(SCENARIOS)} scenarios, need at least {MIN_SCENARIOS}"


def test_ids_unique_and_sources_present():
    seen: dict[str, str] = {}
    problems = []
    for fname, sc in SCENARIOS:
        sid = sc.get("id")
        if not sid or not isinstance(sid, str):
            problems.append(f"{fname}: scenario without id: {sc.get('title')!r}")
            continue
        if sid in seen:
            problems.append(f"{sid}: duplicate id in {fname} and {seen[sid]}")
        seen[sid] = fname
        if not str(sc.get("source") or "").strip():
            problems.append(f"{sid}: empty source")
        if not str(sc.get("title") or "").strip():
            problems.append(f"{sid}: empty title")
        try:
            dt.date.fromisoformat(str(sc.get("as_of")))
        except ValueError:
            problems.append(f"{sid}: as_of {sc.get('as_of')!r} is not an ISO date")
        if not isinstance(sc.get("input"), dict):
            problems.append(f"{sid}: input must be a mapping")
    assert not problems, "\n".join(problems)


def test_expectations_well_formed():
    problems = []
    for _fname, sc in SCENARIOS:
        sid = sc.get("id")
        exp = sc.get("expect") or {}
        if not exp:
            problems.append(f"{sid}: expects nothing")
        for key in set(exp) - EXPECT_KEYS:
            problems.append(f"{sid}: unknown expect key {key!r}")
        for pid, status in (exp.get("pathways") or {}).items():
            if pid not in PATHWAY_IDS:
                problems.append(f"{sid}: unknown pathway {pid!r}")
            if status not in STATUSES:
                problems.append(f"{sid}: {pid}: unknown status {status!r}")
        for key in ("variant", "ba_approval_required"):
            for pid in exp.get(key) or {}:
                if pid not in PATHWAY_IDS:
                    problems.append(f"{sid}: {key}: unknown pathway {pid!r}")
        for cid, res in (exp.get("conditions") or {}).items():
            pid, _, cond = str(cid).partition(".")
            if pid not in PATHWAY_IDS or not cond:
                problems.append(f"{sid}: condition {cid!r} must be '<pathway>.<condition>'")
            if res not in RESULTS:
                problems.append(f"{sid}: {cid}: unknown result {res!r}")
        for key, res in (exp.get("variant_conditions") or {}).items():
            parts = str(key).split(".")
            if len(parts) != 3 or parts[0] not in PATHWAY_IDS or res not in RESULTS:
                problems.append(f"{sid}: variant_conditions {key!r}: {res!r}")
        for pid in exp.get("authority_checks_present") or []:
            if pid not in PATHWAY_IDS:
                problems.append(f"{sid}: authority_checks_present: unknown pathway {pid!r}")
        for pid, minimum in (exp.get("salary_minimum") or {}).items():
            if pid not in PATHWAY_IDS or not isinstance(minimum, int | float):
                problems.append(f"{sid}: salary_minimum: {pid!r}: {minimum!r}")
    assert not problems, "\n".join(problems)


def test_every_pathway_covered_in_every_status():
    seen: dict[str, set[str]] = defaultdict(set)
    for _fname, sc in SCENARIOS:
        for pid, status in ((sc.get("expect") or {}).get("pathways") or {}).items():
            seen[pid].add(status)
    missing = {pid: sorted(LEGALLY_POSSIBLE[pid] - seen[pid]) for pid in PATHWAY_IDS
               if LEGALLY_POSSIBLE[pid] - seen[pid]}
    assert not missing, f"pathway statuses never expected by any scenario: {missing}"


def test_engine_loader_sees_every_scenario():
    """The engine's own loader (used by the CLI and other tools) reads the same scenarios as this suite."""
    from lotse.rules.scenarios import load_scenarios

    assert sorted(sc["id"] for sc in load_scenarios()) == sorted(sc["id"] for _f, sc in SCENARIOS)


# ------------------------------------------------------------------------------------------ engine vs. law
@pytest.mark.parametrize("scenario", [sc for _f, sc in SCENARIOS], ids=[sc.get("id") for _f, sc in SCENARIOS])
def test_scenario(scenario):
    from lotse.rules import assess

    as_of = dt.date.fromisoformat(str(scenario["as_of"]))
    result = assess(scenario["input"], as_of=as_of)
    exp = scenario.get("expect") or {}
    failures: list[str] = []
    shown: set[str] = set()

    def fail(pid: str | None, text: str) -> None:
        failures.append(text)
        if pid:
            shown.add(pid)

    if "free_movement" in exp and result.get("free_movement") != exp["free_movement"]:
        fail(None, f"free_movement: expected {exp['free_movement']}, got {result.get('free_movement')}")

    for pid, status in (exp.get("pathways") or {}).items():
        p = _pathway(result, pid)
        got = p.get("status") if p else None
        if got != status:
            fail(pid, f"{pid}: expected {status}, got {got}")

    for pid, variant in (exp.get("variant") or {}).items():
        p = _pathway(result, pid)
        got = p.get("variant") if p else None
        if got != variant:
            fail(pid, f"{pid}: expected variant {variant}, got {got}")

    for pid, ba in (exp.get("ba_approval_required") or {}).items():
        p = _pathway(result, pid)
        got = p.get("ba_approval_required") if p else None
        if got is not ba:
            fail(pid, f"{pid}: expected ba_approval_required={ba}, got {got}")

    for key, res in (exp.get("conditions") or {}).items():
        pid, _, cond = key.partition(".")
        p = _pathway(result, pid)
        conds = {c.get("id"): c for c in (p.get("conditions") or [])} if p else {}
        got = conds[cond].get("result") if cond in conds else "(not listed)"
        if got != res:
            fail(pid, f"{key}: expected {res}, got {got}")

    for key, res in (exp.get("variant_conditions") or {}).items():
        pid, variant, cond = key.split(".")
        p = _pathway(result, pid)
        summary = next((v for v in (p.get("variants") or []) if v.get("variant") == variant), None) if p else None
        got = (summary.get("conditions") or {}).get(cond, "(not listed)") if summary else "(variant not listed)"
        if got != res:
            fail(pid, f"{key}: expected {res}, got {got}")

    for pid in exp.get("authority_checks_present") or []:
        p = _pathway(result, pid)
        if not p or not p.get("authority_checks"):
            fail(pid, f"{pid}: expected authority_checks, got {p.get('authority_checks') if p else None}")

    for pid, minimum in (exp.get("salary_minimum") or {}).items():
        p = _pathway(result, pid)
        minima = [w.get("minimum") for w in (p.get("what_would_change") or []) if isinstance(w, dict)
                  and w.get("field") == SALARY_FIELD] if p else []
        if not any(isinstance(m, int | float) and abs(m - minimum) < 0.005 for m in minima):
            fail(pid, f"{pid}: expected what_would_change {SALARY_FIELD} minimum {minimum}, got {minima}")

    if failures:
        details = "\n".join(f"  {pid}:\n{_describe(_pathway(result, pid))}" for pid in sorted(shown))
        pytest.fail(
            f"scenario {scenario['id']} ({scenario.get('title')}), as_of {as_of}\n"
            f"source: {scenario.get('source')}\n"
            + "\n".join(f"- {f}" for f in failures)
            + (f"\nengine output for the pathways concerned:\n{details}" if details else "")
            + f"\ninput: {json.dumps(scenario['input'], ensure_ascii=False)}",
            pytrace=False,
        )
