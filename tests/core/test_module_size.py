"""No Python module under lotse/ grows past 600 lines (migrations aside): a module that large holds several
purposes and is split by purpose into a package (re-exporting what callers import), as lotse/cases/services/,
lotse/communication/views/ and lotse/rules/interview/ are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "lotse"
LIMIT = 600


def test_no_module_is_longer_than_600_lines():
    modules = [p for p in ROOT.rglob("*.py") if "migrations" not in p.relative_to(ROOT).parts]
    assert len(modules) > 100  # the walk found the code
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in modules
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}
