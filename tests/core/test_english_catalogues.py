"""English is complete: every catalogue entry has its English, the committed .mo files match their .po files, and
every message a service raises to a user is marked for translation and has an English version."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

ROOT = Path(__file__).resolve().parents[2] / "lotse"
CATALOGUES = sorted(ROOT.glob("**/locale/en/LC_MESSAGES/django.po"))
# Errors for programmers (a wrong argument), never shown to a user: these stay English and untranslated.
INTERNAL_ERRORS = {"ValueError", "TypeError", "KeyError", "PermissionError", "RuntimeError", "LookupError",
                   "NotImplementedError", "AssertionError", "ImproperlyConfigured"}
TRANSLATION_CALLS = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "_lazy"}


def _entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of a catalogue, through msgattrib's normalised output."""
    out = subprocess.run(["msgcat", "--no-wrap", "--sort-output", str(po)], capture_output=True, text=True,
                         check=True).stdout
    entries = []
    for block in out.split("\n\n"):
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', block, re.M)
        if msgid and msgid.group(1) and not block.lstrip().startswith("#~"):
            entries.append((msgid.group(1), " ".join(msgstrs), "fuzzy" in block.split("msgid")[0]))
    return entries


def test_catalogues_found():
    assert len(CATALOGUES) >= 8, CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_entry_has_english(po):
    entries = _entries(po)
    assert entries
    assert [msgid for msgid, msgstr, _ in entries if not msgstr.strip()] == []
    assert [msgid for msgid, _, fuzzy in entries if fuzzy] == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_mo_matches_po(po, tmp_path):
    """A .po edited without compilemessages leaves the English out of the running site."""
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], check=True)
    unfold = ["msgunfmt", "--no-wrap", "--sort-output"]
    committed = subprocess.run([*unfold, str(po.with_suffix(".mo"))], capture_output=True, text=True, check=True)
    compiled = subprocess.run([*unfold, str(fresh)], capture_output=True, text=True, check=True)
    assert committed.stdout == compiled.stdout, f"run compilemessages for {po}"


def _service_files() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "services" in p.parts or p.stem == "services")


def _raised_messages() -> tuple[list[str], list[str]]:
    """(translated German messages raised in services, raises with a bare string literal)."""
    marked, bare = [], []
    for path in _service_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            exc = node.exc.func.id if isinstance(node.exc.func, ast.Name) else getattr(node.exc.func, "attr", "")
            if exc in INTERNAL_ERRORS:
                continue
            for arg in ast.walk(node.exc):
                if isinstance(arg, ast.Call) and getattr(arg.func, "id", None) in TRANSLATION_CALLS:
                    if arg.args and isinstance(arg.args[0], ast.Constant):
                        marked.append(arg.args[0].value)
            for arg in node.exc.args:
                if isinstance(arg, ast.JoinedStr) or (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return marked, bare


def test_service_errors_are_marked_for_translation():
    marked, bare = _raised_messages()
    assert len(marked) >= 40  # cases, events, communication, workspace …
    assert bare == []


def test_service_errors_have_english():
    marked, _ = _raised_messages()
    with translation.override("en"):
        missing = sorted({m for m in marked if gettext(m) == m})
    assert missing == []
