"""RULES_VERSION covers every file that determines the output, and is stable across machines."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lotse.rules import RULES_VERSION
from lotse.rules.version import RULES_ROOT, rules_files, rules_hash, rules_version


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(RULES_ROOT, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_format_and_matches_the_installed_tree():
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{12}", RULES_VERSION)
    assert RULES_VERSION == rules_version(RULES_ROOT)


def test_copy_of_the_tree_has_the_same_hash(tree):
    assert rules_hash(tree) == rules_hash(RULES_ROOT)


def test_covers_engine_code_parameters_and_pathways_but_not_scenarios():
    names = {path.relative_to(RULES_ROOT).as_posix() for path in rules_files(RULES_ROOT)}
    assert {"planning.py", "engine.py", "pathways/eu_blue_card.py", "parameters/fees.yaml"} <= names
    assert not any(name.startswith("scenarios/") for name in names)
    assert not any(name.endswith(".md") for name in names)


@pytest.mark.parametrize("relative", ["planning.py", "pathways/eu_blue_card.py", "parameters/fees.yaml"])
def test_changing_a_rules_file_changes_the_hash(tree, relative):
    before = rules_hash(tree)
    path = tree / relative
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert rules_hash(tree) != before


def test_adding_or_renaming_a_module_changes_the_hash(tree):
    before = rules_hash(tree)
    (tree / "pathways" / "new_pathway.py").write_text("ID = 'x'\n", encoding="utf-8")
    added = rules_hash(tree)
    assert added != before
    (tree / "pathways" / "new_pathway.py").rename(tree / "pathways" / "other_pathway.py")
    assert rules_hash(tree) not in (before, added)


def test_scenarios_and_docs_do_not_change_the_hash(tree):
    before = rules_hash(tree)
    scenario = next((tree / "scenarios").glob("*.yaml"))
    scenario.write_text(scenario.read_text(encoding="utf-8") + "\n# note\n", encoding="utf-8")
    (tree / "CONDITIONS.md").write_text("changed", encoding="utf-8")
    assert rules_hash(tree) == before


def test_line_endings_are_normalised(tree):
    before = rules_hash(tree)
    for path in rules_files(tree):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert rules_hash(tree) == before
