"""Run the rules engine for the web: with the NRW authority directory as the local-authority resolver."""

from __future__ import annotations

from lotse.reference.lookup import local_authority_for_ags
from lotse.rules import InputError, ParameterNotInForce, assess


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
