"""Choosing the next question (see the package's description)."""

from __future__ import annotations

from datetime import date
from typing import Any

from lotse.rules import validation
from lotse.rules.conditions import NEEDS_INFORMATION
from lotse.rules.engine import outline
from lotse.rules.errors import InputError
from lotse.rules.interview.answers import build_input, field_values, has_job
from lotse.rules.interview.questions import CORE, DONT_KNOW, NO_JOB, Question, field_questions, question, questions
from lotse.rules.occupations import catalogue, isco_groups, occupation
from lotse.rules.validation import parse_date


def _statuses(result: dict) -> tuple:
    return (result["free_movement"], *(pathway["status"] for pathway in result["pathways"]))


def _try(answers: dict, as_of: date | str | None) -> dict | None:
    """The outline of the assessment of `answers` (free movement, each pathway's status and missing fields)."""
    try:
        return outline(build_input(answers, as_of=as_of), as_of=as_of)
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
