"""From answers to the contract input of `assess`, and from a complete profile back to answers."""

from __future__ import annotations

from datetime import date
from typing import Any

from lotse.rules.interview.questions import DONT_KNOW, LEVELS_WITH_QUALIFICATION, NO_JOB, Question, questions
from lotse.rules.occupations import occupation


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
