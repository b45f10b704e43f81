"""How the result page words the engine's answer."""

from lotse.navigator.presentation import pathway_cards
from lotse.rules import assess


def test_changes_that_need_the_missing_answers_too_are_marked():
    # Salary too low and the degree's recognition unknown: a higher salary alone would not be enough.
    result = assess(
        {
            "as_of": "2026-03-01",
            "candidate": {"citizenship": "IN", "qualification": {"level": "academic"}},
            "job": {"isco": "2512", "annual_gross_salary_eur": 30000},
        }
    )
    cards = {card["id"]: card for card in pathway_cards(result, "de", {})}
    partial = [pid for pid, card in cards.items() if card["changes_partial"]]
    assert partial, "the engine marks at least one change as partial here"
    for pid, card in cards.items():
        engine = next(p for p in result["pathways"] if p["id"] == pid)
        assert card["changes_partial"] == any(c.get("partial") for c in engine["what_would_change"])
