"""Scores a fair-recruitment self-check: a result per area, an action per gap, red flags where the law is at stake.

Pure Python on the reviewed content in data/selfcheck.yaml; the Django app only stores answers and renders.
Answers are {question id: "yes" | "partly" | "no" | "na"} plus the context answers
{"context.health_care": bool, "context.countries": [ISO codes], "context.westbalkan_agency": bool}.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lotse.rules.localized import load_yaml, pick

DATA = Path(__file__).parent / "data"
SCALE = ("yes", "partly", "no", "na")


@cache
def content() -> dict:
    return load_yaml(DATA / "selfcheck.yaml")


@cache
def safeguard_list() -> dict:
    return load_yaml(DATA / "safeguard_list.yaml")


def languages() -> list[str]:
    return list(content()["languages"])


def questions() -> list[dict]:
    """All scored questions, each with the id of its area."""
    return [{**q, "area": area["id"]} for area in content()["areas"] for q in area["questions"]]


def question_ids() -> list[str]:
    return [q["id"] for q in questions()]


@dataclass
class Gap:
    question: str
    text: str
    answer: str
    action: str
    link: dict
    sources: list[str]


@dataclass
class AreaResult:
    id: str
    title: str
    intro: str
    percent: int | None  # None: nothing in this area applies
    level: str  # "strong" | "partial" | "start" | "na"
    label: str
    text: str
    gaps: list[Gap] = field(default_factory=list)


@dataclass
class RedFlag:
    id: str
    title: str
    text: str
    legal_reference: str
    action: str
    link: dict
    sources: list[str]
    verified: bool


@dataclass
class Result:
    version: str
    lang: str
    areas: list[AreaResult]
    red_flags: list[RedFlag]
    answered: int
    total: int

    @property
    def scores(self) -> dict[str, int | None]:
        """{area id: percent} – what is stored to show progress between checks."""
        return {area.id: area.percent for area in self.areas}


class AnswerError(ValueError):
    """Answers that do not fit the content (unknown question or value)."""


def validate(answers: dict) -> None:
    known = set(question_ids())
    for key, value in answers.items():
        if key.startswith("context."):
            continue
        if key not in known:
            raise AnswerError(f"unknown question: {key}")
        if value not in SCALE:
            raise AnswerError(f"{key}: answer must be one of {', '.join(SCALE)}")


def listed_countries(codes) -> list[str]:
    """The codes among `codes` that are on the WHO safeguards list (Anlage zu § 38 BeschV), in input order."""
    listed = set(safeguard_list()["countries"])
    return [code for code in codes or [] if code in listed]


def _level(percent: int | None, lang: str) -> tuple[str, str, str]:
    if percent is None:
        label = content()["answers"]["na"]["label"]
        return "na", pick(label, lang), ""
    for level in content()["levels"]:  # ordered from the highest minimum down
        if percent >= level["min"]:
            return level["id"], pick(level["label"], lang), pick(level["text"], lang)
    raise AssertionError("levels must end with min: 0")


def _flag(flag_id: str, lang: str, **values) -> RedFlag:
    spec = content()["red_flags"][flag_id]
    text = pick(spec["text"], lang)
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return RedFlag(
        id=flag_id,
        title=pick(spec["title"], lang),
        text=text,
        legal_reference=spec["legal_reference"],
        action=pick(spec["action"]["text"], lang),
        link=spec["action"]["link"],
        sources=list(spec["sources"]),
        verified=spec["verified"],
    )


def evaluate(answers: dict, *, lang: str = "de", country_name=None) -> Result:
    """The result of a self-check. `country_name(code, lang)` names countries in a red flag (default: the code)."""
    validate(answers)
    data = content()
    points = {key: spec.get("points") for key, spec in data["answers"].items()}
    areas: list[AreaResult] = []
    flags: dict[str, RedFlag] = {}
    answered = 0
    for area in data["areas"]:
        got = possible = 0
        gaps = []
        for q in area["questions"]:
            answer = answers.get(q["id"])
            if answer is None:
                continue
            answered += 1
            if answer == "na":
                continue
            got += points[answer]
            possible += points["yes"]
            if answer != "yes":
                gaps.append(
                    Gap(
                        question=q["id"],
                        text=pick(q["text"], lang),
                        answer=pick(data["answers"][answer]["label"], lang),
                        action=pick(q["action"]["text"], lang),
                        link=q["action"]["link"],
                        sources=list(q["sources"]),
                    )
                )
            rule = q.get("red_flag")
            if rule and answer in rule["answers"]:
                flags[rule["flag"]] = _flag(rule["flag"], lang)
        percent = round(100 * got / possible) if possible else None
        level, label, text = _level(percent, lang)
        areas.append(
            AreaResult(
                id=area["id"],
                title=pick(area["title"], lang),
                intro=pick(area["intro"], lang),
                percent=percent,
                level=level,
                label=label,
                text=text,
                gaps=gaps,
            )
        )
    if answers.get("context.health_care"):
        listed = listed_countries(answers.get("context.countries"))
        if listed:
            name = country_name or (lambda code, _lang: code)
            flags["safeguard_list"] = _flag(
                "safeguard_list", lang, countries=", ".join(name(code, lang) for code in listed)
            )
    if answers.get("context.westbalkan_agency"):
        flags["westbalkan_agency"] = _flag("westbalkan_agency", lang)
    order = list(data["red_flags"])
    return Result(
        version=data["version"],
        lang=lang,
        areas=areas,
        red_flags=sorted(flags.values(), key=lambda flag: order.index(flag.id)),
        answered=answered,
        total=len(question_ids()),
    )


def progress(previous: dict[str, int | None], current: dict[str, int | None]) -> dict[str, int | None]:
    """Change in percentage points per area between two saved checks (None where either is not applicable)."""
    return {
        area: (current[area] - previous[area])
        if current.get(area) is not None and previous.get(area) is not None
        else None
        for area in current
    }
