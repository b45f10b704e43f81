"""Helpers for the rules-engine tests: the base input (tests/inputs.py) and accessors for results."""

from __future__ import annotations

from tests.inputs import ENGINE_PROFILE as BASE_INPUT  # noqa: F401  (the rules tests' name for it)
from tests.inputs import profile as make_input  # noqa: F401


def pathway(result: dict, pathway_id: str) -> dict:
    return next(p for p in result["pathways"] if p["id"] == pathway_id)


def condition(result: dict, pathway_id: str, condition_id: str) -> dict:
    return next(c for c in pathway(result, pathway_id)["conditions"] if c["id"] == condition_id)
