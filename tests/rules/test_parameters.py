"""Dated parameters: complete metadata, correct amounts, as-of selection and explicit out-of-range errors."""

from __future__ import annotations

from datetime import date

import pytest

from lotse.rules import ParameterNotInForce, assess
from lotse.rules.parameters import PARAMETER_DIR, load_parameters, parameters_as_of, read_yaml
from tests.rules.helpers import make_input

PARAMETERS = load_parameters()


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_every_parameter_has_unit_reference_and_dated_sourced_values(name):
    parameter = PARAMETERS[name]
    assert parameter.unit and parameter.legal_reference and parameter.description
    assert parameter.values
    for value in parameter.values:
        assert isinstance(value.start, date)
        assert value.end is None or value.end >= value.start
        assert value.source.startswith("https://")
        if not value.verified:
            assert value.note, f"{name}: an unverified value must say why in its note"


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_value_ranges_do_not_overlap(name):
    values = sorted(PARAMETERS[name].values, key=lambda v: v.start)
    for earlier, later in zip(values, values[1:], strict=False):
        assert earlier.end is not None and earlier.end < later.start


@pytest.mark.parametrize(
    ("year", "standard", "reduced", "experience", "age_45"),
    [
        (2024, 45300, 41041.80, 40770, 49830),
        (2025, 48300, 43759.80, 43470, 53130),
        (2026, 50700, 45934.20, 45630, 55770),
    ],
)
def test_salary_thresholds_match_the_published_amounts_and_the_bbg(
    year, standard, reduced, experience, age_45
):
    params = parameters_as_of(date(year, 6, 1))
    bbg = params.get("bbg_pension_annual")
    expected = {
        "blue_card_standard": standard,
        "blue_card_reduced": reduced,
        "experience_route": experience,
        "age_45": age_45,
    }
    for name, amount in expected.items():
        assert params.get(name) == pytest.approx(amount)
        assert round(PARAMETERS[name].share_of_bbg * bbg, 2) == pytest.approx(amount)


def test_as_of_picks_the_value_in_force():
    assert parameters_as_of(date(2025, 12, 31)).get("blue_card_standard") == 48300
    assert parameters_as_of(date(2026, 1, 1)).get("blue_card_standard") == 50700
    assert parameters_as_of(date(2024, 5, 31)).get("western_balkans_quota") == 25000
    assert parameters_as_of(date(2024, 6, 1)).get("western_balkans_quota") == 50000


@pytest.mark.parametrize("day", [date(2023, 12, 31), date(2027, 1, 1)])
def test_out_of_range_date_raises(day):
    with pytest.raises(ParameterNotInForce) as caught:
        parameters_as_of(day).get("blue_card_standard")
    assert caught.value.as_of == day
    with pytest.raises(ParameterNotInForce):
        assess(make_input(as_of=day.isoformat(), **{"candidate.qualification.obtained_on": "2020-01-01"}))


def test_country_lists_are_strings():
    # YAML 1.1 reads an unquoted NO (Norway) as False.
    for name in ("western_balkans_states", "privileged_states", "free_movement_states"):
        for value in PARAMETERS[name].values:
            assert all(isinstance(code, str) and len(code) == 2 for code in value.value)
    catalogue = read_yaml(PARAMETER_DIR / "professions.yaml")
    for codes in catalogue["educator_countries"].values():
        assert all(isinstance(code, str) for code in codes)


def test_fees_and_deadlines():
    params = parameters_as_of(date(2026, 3, 1))
    assert params.get("visa_national") == 75
    assert params.get("residence_permit_first") == 100
    assert params.get("accelerated_procedure") == 411
    assert params.get("zab_statement") == 200 and not params.verified("zab_statement")
    assert params.get("zab_dab") == 150
    assert (params.get("ba_approval_regular"), params.get("ba_approval_accelerated")) == (2, 1)
    assert (params.get("recognition_regular"), params.get("recognition_accelerated")) == (3, 2)
    assert params.get("visa_appointment_accelerated") == params.get("visa_decision_accelerated") == 3


def test_shortage_groups_and_states():
    params = parameters_as_of(date(2026, 3, 1))
    assert params.get("blue_card_shortage_isco") == [
        "132",
        "133",
        "134",
        "21",
        "221",
        "222",
        "225",
        "226",
        "23",
        "25",
    ]
    assert set(params.get("western_balkans_states")) == {"AL", "BA", "XK", "ME", "MK", "RS"}
    assert len(params.get("privileged_states")) == 11
    assert params.get("opportunity_card_living_costs") == 1091
