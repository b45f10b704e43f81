"""The self-check and the welcome plan as pure Python: scenario files, content checks, no Django.

Runs without Django: ``.venv/bin/python -m pytest tests/rules/test_fairness_welcome_rules.py -q -p no:django``.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lotse.rules.countries import ISO_ALPHA2
from lotse.rules.fairness import selfcheck
from lotse.rules.localized import missing_translations, source_problems
from lotse.rules.welcome import notice, plan

ROOT = Path(__file__).resolve().parents[2]
FAIR_SCENARIOS = yaml.safe_load((ROOT / "lotse/rules/fairness/scenarios.yaml").read_text(encoding="utf-8"))
PLAN_SCENARIOS = yaml.safe_load((ROOT / "lotse/rules/welcome/scenarios.yaml").read_text(encoding="utf-8"))
CONTENT_FILES = [
    ROOT / "lotse/rules/fairness/data/selfcheck.yaml",
    ROOT / "lotse/rules/welcome/data/tasks.yaml",
    ROOT / "lotse/rules/welcome/data/contacts.yaml",
    ROOT / "lotse/rules/welcome/data/notice.yaml",
]


# --- scenarios ------------------------------------------------------------------------------------------------


def _answers(spec: dict) -> dict:
    answers = {qid: spec["*"] for qid in selfcheck.question_ids()} if "*" in spec else {}
    answers.update({k: v for k, v in spec.items() if k != "*"})
    return answers


@pytest.mark.parametrize("scenario", FAIR_SCENARIOS, ids=[s["id"] for s in FAIR_SCENARIOS])
def test_selfcheck_scenario(scenario):
    assert scenario.get("source"), "every scenario names what justifies it"
    result = selfcheck.evaluate(_answers(scenario["answers"]), lang="de")
    expect = scenario["expect"]
    areas = {area.id: area for area in result.areas}
    for area, level in expect.get("levels", {}).items():
        assert areas[area].level == level, area
    for area, percent in expect.get("percent", {}).items():
        assert areas[area].percent == percent, area
    if "red_flags" in expect:
        assert [flag.id for flag in result.red_flags] == expect["red_flags"]
    if "gaps" in expect:
        assert sum(len(area.gaps) for area in result.areas) == expect["gaps"]
    for flag_id, text in expect.get("flag_mentions", {}).items():
        assert text in next(f.text for f in result.red_flags if f.id == flag_id)


@pytest.mark.parametrize("scenario", PLAN_SCENARIOS, ids=[s["id"] for s in PLAN_SCENARIOS])
def test_welcome_plan_scenario(scenario):
    assert scenario.get("source")
    built = plan.build(plan.Situation(**scenario["situation"]), lang="de")
    expect = scenario["expect"]
    due = {task.id: task.due for task in built.tasks}
    if "start_assumed" in expect:
        assert built.start_assumed is expect["start_assumed"]
    if "first_working_day" in expect:
        assert built.situation.first_working_day == expect["first_working_day"]
    for task_id, day in expect.get("due", {}).items():
        assert due.get(task_id) == day, task_id
    for task_id in expect.get("absent", []):
        assert task_id not in due, task_id


def test_plan_tasks_are_ordered_by_phase_then_date_and_say_who_why_and_source():
    built = plan.build(plan.Situation(pathway="eu_blue_card", arrival=dt.date(2027, 3, 1), family="later"), lang="en")
    phases = list(plan.content()["phases"])
    keys = [(phases.index(t.phase), t.due) for t in built.tasks]
    assert keys == sorted(keys)
    for task in built.tasks:
        assert task.who in plan.content()["roles"] and task.why and task.plain and task.sources
    assert built.tasks[0].title.startswith("Hand over")  # English content


def test_first_working_day_before_arrival_is_refused_with_the_field_named():
    with pytest.raises(plan.SituationError) as error:
        plan.build(plan.Situation(pathway="eu_blue_card", arrival=dt.date(2027, 3, 1), start=dt.date(2027, 2, 1)))
    assert error.value.field == "start"


def test_unknown_answers_are_refused():
    with pytest.raises(selfcheck.AnswerError):
        selfcheck.evaluate({"costs.no_fees": "maybe"})
    with pytest.raises(selfcheck.AnswerError):
        selfcheck.evaluate({"no.such.question": "yes"})


def test_progress_is_the_change_per_area():
    assert selfcheck.progress({"costs": 50, "origin": None}, {"costs": 83, "origin": 100}) == {
        "costs": 33,
        "origin": None,
    }


# --- nearest Faire Integration office --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "lat", "lon", "office"),
    [
        ("Mettmann", 51.2506, 6.9747, "fi-duesseldorf"),
        ("Köln", 50.9384, 6.9599, "fi-duesseldorf"),
        ("Witten", 51.4437, 7.3530, "fi-bochum"),
        ("Münster", 51.9625, 7.6256, "fi-bochum"),
        ("Siegen", 50.8748, 8.0243, "fi-bochum"),
    ],
)
def test_nearest_office_by_distance(place, lat, lon, office):
    assert notice.nearest_office(lat, lon)[0]["id"] == office, place


def test_without_coordinates_the_first_office_and_no_distance():
    office, distance = notice.nearest_office(None, None)
    assert office["id"] == "fi-duesseldorf" and distance is None


# --- content: translations, sources, references ---------------------------------------------------------------


@pytest.mark.parametrize("path", CONTENT_FILES, ids=[p.name for p in CONTENT_FILES])
def test_every_text_exists_in_every_language_of_its_file(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "de" in data["languages"] and "en" in data["languages"]
    assert missing_translations(data, data["languages"]) == []


def test_the_translation_check_finds_a_missing_language():
    broken = {"languages": ["de", "en", "ar"], "areas": [{"title": {"de": "Kosten", "en": "Costs"}}]}
    assert missing_translations(broken, broken["languages"]) == ["areas[0].title: no 'ar'"]


def test_every_question_context_question_and_red_flag_names_a_known_source():
    data = selfcheck.content()
    items = selfcheck.questions() + data["context"] + [{"id": k, **v} for k, v in data["red_flags"].items()]
    assert source_problems(items, data["sources"], "self-check item") == []


def test_every_task_names_a_known_source():
    data = plan.content()
    assert source_problems(data["tasks"], data["sources"], "task") == []


def test_the_source_check_finds_a_missing_source_and_flag():
    problems = source_problems(
        [{"id": "x", "sources": []}, {"id": "y", "sources": ["nope"], "verified": True}],
        {"ok": {"url": "https://example.org", "verified": True}},
        "item",
    )
    assert problems == [
        "item x: no source",
        "item x: 'verified' must be true or false",
        "item y: unknown source 'nope'",
    ]


def test_links_flags_and_settlement_rules_point_to_existing_entries():
    data = selfcheck.content()
    kinds = {"workshop", "guide", "office", "welcome_plan", "notice", "navigator"}
    links = [q["action"]["link"] for q in selfcheck.questions()] + [
        f["action"]["link"] for f in data["red_flags"].values()
    ]
    assert {link["kind"] for link in links} <= kinds
    assert all(link.get("url") and link.get("label") for link in links if link["kind"] == "guide")
    assert all(q["red_flag"]["flag"] in data["red_flags"] for q in selfcheck.questions() if q.get("red_flag"))
    tasks = plan.content()
    assert {p["settlement"] for p in tasks["pathways"].values()} <= set(tasks["settlement_months"]) | {"none"}
    assert len(set(plan.task_ids())) == len(plan.task_ids())


def test_safeguard_list_has_the_55_states_of_the_annex_to_section_38_beschv():
    codes = selfcheck.safeguard_list()["countries"]
    assert len(codes) == 55 and len(set(codes)) == 55 and set(codes) <= ISO_ALPHA2
    assert {"GH", "NG", "PK", "BD", "NP"} <= set(codes)
    assert not {"PH", "IN", "MA", "KE", "ID"} & set(codes)  # removed in 2020/2021 or never listed


def test_the_pure_modules_load_no_django():
    code = (
        "import sys, datetime; from lotse.rules.fairness import selfcheck; "
        "from lotse.rules.welcome import plan, notice; "
        "selfcheck.evaluate({}); plan.build(plan.Situation(pathway='eu_blue_card', arrival=datetime.date(2027,1,1))); "
        "notice.nearest_office(51.0, 7.0); "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
