"""RULES_VERSION: a semantic version plus a hash of every file that determines the engine's output.

The hash covers all `*.py` and `*.yaml` files under `lotse/rules/` (engine code, pathway modules, parameters,
catalogues), except the scenario suite and tests, which only check the output. Paths (relative, POSIX form)
are hashed in sorted order with their contents, line endings normalised to LF, so the version is the same on
every machine and any change to a threshold, a catalogue or the engine's Python changes it: a stored answer
names the exact rules that produced it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ENGINE_VERSION = "1.0.0"
RULES_ROOT = Path(__file__).resolve().parent
SUFFIXES = (".py", ".yaml")
EXCLUDED_DIRS = frozenset({"scenarios", "tests", "__pycache__"})


def rules_files(root: Path) -> list[Path]:
    """The files that determine the output, sorted by their POSIX path relative to `root`."""
    files = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if not path.is_file() or path.suffix not in SUFFIXES:
            continue
        if any(part in EXCLUDED_DIRS for part in relative.parts[:-1]):
            continue
        if relative.name.startswith("test_") or relative.name == "conftest.py":
            continue
        files.append(path)
    return sorted(files, key=lambda path: path.relative_to(root).as_posix())


def rules_hash(root: Path = RULES_ROOT) -> str:
    """12 hex digits of SHA-256 over the sorted relative paths and LF-normalised contents under `root`."""
    digest = hashlib.sha256()
    for path in rules_files(root):
        content = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(content)
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def rules_version(root: Path = RULES_ROOT) -> str:
    return f"{ENGINE_VERSION}+{rules_hash(root)}"


RULES_VERSION = rules_version()
