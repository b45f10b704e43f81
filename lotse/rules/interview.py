"""The adaptive interview: which question to ask next, and when to stop (pure Python, no Django).

An interview is a dict of answers keyed by question id (= the input field path it sets). `DONT_KNOW` is an
honoured answer: the field stays null, and the pathway that needs it says so in `missing`.

Choosing the next question:
1. Assess the answers so far (unanswered fields are null; an unanswered job offer is an unknown job, not "none").
2. Candidates are the unanswered questions whose field some still-open pathway (needs_information) names in
   `missing`: only those can still decide something. The pathways closest to a decision pull hardest (each open
   pathway spreads a weight of 1/k² over its k unanswered fields); ties go to the number of pathways that miss
   the field, then to the natural order of questions.yaml.
3. When no open pathway misses an unanswered field, every remaining question is probed once more: one whose answer
   could still change any pathway's status (e.g. a fixed-term job under six months, which the contract's
   "null = open-ended" would otherwise hide) is asked. Otherwise the routing questions (place of work) follow,
   and then the interview ends.

The same interview drives the web navigator (lotse.navigator) and `lotse interview --batch`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from lotse.rules.conditions import ELIGIBLE, NEEDS_INFORMATION, NOT_ELIGIBLE
from lotse.rules.engine import LocalAuthorityResolver, assess
from lotse.rules.errors import InputError
from lotse.rules.professions import PROFESSIONS, professions
from lotse.rules.validation import parse_date

DONT_KNOW = "dont_know"
NO_JOB = "none"
QUESTIONS_FILE = Path(__file__).with_name("questions.yaml")


@dataclass(frozen=True)
class Option:
    value: Any
    de: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.de


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    order: int
    text: dict
    help: dict
    example: dict
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    probes: tuple = ()
    probes_years_before: tuple[int, ...] = ()
    job: bool = False
    routing: bool = False

    def label(self, lang: str) -> str:
        return self.text["en" if lang == "en" else "de"]

    def help_text(self, lang: str) -> str:
        return self.help["en" if lang == "en" else "de"]

    def example_text(self, lang: str) -> str:
        return self.example["en" if lang == "en" else "de"]

    def choices(self, lang: str) -> list[tuple[Any, str]]:
        """(value, label) pairs of a choice, boolean or profession question (without "don't know")."""
        if self.kind == "boolean":
            return [(True, "Yes" if lang == "en" else "Ja"), (False, "No" if lang == "en" else "Nein")]
        if self.kind == "profession":
            catalogue = professions()
            return [(key, catalogue[key]["title"]["en" if lang == "en" else "de"]) for key in PROFESSIONS]
        return [(option.value, option.label(lang)) for option in self.options]

    def probe_values(self, as_of: date) -> list[Any]:
        if self.kind in ("choice", "boolean", "profession"):
            return [value for value, _ in self.choices("de")]
        if self.kind == "date":
            return [_years_before(as_of, years).isoformat() for years in self.probes_years_before]
        return list(self.probes)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@lru_cache(maxsize=1)
def questions() -> dict[str, Question]:
    """Every question of the interview by id, in natural order."""
    raw = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    result = {}
    for item in sorted(raw, key=lambda entry: entry["order"]):
        options = tuple(Option(o["value"], o["de"], o["en"]) for o in item.get("options", ()))
        result[item["id"]] = Question(
            id=item["id"],
            kind=item["kind"],
            order=item["order"],
            text=item["text"],
            help=item["help"],
            example=item["example"],
            options=options,
            minimum=item.get("minimum"),
            maximum=item.get("maximum"),
            probes=tuple(item.get("probes", ())),
            probes_years_before=tuple(item.get("probes_years_before", ())),
            job=bool(item.get("job", False)),
            routing=bool(item.get("routing", False)),
        )
    return result


def question(question_id: str) -> Question:
    return questions()[question_id]


# --- answers → contract input -------------------------------------------------------------------------------


def _set(target: dict, path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for key in parents:
        target = target.setdefault(key, {})
    target[leaf] = value


def build_input(answers: dict[str, Any], *, as_of: date | str | None = None) -> dict:
    """The contract input for the answers given. An unanswered or unknown job offer is an unknown job (`{}`),
    "none" is no job offer (no `job` key); every field answered "don't know" stays null."""
    data: dict[str, Any] = {"candidate": {}}
    if as_of is not None:
        data["as_of"] = as_of if isinstance(as_of, str) else as_of.isoformat()
    has_job = answers.get("job.kind") != NO_JOB
    if has_job:
        data["job"] = {}
    for question_id, value in answers.items():
        if value == DONT_KNOW or value is None:
            continue
        if question_id == "candidate.citizenship":
            codes = list(value) if isinstance(value, list | tuple) else [value]
            if len(codes) == 1:
                data["candidate"]["citizenship"] = codes[0]
            else:
                data["candidate"]["citizenships"] = codes
            continue
        if question_id.startswith("job."):
            if not has_job or question_id == "job.kind" and value == NO_JOB:
                continue
            _set(data["job"], question_id[4:], value)
            continue
        _set(data, question_id, value)
    return data


def answer_from_profile(q: Question, profile: dict) -> Any:
    """How a candidate with this complete contract input would answer (a missing field = "don't know")."""
    if q.id == "candidate.citizenship":
        candidate = profile.get("candidate") or {}
        codes = []
        if candidate.get("citizenship"):
            codes.append(candidate["citizenship"])
        codes.extend(code for code in candidate.get("citizenships") or [] if code not in codes)
        return codes or DONT_KNOW
    if q.id == "job.kind" and profile.get("job") is None:
        return NO_JOB
    value: Any = profile
    for key in q.id.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if value is None:
        return DONT_KNOW
    return value


# --- choosing the next question -----------------------------------------------------------------------------


def _statuses(result: dict) -> tuple:
    return (result["free_movement"], *(pathway["status"] for pathway in result["pathways"]))


def _try(answers: dict, as_of: date | str | None) -> dict | None:
    try:
        return assess(build_input(answers, as_of=as_of), as_of=as_of)
    except InputError:
        return None  # a probe that contradicts an earlier answer (e.g. more experience in 5 than in 7 years)


def _askable(q: Question, answers: dict) -> bool:
    if q.id in answers:
        return False
    if q.job and answers.get("job.kind") in (None, NO_JOB):
        return False  # job details come after the question whether there is a job offer at all
    return True


def _open_missing(result: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for pathway in result["pathways"]:
        if pathway["status"] == NEEDS_INFORMATION:
            for path in pathway["missing"]:
                counts[path] = counts.get(path, 0) + 1
    return counts


def _field_question(path: str) -> str | None:
    """The question deciding an input path (`candidate.citizenships` is the citizenship question)."""
    if path == "candidate.citizenships":
        return "candidate.citizenship"
    return path if path in questions() else None


def _changes_outcome(q: Question, answers: dict, as_of, current: tuple) -> int:
    """How many pathway statuses some answer to `q` would change (0: the question cannot matter any more)."""
    changed = 0
    for value in q.probe_values(_as_date(as_of)):
        result = _try({**answers, q.id: value}, as_of)
        if result is None:
            continue
        statuses = _statuses(result)
        changed = max(changed, sum(1 for old, new in zip(current, statuses, strict=False) if old != new))
    return changed


def _pick(candidates: dict[str, int], result: dict) -> str:
    """Pursue the pathways closest to a decision: each open pathway spreads a weight of 1/k² over its k
    unanswered fields, so a question that finishes an almost decided pathway beats one that merely appears
    in many pathways. Measured on the scenario suite (bench/interview.py) against 1/k and plain counts."""
    catalogue = questions()
    weights: dict[str, float] = {}
    for pathway in result["pathways"]:
        if pathway["status"] != NEEDS_INFORMATION:
            continue
        open_fields = {_field_question(path) for path in pathway["missing"]} & candidates.keys()
        for qid in open_fields:
            weights[qid] = weights.get(qid, 0.0) + 1.0 / len(open_fields) ** 2
    return min(candidates, key=lambda qid: (-weights.get(qid, 0.0), -candidates[qid], catalogue[qid].order))


def _as_date(as_of: date | str | None) -> date:
    if isinstance(as_of, date):
        return as_of
    return parse_date(as_of) or date.today()


def next_question(answers: dict[str, Any], *, as_of: date | str | None = None) -> Question | None:
    """The question that matters most given `answers`, or None when the interview is complete."""
    if "candidate.citizenship" not in answers or answers["candidate.citizenship"] == DONT_KNOW:
        # The contract needs a citizenship before anything can be assessed.
        return None if answers.get("candidate.citizenship") == DONT_KNOW else question("candidate.citizenship")
    result = _try(answers, as_of)
    if result is None:
        return None
    if result["free_movement"]:
        return None
    current = _statuses(result)
    catalogue = questions()
    missing = _open_missing(result)
    candidates: dict[str, int] = {}
    for path, count in missing.items():
        question_id = _field_question(path)
        if question_id is not None and _askable(catalogue[question_id], answers):
            candidates[question_id] = candidates.get(question_id, 0) + count
    if "job.kind" in candidates or (
        "job.kind" not in answers and any(q.job and q.id in candidates for q in catalogue.values())
    ):
        return catalogue["job.kind"]  # whether there is an offer at all comes before its details
    if candidates:
        return catalogue[_pick(candidates, result)]
    # Nothing an open pathway misses is left: could any other answer still change an outcome?
    best: tuple[int, int, str] | None = None
    for q in catalogue.values():
        if q.routing or not _askable(q, answers):
            continue
        changed = _changes_outcome(q, answers, as_of, current)
        if changed and (best is None or (-changed, q.order) < (best[0], best[1])):
            best = (-changed, q.order, q.id)
    if best is not None:
        return catalogue[best[2]]
    for q in catalogue.values():
        if q.routing and _askable(q, answers):
            return q
    return None


# --- replaying an interview ---------------------------------------------------------------------------------


@dataclass
class InterviewState:
    """Where an interview stands: the questions asked in order (each with its answer), the current question
    (None when complete) and the assessment of the answers so far."""

    path: list[str]
    answers: dict[str, Any]
    current: Question | None
    assessment: dict | None
    decided: int = 0
    total: int = 0
    stored: dict[str, Any] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.current is None

    def previous(self, question_id: str | None) -> str | None:
        """The question before `question_id` (before the current question when None) in the path."""
        if question_id is None or question_id not in self.path:
            return self.path[-1] if self.path else None
        index = self.path.index(question_id)
        return self.path[index - 1] if index > 0 else None

    def following(self, question_id: str) -> str | None:
        """The question after `question_id` in the path; the current question after the last answered one."""
        if question_id in self.path:
            index = self.path.index(question_id)
            if index + 1 < len(self.path):
                return self.path[index + 1]
        return None if self.current is None else self.current.id


def progress(result: dict | None) -> tuple[int, int]:
    """(decided pathways, all pathways); free movement counts as everything decided."""
    if result is None:
        return 0, 0
    total = len(result["pathways"])
    if result["free_movement"]:
        return 1, 1
    return sum(1 for p in result["pathways"] if p["status"] != NEEDS_INFORMATION), total


def replay(
    stored: dict[str, Any],
    *,
    as_of: date | str | None = None,
    lang: str = "de",
    local_authority_resolver: LocalAuthorityResolver | None = None,
) -> InterviewState:
    """Replay the interview over the stored answers: each next question that has a stored answer takes it, the
    first one without an answer is the current question. Answers off the path stay stored (nothing typed is
    lost when an earlier answer changes) but do not count."""
    answers: dict[str, Any] = {}
    path: list[str] = []
    while True:
        q = next_question(answers, as_of=as_of)
        if q is None or q.id not in stored:
            break
        answers[q.id] = stored[q.id]
        path.append(q.id)
    assessment = None
    if answers.get("candidate.citizenship") not in (None, DONT_KNOW):
        try:
            assessment = assess(
                build_input(answers, as_of=as_of),
                as_of=as_of,
                lang=lang,
                local_authority_resolver=local_authority_resolver,
            )
        except InputError:
            assessment = None
    decided, total = progress(assessment)
    return InterviewState(
        path=path, answers=answers, current=q, assessment=assessment, decided=decided, total=total,
        stored=dict(stored),
    )


def _decisive(result: dict) -> bool:
    if result["free_movement"]:
        return True
    statuses = [pathway["status"] for pathway in result["pathways"]]
    return ELIGIBLE in statuses or all(status == NOT_ELIGIBLE for status in statuses)


def simulate(profile: dict, *, as_of: date | str | None = None, lang: str = "de") -> dict:
    """Run the interview for a complete contract input, answering every question from it.

    Returns {"asked": [...], "decisive_after": N | None, "final": <assessment output>}. `decisive_after` is the
    number of questions after which the first pathway was eligible (and stayed so to the end) or all pathways
    were not eligible (free movement counts as decisive); None if that never happened.
    """
    as_of = as_of if as_of is not None else profile.get("as_of")
    answers: dict[str, Any] = {}
    asked: list[str] = []
    history: list[dict] = []
    while True:
        q = next_question(answers, as_of=as_of)
        if q is None:
            break
        answers[q.id] = answer_from_profile(q, profile)
        asked.append(q.id)
        snapshot = _try(answers, as_of)
        if snapshot is not None:
            history.append(snapshot)
    final = assess(build_input(answers, as_of=as_of), as_of=as_of, lang=lang)
    return {"asked": asked, "decisive_after": decisive_after(history, final), "final": final}


def decisive_after(history: list[dict], final: dict) -> int | None:
    """The first step whose assessment is decisive in a way the final assessment confirms."""
    final_status = {p["id"]: p["status"] for p in final["pathways"]}
    for step, result in enumerate(history, start=1):
        if not _decisive(result):
            continue
        if result["free_movement"]:
            return step if final["free_movement"] else None
        eligible = [p["id"] for p in result["pathways"] if p["status"] == ELIGIBLE]
        if eligible:
            if any(final_status.get(pid) == ELIGIBLE for pid in eligible):
                return step
            continue
        if all(status == NOT_ELIGIBLE for status in final_status.values()):
            return step
    return None


__all__ = [
    "DONT_KNOW",
    "NO_JOB",
    "InterviewState",
    "Option",
    "Question",
    "answer_from_profile",
    "build_input",
    "decisive_after",
    "next_question",
    "progress",
    "question",
    "questions",
    "replay",
    "simulate",
]
