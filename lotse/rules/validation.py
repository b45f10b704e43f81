"""Strict validation of the contract input into a normalised, fully populated structure.

Unknown keys are ignored (the contract allows added fields); absent and null both become None
("not known yet").
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from lotse.core.numbers import is_finite_number
from lotse.rules.countries import ISO_ALPHA2
from lotse.rules.errors import InputError
from lotse.rules.professions import PROFESSIONS

LANGUAGE_LEVELS = ("none", "A1", "A2", "B1", "B2", "C1", "C2")
LEVEL_RANK = {level: rank for rank, level in enumerate(LANGUAGE_LEVELS)}
QUALIFICATION_LEVELS = ("academic", "vocational", "none")
RECOGNITION_RESULTS = ("full", "partial", "none", "pending", "not_applied")
RESIDENCES = ("abroad", "germany")
JOB_KINDS = ("employment", "vocational_training")

# Upper bounds of plausibility for values the law itself does not bound (no arithmetic on unbounded numbers).
MAX_SALARY_EUR = 100_000_000
MAX_DURATION_MONTHS = 1200

_ISCO = re.compile(r"[0-9]{2,4}")
_AGS = re.compile(r"[0-9]{5}|[0-9]{8}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Collector:
    """Collects every error before raising, so the caller sees all problems at once."""

    def __init__(self) -> None:
        self.details: list[tuple[str, str, dict]] = []

    def add(self, path: str, code: str, **params: Any) -> None:
        self.details.append((path, code, params))


def parse_date(value: Any) -> date | None:
    """A date from 'YYYY-MM-DD' (or a date object); None if it is not one."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _is_number(value: Any) -> bool:
    """An int of any size (compared exactly, never converted) or a finite float; never bool, never a number
    literal the JSON reader refused (lotse.core.numbers.RefusedNumber is a str)."""
    return is_finite_number(value)


def _number(
    errors: _Collector, obj: dict, key: str, path: str, *, maximum: float | None = None, cap: float | None = None
) -> float | None:
    """A number >= 0, at most `maximum` (a bound of the law, said in the message for every error) or `cap` (a
    bound of plausibility, said only when exceeded)."""
    value = obj.get(key)
    if value is None:
        return None
    if cap is not None and _is_number(value) and value > cap:
        errors.add(f"{path}.{key}", "number_max", max=cap)
        return None
    if not _is_number(value) or value < 0 or (maximum is not None and value > maximum):
        if maximum is None:
            errors.add(f"{path}.{key}", "number_min", min=0)
        else:
            errors.add(f"{path}.{key}", "number_range", min=0, max=maximum)
        return None
    return value


def _integer(errors: _Collector, obj: dict, key: str, path: str, *, maximum: int) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= maximum:
        errors.add(f"{path}.{key}", "integer_range", min=0, max=maximum)
        return None
    return value


def _boolean(errors: _Collector, obj: dict, key: str, path: str) -> bool | None:
    value = obj.get(key)
    if value is None or isinstance(value, bool):
        return value
    errors.add(f"{path}.{key}", "boolean")
    return None


def _enum(errors: _Collector, obj: dict, key: str, path: str, choices: tuple[str, ...]) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or value not in choices:
        errors.add(f"{path}.{key}", "enum", choices=", ".join(choices))
        return None
    return value


def _country(errors: _Collector, obj: dict, key: str, path: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or value not in ISO_ALPHA2:
        errors.add(f"{path}.{key}", "country")
        return None
    return value


def _occupation(errors: _Collector, obj: dict, key: str, path: str) -> str | None:
    """A catalogue id of the occupation search (lotse.occupations/v1), e.g. "pflegefachfrau" or "isco-2431"."""
    from lotse.rules.occupations import catalogue

    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 80 or value not in catalogue():
        errors.add(f"{path}.{key}", "occupation")
        return None
    return value


def _object(errors: _Collector, obj: dict, key: str, path: str) -> dict:
    value = obj.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.add(f"{path}.{key}" if path else key, "object")
        return {}
    return value


def _citizenships(errors: _Collector, candidate: dict) -> list[str]:
    result: list[str] = []
    single = _country(errors, candidate, "citizenship", "candidate")
    if single:
        result.append(single)
    several = candidate.get("citizenships")
    if several is not None:
        if (
            not isinstance(several, list)
            or not several
            or not all(isinstance(code, str) and code in ISO_ALPHA2 for code in several)
        ):
            errors.add("candidate.citizenships", "country_list")
        else:
            result.extend(code for code in several if code not in result)
    if not result and candidate.get("citizenship") is None and several is None:
        errors.add("candidate.citizenship", "citizenship_required")
    return result


def _candidate(errors: _Collector, data: dict, as_of: date) -> dict:
    if data.get("candidate") is None:
        errors.add("candidate", "required")
    raw = _object(errors, data, "candidate", "")
    path = "candidate"
    qualification_raw = _object(errors, raw, "qualification", path)
    qpath = "candidate.qualification"
    obtained_on = None
    if qualification_raw.get("obtained_on") is not None:
        obtained_on = parse_date(qualification_raw["obtained_on"])
        if obtained_on is None:
            errors.add(f"{qpath}.obtained_on", "date")
        elif obtained_on > as_of:
            errors.add(f"{qpath}.obtained_on", "date_after_as_of", as_of=as_of.isoformat())
            obtained_on = None
    qualification = {
        "level": _enum(errors, qualification_raw, "level", qpath, QUALIFICATION_LEVELS),
        "duration_years": _number(errors, qualification_raw, "duration_years", qpath, maximum=20),
        "state_recognised_abroad": _boolean(errors, qualification_raw, "state_recognised_abroad", qpath),
        "german_recognition": _enum(errors, qualification_raw, "german_recognition", qpath, RECOGNITION_RESULTS),
        "obtained_on": obtained_on,
        "profession": _enum(errors, qualification_raw, "profession", qpath, PROFESSIONS),
        # Engine extensions (see CONDITIONS.md).
        "country": _country(errors, qualification_raw, "country", qpath),
        "measure_confirmed": _boolean(errors, qualification_raw, "measure_confirmed", qpath),
        "occupation": _occupation(errors, qualification_raw, "occupation", qpath),
    }
    experience_raw = _object(errors, raw, "experience", path)
    epath = "candidate.experience"
    experience = {
        "years_last_5": _number(errors, experience_raw, "years_last_5", epath, maximum=5),
        "years_last_7": _number(errors, experience_raw, "years_last_7", epath, maximum=7),
    }
    if (
        experience["years_last_5"] is not None
        and experience["years_last_7"] is not None
        and experience["years_last_5"] > experience["years_last_7"]
    ):
        errors.add(f"{epath}.years_last_5", "not_more_than", other=f"{epath}.years_last_7")
    languages_raw = _object(errors, raw, "languages", path)
    languages = {
        "german": _enum(errors, languages_raw, "german", "candidate.languages", LANGUAGE_LEVELS),
        "english": _enum(errors, languages_raw, "english", "candidate.languages", LANGUAGE_LEVELS),
    }
    return {
        "citizenships": _citizenships(errors, raw),
        "age": _integer(errors, raw, "age", path, maximum=120),
        "residence": _enum(errors, raw, "residence", path, RESIDENCES),
        "qualification": qualification,
        "experience": experience,
        "languages": languages,
        "previous_stay_germany_months": _number(errors, raw, "previous_stay_germany_months", path, maximum=60),
        "partner_meets_opportunity_card": _boolean(errors, raw, "partner_meets_opportunity_card", path),
        "funds_secured": _boolean(errors, raw, "funds_secured", path),
        "adequate_pension": _boolean(errors, raw, "adequate_pension", path),
        "asylum_benefits_last_24_months": _boolean(errors, raw, "asylum_benefits_last_24_months", path),
    }


def _job(errors: _Collector, data: dict) -> dict | None:
    if data.get("job") is None:
        return None
    raw = _object(errors, data, "job", "")
    path = "job"
    isco = raw.get("isco")
    if isco is not None and not (isinstance(isco, str) and _ISCO.fullmatch(isco)):
        errors.add("job.isco", "isco")
        isco = None
    ags = raw.get("municipality_ags")
    if ags is not None and not (isinstance(ags, str) and _AGS.fullmatch(ags)):
        errors.add("job.municipality_ags", "ags")
        ags = None
    return {
        "kind": _enum(errors, raw, "kind", path, JOB_KINDS),
        "isco": isco,
        "annual_gross_salary_eur": _number(errors, raw, "annual_gross_salary_eur", path, cap=MAX_SALARY_EUR),
        "weekly_hours": _number(errors, raw, "weekly_hours", path, maximum=168),
        "duration_months": _number(errors, raw, "duration_months", path, cap=MAX_DURATION_MONTHS),
        "qualified": _boolean(errors, raw, "qualified", path),
        "matches_qualification": _boolean(errors, raw, "matches_qualification", path),
        "employer_collective_agreement": _boolean(errors, raw, "employer_collective_agreement", path),
        "temporary_agency_work": _boolean(errors, raw, "temporary_agency_work", path),
        "recognition_partnership_agreement": _boolean(errors, raw, "recognition_partnership_agreement", path),
        "employer_suitable_for_training": _boolean(errors, raw, "employer_suitable_for_training", path),
        "municipality_ags": ags,
        "licence_to_practise": _boolean(errors, raw, "licence_to_practise", path),
        # Engine extensions (see CONDITIONS.md).
        "training_language_arranged": _boolean(errors, raw, "training_language_arranged", path),
        "occupation": _occupation(errors, raw, "occupation", path),
    }


def today() -> date:
    """The day the law is applied at when nobody names one (one place, so tests can freeze the clock)."""
    return date.today()


def effective_as_of(data: Any, *, as_of: date | str | None = None) -> date | None:
    """The date the law is applied at: `as_of` if given, else the input's own `as_of`, else today.

    None if the chosen value is not a date (validate() reports that as a field error).
    """
    if as_of is not None:
        return parse_date(as_of)
    raw = data.get("as_of") if isinstance(data, dict) else None
    if raw is not None:
        return parse_date(raw)
    return today()


def validate(data: Any, *, as_of: date | str | None = None) -> dict:
    """Validate contract input and return it normalised.

    `as_of` (a date or 'YYYY-MM-DD') overrides the input's own `as_of`; the effective date is returned under
    "as_of" (today when neither is given). Raises InputError with every problem found.
    """
    errors = _Collector()
    if not isinstance(data, dict):
        errors.add("$", "object")
        raise InputError(errors.details)
    effective = effective_as_of(data, as_of=as_of)
    if effective is None:
        errors.add("as_of", "date")
    effective = effective or today()
    normalised = {
        "as_of": effective,
        "candidate": _candidate(errors, data, effective),
        "job": _job(errors, data),
    }
    if errors.details:
        raise InputError(errors.details)
    return normalised
