"""The adaptive interview: which question to ask next, and when to stop (pure Python, no Django).

An interview is a dict of answers keyed by question id. A question is one page and may set several input fields
(`questions.yaml`, `fields`): the job question sets the occupation, its ISCO code and whether the position needs a
qualification; the qualification question sets the level and, when it is the job's own occupation, the
profession and that the job fits. `DONT_KNOW` is an honoured answer: the fields stay null, and the pathway that
needs them says so in `missing`.

Choosing the next question:
1. Assess the answers so far (unanswered fields are null; an unanswered job question is an unknown job, not
   "none").
2. Candidates are the askable questions that set a field some still-open pathway (needs_information) names in
   `missing`: only those can still decide something. Nothing is asked that an earlier answer implies: job details
   come after the job, recognition only after a level other than "keine formale Qualifikation", the exact
   occupation only for a job in an ISCO group that mixes regulated and unregulated occupations.
3. The core questions come first, in their natural order, whenever they are candidates: the job, the salary, the
   qualification, its recognition. After them the pathways closest to a decision pull hardest (each open pathway
   spreads a weight of 1/k² over its k unanswered questions); ties go to the natural order.
4. When no open pathway misses an unanswered field, every remaining question is probed once more: one whose answer
   could still change any pathway's status (a fixed-term job under six months, which the contract's "null =
   open-ended" would otherwise hide) is asked. Then the routing question (place of work), then the end.

The same interview drives the web navigator (lotse.navigator) and `lotse interview --batch`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from lotse.rules import validation
from lotse.rules.conditions import ELIGIBLE, NEEDS_INFORMATION, NOT_ELIGIBLE
from lotse.rules.engine import LocalAuthorityResolver, assess
from lotse.rules.errors import InputError
from lotse.rules.occupations import catalogue, isco_groups, occupation
from lotse.rules.validation import parse_date

DONT_KNOW = "dont_know"
NO_JOB = "none"
QUESTIONS_FILE = Path(__file__).with_name("questions.yaml")
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


# --- answers → contract input -------------------------------------------------------------------------------


def job_answer(kind: str | None, occupation_id: str | None = None, isco: str | None = None) -> dict:
    """The stored answer of the job question: the kind of offer and the chosen catalogue entry, with what the
    entry implies (its ISCO code; whether the position needs a qualification)."""
    entry = occupation(occupation_id)
    return {
        "kind": kind,
        "occupation": entry.id if entry else None,
        "isco": entry.isco if entry else isco,
        "qualified": entry.qualified if entry else None,
    }


def qualification_answer(level: str | None, *, job: dict | None, same_as_job: bool, occupation_id: str | None) -> dict:
    """The stored answer of the qualification question. "Same as the job" implies the profession and that the job
    fits the qualification; another occupation implies its profession only."""
    if level not in LEVELS_WITH_QUALIFICATION:
        return {"level": level, "occupation": None, "profession": None, "matches": None}
    chosen = (job or {}).get("occupation") if same_as_job else occupation_id
    entry = occupation(chosen)
    return {
        "level": level,
        "occupation": entry.id if entry else None,
        "profession": entry.profession if entry else None,
        "matches": True if same_as_job and job and job.get("kind") not in (None, NO_JOB) else None,
    }


def field_values(q: Question, value: Any) -> dict[str, Any]:
    """The input fields an answer to `q` sets (None values set nothing)."""
    if value == DONT_KNOW or value is None:
        return {}
    if q.kind == "job":
        if value.get("kind") == NO_JOB:
            return {}
        return {
            "job.kind": value.get("kind"),
            "job.isco": value.get("isco"),
            "job.occupation": value.get("occupation"),
            "job.qualified": value.get("qualified"),
        }
    if q.kind == "qualification":
        return {
            "candidate.qualification.level": value.get("level"),
            "candidate.qualification.occupation": value.get("occupation"),
            "candidate.qualification.profession": value.get("profession"),
            "job.matches_qualification": value.get("matches"),
        }
    if q.kind == "group":
        return {path: value.get(path) for path in q.fields}
    return {q.fields[0]: value}


def _set(target: dict, path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for key in parents:
        target = target.setdefault(key, {})
    target[leaf] = value


def has_job(answers: dict[str, Any]) -> bool:
    """False only when the job question was answered with "no concrete position yet"."""
    answer = answers.get("job")
    return not (isinstance(answer, dict) and answer.get("kind") == NO_JOB)


def build_input(answers: dict[str, Any], *, as_of: date | str | None = None) -> dict:
    """The contract input for the answers given. An unanswered or unknown job is an unknown job (`{}`), "no
    concrete position" is no job offer (no `job` key); every field answered "don't know" stays null. Answers to
    questions that no longer exist (stored by an older version) are ignored."""
    data: dict[str, Any] = {"candidate": {}}
    if as_of is not None:
        data["as_of"] = as_of if isinstance(as_of, str) else as_of.isoformat()
    job = has_job(answers)
    if job:
        data["job"] = {}
    catalogue_ = questions()
    for question_id, value in answers.items():
        q = catalogue_.get(question_id)
        if q is None:
            continue
        for path, field_value in field_values(q, value).items():
            if field_value is None:
                continue
            if path == "candidate.citizenship":
                codes = list(field_value) if isinstance(field_value, list | tuple) else [field_value]
                if len(codes) == 1:
                    data["candidate"]["citizenship"] = codes[0]
                else:
                    data["candidate"]["citizenships"] = codes
            elif path.startswith("job."):
                if job:
                    _set(data["job"], path[4:], field_value)
            else:
                _set(data, path, field_value)
    return data


def _profile_value(profile: dict, path: str) -> Any:
    value: Any = profile
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def answer_from_profile(q: Question, profile: dict) -> Any:
    """How someone who knows this complete contract input would answer (a missing field = "don't know").

    The job question answers with the profile's ISCO code, occupation and "qualified" – as if the employer picked
    the catalogue entry that describes the position. The qualification question answers "same as the job" only
    where the profile says the job fits; a job that does not fit is then asked on its own page."""
    if q.id == "candidate.citizenship":
        candidate = profile.get("candidate") or {}
        codes = []
        if candidate.get("citizenship"):
            codes.append(candidate["citizenship"])
        codes.extend(code for code in candidate.get("citizenships") or [] if code not in codes)
        return codes or DONT_KNOW
    if q.kind == "job":
        job = profile.get("job")
        if job is None:
            return {"kind": NO_JOB, "occupation": None, "isco": None, "qualified": None}
        answer = {key: job.get(key) for key in ("kind", "occupation", "isco", "qualified")}
        return answer if any(value is not None for value in answer.values()) else DONT_KNOW
    if q.kind == "qualification":
        qualification = (profile.get("candidate") or {}).get("qualification") or {}
        level = qualification.get("level")
        if level is None:
            return DONT_KNOW
        if level not in LEVELS_WITH_QUALIFICATION:
            return {"level": level, "occupation": None, "profession": None, "matches": None}
        matches = _profile_value(profile, "job.matches_qualification")
        return {
            "level": level,
            "occupation": qualification.get("occupation"),
            "profession": qualification.get("profession"),
            "matches": True if matches is True else None,
        }
    if q.kind == "group":
        answer = {path: _profile_value(profile, path) for path in q.fields}
        return answer if any(value is not None for value in answer.values()) else DONT_KNOW
    value = _profile_value(profile, q.fields[0])
    return DONT_KNOW if value is None else value


# --- choosing the next question -----------------------------------------------------------------------------


def _statuses(result: dict) -> tuple:
    return (result["free_movement"], *(pathway["status"] for pathway in result["pathways"]))


def _try(answers: dict, as_of: date | str | None) -> dict | None:
    try:
        return assess(build_input(answers, as_of=as_of), as_of=as_of)
    except InputError:
        return None  # e.g. a probe that contradicts an earlier answer (more experience in 5 than in 7 years)


def _level(answers: dict) -> str | None:
    answer = answers.get("candidate.qualification")
    return answer.get("level") if isinstance(answer, dict) else None


def mixed_group_entries(answers: dict) -> list:
    """Catalogue entries to choose from when the job lies in an ISCO group of regulated and unregulated
    occupations and the chosen entry does not settle it (empty otherwise)."""
    answer = answers.get("job")
    if not isinstance(answer, dict) or not answer.get("isco") or answer.get("kind") == NO_JOB:
        return []
    entry = occupation(answer.get("occupation"))
    if entry is not None and entry.regulated is not None:
        return []
    group = isco_groups().get(answer["isco"])
    if group is None or group.regulation != "mixed":
        return []
    return [e for e in catalogue().values() if e.isco == group.code and e.kind != "isco_group"]


def _answered_fields(answers: dict) -> set[str]:
    """Input paths an answer already set (a job's catalogue entry sets job.qualified, for instance)."""
    catalogue_ = questions()
    paths: set[str] = set()
    for question_id, value in answers.items():
        q = catalogue_.get(question_id)
        if q is not None:
            paths.update(path for path, field_value in field_values(q, value).items() if field_value is not None)
    return paths


def _askable(q: Question, answers: dict) -> bool:
    if q.id in answers:
        return False
    if len(q.fields) == 1 and q.fields[0] in _answered_fields(answers):
        return False  # never ask what an earlier answer implies
    if q.job and ("job" not in answers or not has_job(answers) or answers["job"] == DONT_KNOW):
        return False  # job details come after the job, and only when there is one
    if q.level and ("candidate.qualification" not in answers or _level(answers) == "none"):
        return False  # recognition only after the level was asked, and never for "keine formale Qualifikation"
    if q.kind == "occupation" and not mixed_group_entries(answers):
        return False
    if q.id == "job.matches_qualification" and "candidate.qualification" not in answers:
        return False  # the qualification question may settle it ("same as the job")
    return True


def _open_missing(result: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for pathway in result["pathways"]:
        if pathway["status"] == NEEDS_INFORMATION:
            for path in pathway["missing"]:
                counts[path] = counts.get(path, 0) + 1
    return counts


def _question_for(path: str, answers: dict) -> str | None:
    """The first askable question that sets `path`."""
    catalogue_ = questions()
    for question_id in field_questions().get(path, ()):
        if _askable(catalogue_[question_id], answers):
            return question_id
    return None


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


def _pick(candidates: set[str], result: dict, answers: dict) -> str:
    """The first core question among the candidates; else pursue the pathways closest to a decision: each open
    pathway spreads a weight of 1/k² over its k unanswered questions, so a question that finishes an almost
    decided pathway beats one that merely appears in many pathways (ties: natural order)."""
    for question_id in CORE:
        if question_id in candidates:
            return question_id
    catalogue_ = questions()
    weights: dict[str, float] = {}
    for pathway in result["pathways"]:
        if pathway["status"] != NEEDS_INFORMATION:
            continue
        open_questions = {_question_for(path, answers) for path in pathway["missing"]} & candidates
        for qid in open_questions:
            weights[qid] = weights.get(qid, 0.0) + 1.0 / len(open_questions) ** 2
    return min(candidates, key=lambda qid: (-weights.get(qid, 0.0), catalogue_[qid].order))


def _as_date(as_of: date | str | None) -> date:
    if isinstance(as_of, date):
        return as_of
    return parse_date(as_of) or validation.today()


def next_question(answers: dict[str, Any], *, as_of: date | str | None = None) -> Question | None:
    """The question that matters most given `answers`, or None when the interview is complete."""
    if "candidate.citizenship" not in answers or answers["candidate.citizenship"] == DONT_KNOW:
        # The contract needs a citizenship before anything can be assessed.
        return None if answers.get("candidate.citizenship") == DONT_KNOW else question("candidate.citizenship")
    result = _try(answers, as_of)
    if result is None or result["free_movement"]:
        return None
    catalogue_ = questions()
    candidates = {qid for path in _open_missing(result) if (qid := _question_for(path, answers)) is not None}
    if candidates:
        return catalogue_[_pick(candidates, result, answers)]
    # Nothing an open pathway misses is left: could any other answer still change an outcome?
    current = _statuses(result)
    best: tuple[int, int, str] | None = None
    for q in catalogue_.values():
        if q.routing or not _askable(q, answers):
            continue
        changed = _changes_outcome(q, answers, as_of, current)
        if changed and (best is None or (-changed, q.order) < (best[0], best[1])):
            best = (-changed, q.order, q.id)
    if best is not None:
        return catalogue_[best[2]]
    for q in catalogue_.values():
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

    @property
    def decisive(self) -> bool:
        """Some pathway is possible (or free movement), or every pathway is closed."""
        return self.assessment is not None and is_decisive(self.assessment)

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
    lost when an earlier answer changes) but do not count. Raises ParameterNotInForce for a date the rules do
    not cover."""
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
        path=path,
        answers=answers,
        current=q,
        assessment=assessment,
        decided=decided,
        total=total,
        stored=dict(stored),
    )


def is_decisive(result: dict) -> bool:
    if result["free_movement"]:
        return True
    statuses = [pathway["status"] for pathway in result["pathways"]]
    return ELIGIBLE in statuses or all(status == NOT_ELIGIBLE for status in statuses)


def simulate(profile: dict, *, as_of: date | str | None = None, lang: str = "de") -> dict:
    """Run the interview for a complete contract input, answering every question from it.

    Returns {"asked": [...], "decisive_after": N | None, "final": <assessment output>}. `decisive_after` is the
    number of questions after which the assessment of just those answers was decisive – a pathway eligible that
    the final answer confirms, or every pathway not eligible as in the final answer (free movement counts as
    decisive); None if that never happened.
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
        if not is_decisive(result):
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
    "CORE",
    "DONT_KNOW",
    "NO_JOB",
    "InterviewState",
    "Option",
    "Part",
    "Question",
    "answer_from_profile",
    "build_input",
    "decisive_after",
    "field_questions",
    "field_values",
    "has_job",
    "is_decisive",
    "job_answer",
    "mixed_group_entries",
    "next_question",
    "progress",
    "qualification_answer",
    "question",
    "questions",
    "replay",
    "simulate",
]
