"""Content in several languages, kept in YAML files that reviewers at FAI NRW can read.

Every text of such a file is a mapping {language code: text}. A file names its languages at the top
(`languages: [de, en]`); adding a language means adding it there and a text for it everywhere – no code. The
validators below are what the tests run: a missing translation or a missing source fails them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

DEFAULT_LANGUAGE = "de"


def load_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def pick(text: Mapping[str, str] | str | None, lang: str) -> str:
    """The text in `lang`, else German (the reviewed original)."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(lang) or text.get(DEFAULT_LANGUAGE, "")


def missing_translations(node: Any, languages: Iterable[str], path: str = "") -> list[str]:
    """Paths of every text mapping that lacks one of `languages` (a text mapping has a 'de' key)."""
    languages = list(languages)
    problems: list[str] = []
    if isinstance(node, Mapping):
        if DEFAULT_LANGUAGE in node and all(isinstance(v, str) for v in node.values()):
            problems += [f"{path}: no '{lang}'" for lang in languages if not str(node.get(lang) or "").strip()]
            return problems
        for key, value in node.items():
            problems += missing_translations(value, languages, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            problems += missing_translations(value, languages, f"{path}[{index}]")
    return problems


def source_problems(items: Iterable[Mapping], sources: Mapping[str, Mapping], kind: str) -> list[str]:
    """Every item must name at least one known source and say whether it is verified."""
    problems = []
    for item in items:
        ident = f"{kind} {item.get('id', '?')}"
        names = item.get("sources") or []
        if not names:
            problems.append(f"{ident}: no source")
        problems += [f"{ident}: unknown source '{name}'" for name in names if name not in sources]
        if not isinstance(item.get("verified"), bool):
            problems.append(f"{ident}: 'verified' must be true or false")
    for name, source in sources.items():
        if not (source.get("url") or source.get("legal_reference") or source.get("reference")):
            problems.append(f"source {name}: needs a url, a legal_reference or a reference")
        if not isinstance(source.get("verified"), bool):
            problems.append(f"source {name}: 'verified' must be true or false")
    return problems
