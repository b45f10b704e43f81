"""Replaying an interview (the navigator's state) and simulating one for a complete profile (`lotse interview`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lotse.rules.conditions import ELIGIBLE, NEEDS_INFORMATION, NOT_ELIGIBLE
from lotse.rules.engine import LocalAuthorityResolver, assess
from lotse.rules.errors import InputError
from lotse.rules.interview.answers import answer_from_profile, build_input
from lotse.rules.interview.choosing import _try, next_question
from lotse.rules.interview.questions import DONT_KNOW, Question


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
