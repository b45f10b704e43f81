"""Scenario files: expectations written as data (input, date, expected outcome, source).

Each `*.yaml` file in this directory is a list of scenarios; see tests/rules/test_scenarios.py for the format.
"""

from __future__ import annotations

from pathlib import Path

import yaml

SCENARIO_DIR = Path(__file__).parent


def load_scenarios() -> list[dict]:
    """Every scenario of every file, in file order; each gets a `file` key naming its source file."""
    scenarios: list[dict] = []
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(items, list):
            raise ValueError(f"{path.name}: the top level must be a list of scenarios")
        scenarios.extend({**item, "file": path.name} for item in items)
    return scenarios
