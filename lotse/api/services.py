"""Run the rules engine for the web: with the NRW authority directory as the local-authority resolver."""

from __future__ import annotations

from lotse.reference.lookup import local_authority_for_ags
from lotse.rules import InputError, ParameterNotInForce, assess
from lotse.rules.occupations import SearchInputError, search

MAX_LIMIT = 100


class AssessmentRequestError(Exception):
    def __init__(self, errors: list[dict]):
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))
        self.errors = errors


def assessment_run(*, data, as_of: str | None = None, lang: str = "de") -> dict:
    """The contract output for `data`; raises AssessmentRequestError with field-level messages."""
    try:
        return assess(data, as_of=as_of, lang=lang, local_authority_resolver=local_authority_for_ags)
    except InputError as error:
        raise AssessmentRequestError(error.as_list("en")) from error
    except ParameterNotInForce as error:
        raise AssessmentRequestError([{"field": "as_of", "message": str(error)}]) from error


def occupation_search(*, text: str | None, limit: str | None, lang: str | None) -> list[dict]:
    """The contract's matches for `q`; raises AssessmentRequestError with field errors for bad parameters."""
    errors = []
    if lang not in (None, "de", "en"):
        errors.append({"field": "lang", "message": "must be one of: de, en"})
    count = 10
    if limit not in (None, ""):
        if not (limit.isdigit() and len(limit) <= 3 and 1 <= int(limit) <= MAX_LIMIT):
            errors.append({"field": "limit", "message": f"must be an integer between 1 and {MAX_LIMIT}"})
        else:
            count = int(limit)
    if text is None:
        errors.append({"field": "q", "message": "is required"})
    if errors:
        raise AssessmentRequestError(errors)
    try:
        return search(text, limit=count, lang=lang or "de")
    except SearchInputError as error:
        raise AssessmentRequestError([{"field": "q", "message": error.message_en}]) from error
