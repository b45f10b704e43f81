"""Fachkraft mit akademischer Ausbildung, § 18b AufenthG."""

from lotse.rules.conditions import Context
from lotse.rules.pathways._skilled_worker import evaluate_skilled_worker
from lotse.rules.pathways.common import Outcome

ID = "skilled_worker_academic"


def evaluate(ctx: Context) -> Outcome:
    return evaluate_skilled_worker(
        ctx,
        ID,
        "academic",
        "§ 18b AufenthG",
        ("Fachkraft mit akademischer Ausbildung", "Skilled worker with a degree"),
    )
