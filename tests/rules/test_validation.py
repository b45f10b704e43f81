"""Strict input validation with field-level messages in English and German."""

from __future__ import annotations

from datetime import date

import pytest

from lotse.rules import InputError, validate
from tests.rules.helpers import make_input


def errors_of(data, **kwargs) -> dict[str, str]:
    with pytest.raises(InputError) as caught:
        validate(data, **kwargs)
    return dict(caught.value.errors)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"job.annual_gross_salary_eur": -1}, "job.annual_gross_salary_eur", "must be a number >= 0"),
        ({"job.annual_gross_salary_eur": "50000"}, "job.annual_gross_salary_eur", "must be a number >= 0"),
        ({"job.annual_gross_salary_eur": True}, "job.annual_gross_salary_eur", "must be a number >= 0"),
        ({"job.isco": "1"}, "job.isco", "must be an ISCO-08 code of 2 to 4 digits"),
        ({"job.isco": 2512}, "job.isco", "must be an ISCO-08 code of 2 to 4 digits"),
        ({"job.isco": "25120"}, "job.isco", "must be an ISCO-08 code of 2 to 4 digits"),
        (
            {"job.municipality_ags": "0515802"},
            "job.municipality_ags",
            "must be a municipality key (AGS) of 5 or 8 digits",
        ),
        ({"candidate.citizenship": "XX"}, "candidate.citizenship", "must be an ISO 3166-1 alpha-2 code"),
        ({"candidate.citizenship": "in"}, "candidate.citizenship", "must be an ISO 3166-1 alpha-2 code"),
        ({"candidate.residence": "mars"}, "candidate.residence", "must be one of: abroad, germany"),
        (
            {"candidate.languages.german": "B3"},
            "candidate.languages.german",
            "must be one of: none, A1, A2, B1, B2, C1, C2",
        ),
        ({"candidate.funds_secured": "yes"}, "candidate.funds_secured", "must be true, false or null"),
        (
            {"candidate.qualification.obtained_on": "2024-02-30"},
            "candidate.qualification.obtained_on",
            "must be a date YYYY-MM-DD",
        ),
        (
            {"candidate.qualification.obtained_on": "2026-03-02"},
            "candidate.qualification.obtained_on",
            "must not be after as_of (2026-03-01)",
        ),
        (
            {"candidate.qualification.profession": "astronaut"},
            "candidate.qualification.profession",
            "must be one of: " + ", ".join(__import__("lotse.rules").rules.PROFESSIONS),
        ),
        ({"as_of": "01.03.2026"}, "as_of", "must be a date YYYY-MM-DD"),
        ({"candidate.age": -3}, "candidate.age", "must be an integer between 0 and 120"),
        (
            {"candidate.experience.years_last_5": 4, "candidate.experience.years_last_7": 3},
            "candidate.experience.years_last_5",
            "must not exceed candidate.experience.years_last_7",
        ),
    ],
)
def test_field_messages(changes, field, message):
    assert errors_of(make_input(**changes))[field] == message


def test_citizenship_required():
    assert "candidate.citizenship" in errors_of(make_input(**{"candidate.citizenship": None}))
    assert errors_of({"as_of": "2026-03-01"})["candidate"] == "is required"


def test_top_level_must_be_object():
    assert errors_of([1, 2]) == {"$": "must be an object"}


def test_unknown_keys_are_ignored_and_nulls_normalised():
    data = make_input(extra_key=1, **{"job.something_new": "x", "candidate.age": None})
    normalised = validate(data)
    assert normalised["candidate"]["age"] is None
    assert normalised["as_of"] == date(2026, 3, 1)


def test_as_of_argument_overrides_input():
    assert validate(make_input(), as_of="2025-01-02")["as_of"] == date(2025, 1, 2)


def test_german_messages():
    with pytest.raises(InputError) as caught:
        validate(make_input(**{"job.annual_gross_salary_eur": -1}))
    assert caught.value.messages("de") == [("job.annual_gross_salary_eur", "muss eine Zahl ≥ 0 sein")]
    assert caught.value.as_list("en") == [
        {"field": "job.annual_gross_salary_eur", "message": "must be a number >= 0"}
    ]


def test_all_errors_reported_at_once():
    errors = errors_of(make_input(**{"job.isco": "x", "candidate.age": "old"}))
    assert {"job.isco", "candidate.age"} <= set(errors)
