"""Fachkraft mit Berufsausbildung, § 18a AufenthG."""

from lotse.rules.conditions import Context
from lotse.rules.pathways._skilled_worker import evaluate_skilled_worker
from lotse.rules.pathways.common import Outcome

ID = "skilled_worker_vocational"


def evaluate(ctx: Context) -> Outcome:
    return evaluate_skilled_worker(
        ctx,
        ID,
        "vocational",
        "§ 18a AufenthG",
        ("Fachkraft mit Berufsausbildung", "Skilled worker with vocational training"),
    )
