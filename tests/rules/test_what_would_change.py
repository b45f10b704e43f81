"""what_would_change: entries are marked "partial" when unknown conditions remain besides the not_met ones."""

from __future__ import annotations

import pytest

from lotse.rules import assess
from lotse.rules.scenarios import load_scenarios
from tests.rules.helpers import make_input, pathway

SALARY = "job.annual_gross_salary_eur"


def test_complete_input_gives_a_sufficient_change_without_partial():
    blue = pathway(assess(make_input(**{SALARY: 40000})), "eu_blue_card")
    assert blue["status"] == "not_eligible"
    assert blue["what_would_change"]
    for entry in blue["what_would_change"]:
        assert "partial" not in entry and "explanation" not in entry
    # Applying the change does make the pathway eligible.
    minimum = blue["what_would_change"][0]["minimum"]
    assert pathway(assess(make_input(**{SALARY: minimum})), "eu_blue_card")["status"] == "eligible"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_unknown_conditions_besides_the_not_met_ones_make_the_change_partial(lang):
    accountant = {"job.isco": "2411", "candidate.qualification.profession": "accountant"}
    data = make_input(**{SALARY: 40000, "job.matches_qualification": None, **accountant})
    blue = pathway(assess(data, lang=lang), "eu_blue_card")
    assert blue["status"] == "not_eligible"
    assert any(c["result"] == "unknown" for c in blue["conditions"])
    entries = blue["what_would_change"]
    assert entries and all(entry["partial"] is True for entry in entries)
    explanation = entries[0]["explanation"]
    assert "appropriate_employment" in explanation
    assert ("allein genügt nicht" in explanation) if lang == "de" else ("alone is not enough" in explanation)
    # Indeed the change alone leaves the pathway open, not eligible.
    fixed = make_input(**{SALARY: entries[0]["minimum"], "job.matches_qualification": None, **accountant})
    assert pathway(assess(fixed), "eu_blue_card")["status"] == "needs_information"


def test_blue_card_prefers_the_variant_whose_change_alone_suffices():
    # Software developer (ISCO 2512), 3 years' IT experience, fit of the job unknown: raising the salary to the
    # reduced minimum suffices through the IT-specialist variant, which does not ask for the fit.
    blue = pathway(assess(make_input(**{SALARY: 40000, "job.matches_qualification": None})), "eu_blue_card")
    assert blue["variant"] == "it_specialist"
    assert [entry.get("partial") for entry in blue["what_would_change"]] == [None]
    minimum = blue["what_would_change"][0]["minimum"]
    fixed = make_input(**{SALARY: minimum, "job.matches_qualification": None})
    assert pathway(assess(fixed), "eu_blue_card")["status"] == "eligible"


def test_partial_exactly_when_unknown_conditions_remain_over_all_scenarios():
    for scenario in load_scenarios():
        result = assess(scenario["input"], as_of=scenario["as_of"])
        for p in result["pathways"]:
            has_unknown = any(c["result"] == "unknown" for c in p["conditions"])
            for entry in p["what_would_change"]:
                assert entry.get("partial", False) is has_unknown, (scenario["id"], p["id"], entry)


def test_memoised_amounts_keep_their_language():
    from datetime import date

    from lotse.rules.conditions import Context
    from lotse.rules.parameters import resolved_parameters
    from lotse.rules.validation import validate

    data = validate(make_input())
    params = resolved_parameters(date(2026, 3, 1))
    de, en = Context(data, params, "de"), Context(data, params, "en")
    for _ in range(2):  # the second round is served from the cache
        assert (de.eur(45934.2), en.eur(45934.2)) == ("45.934,20 €", "€45,934.20")
        assert (de.eur(50700), en.eur(50700)) == ("50.700 €", "€50,700")
        assert (de.date(date(2026, 3, 1)), en.date(date(2026, 3, 1))) == ("01.03.2026", "2026-03-01")


def test_cli_encoder_matches_plain_json_dumps():
    import json

    from lotse.rules.jsonl import dumps as _dumps

    result = assess(make_input(**{SALARY: 40000}))
    assert _dumps(result) == json.dumps(result, ensure_ascii=False, separators=(",", ":"))
