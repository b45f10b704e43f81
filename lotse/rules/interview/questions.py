"""The interview's questions (questions.yaml) and their options and parts; which question sets which input
field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DONT_KNOW = "dont_know"
NO_JOB = "none"
QUESTIONS_FILE = Path(__file__).resolve().parents[1] / "questions.yaml"
# Asked first, in this order, whenever they can still decide something.
CORE = ("job", "job.annual_gross_salary_eur", "candidate.qualification", "candidate.qualification.german_recognition")
LEVELS_WITH_QUALIFICATION = ("academic", "vocational")
OPPORTUNITY_CARD_PULL = 0.1  # measured with bench/interview.py, see ADR 0051


@dataclass(frozen=True)
class Option:
    value: Any
    de: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.de


@dataclass(frozen=True)
class Part:
    """One field of a `group` question."""

    field: str
    kind: str  # boolean | choice | number
    text: dict
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    probes: tuple = ()
    vocational: bool = False  # only shown for a vocational qualification

    def label(self, lang: str) -> str:
        return self.text["en" if lang == "en" else "de"]

    def choices(self, lang: str) -> list[tuple[Any, str]]:
        if self.kind == "boolean":
            return [(True, "Yes" if lang == "en" else "Ja"), (False, "No" if lang == "en" else "Nein")]
        return [(option.value, option.label(lang)) for option in self.options]

    def probe_values(self) -> list[Any]:
        if self.kind in ("boolean", "choice"):
            return [value for value, _ in self.choices("de")]
        return list(self.probes)


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    order: int
    fields: tuple[str, ...]
    text: dict
    help: dict
    example: dict
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    probes: tuple = ()
    probes_years_before: tuple[int, ...] = ()
    parts: tuple[Part, ...] = ()
    job: bool = False
    level: bool = False
    routing: bool = False

    def label(self, lang: str) -> str:
        return self.text["en" if lang == "en" else "de"]

    def help_text(self, lang: str) -> str:
        return self.help["en" if lang == "en" else "de"]

    def example_text(self, lang: str) -> str:
        return self.example["en" if lang == "en" else "de"]

    def choices(self, lang: str) -> list[tuple[Any, str]]:
        """(value, label) pairs of a choice or boolean question (without "don't know")."""
        if self.kind == "boolean":
            return [(True, "Yes" if lang == "en" else "Ja"), (False, "No" if lang == "en" else "Nein")]
        return [(option.value, option.label(lang)) for option in self.options]

    def probe_values(self, as_of: date) -> list[Any]:
        """Answers tried when checking whether this question could still change an outcome."""
        if self.kind in ("choice", "boolean"):
            return [value for value, _ in self.choices("de")]
        if self.kind == "date":
            return [_years_before(as_of, years).isoformat() for years in self.probes_years_before]
        if self.kind == "group":
            return [{part.field: value} for part in self.parts for value in part.probe_values()]
        if self.kind in ("job", "qualification", "occupation"):
            return []  # asked early or only where decisive; never probed
        return list(self.probes)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _options(raw) -> tuple[Option, ...]:
    return tuple(Option(o["value"], o["de"], o["en"]) for o in raw or ())


@lru_cache(maxsize=1)
def questions() -> dict[str, Question]:
    """Every question of the interview by id, in natural order."""
    raw = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    result = {}
    for item in sorted(raw, key=lambda entry: entry["order"]):
        parts = tuple(
            Part(
                field=part["field"],
                kind=part["kind"],
                text={"de": part["de"], "en": part["en"]},
                options=_options(part.get("options")),
                minimum=part.get("minimum"),
                maximum=part.get("maximum"),
                probes=tuple(part.get("probes", ())),
                vocational=bool(part.get("vocational", False)),
            )
            for part in item.get("parts", ())
        )
        result[item["id"]] = Question(
            id=item["id"],
            kind=item["kind"],
            order=item["order"],
            fields=tuple(item["fields"]),
            text=item["text"],
            help=item["help"],
            example=item["example"],
            options=_options(item.get("options")),
            minimum=item.get("minimum"),
            maximum=item.get("maximum"),
            probes=tuple(item.get("probes", ())),
            probes_years_before=tuple(item.get("probes_years_before", ())),
            parts=parts,
            job=bool(item.get("job", False)),
            level=bool(item.get("level", False)),
            routing=bool(item.get("routing", False)),
        )
    return result


def question(question_id: str) -> Question:
    return questions()[question_id]


@lru_cache(maxsize=1)
def field_questions() -> dict[str, tuple[str, ...]]:
    """Input path → the questions that set it, in natural order (`candidate.citizenships` is the citizenship)."""
    mapping: dict[str, list[str]] = {}
    for q in questions().values():
        for path in q.fields:
            mapping.setdefault(path, []).append(q.id)
    mapping["candidate.citizenships"] = ["candidate.citizenship"]
    return {path: tuple(ids) for path, ids in mapping.items()}
