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


@pytest.mark.parametrize("day", [date(2023, 12, 31), date(2029, 1, 1)])
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


# ------------------------------------------------------------- the date comes first, resolved in one place
def test_date_outside_coverage_is_reported_before_input_checks_that_depend_on_it():
    data = make_input(**{"candidate.qualification.obtained_on": "2020-06-30"})
    with pytest.raises(ParameterNotInForce) as caught:
        assess(data, as_of="2019-01-01")
    assert caught.value.as_of == date(2019, 1, 1)
    assert "2019-01-01" in str(caught.value) and "2024-01-01" in str(caught.value)
    # The input's own as_of is treated the same way.
    with pytest.raises(ParameterNotInForce):
        assess({**data, "as_of": "2019-01-01"})


def test_date_problem_first_through_the_cli():
    import io
    import json

    from lotse.rules.cli import run

    data = make_input(**{"candidate.qualification.obtained_on": "2020-06-30"})
    out, err = io.StringIO(), io.StringIO()
    import sys

    stdin, sys.stdin = sys.stdin, io.StringIO(json.dumps(data))
    try:
        code = run(["-", "--as-of", "2019-01-01"], stdout=out, stderr=err)
    finally:
        sys.stdin = stdin
    assert (code, out.getvalue()) == (2, "")
    assert err.getvalue().startswith("as_of: ") and "obtained_on" not in err.getvalue()


def test_an_invalid_date_format_is_still_a_field_error_with_the_others():
    from lotse.rules import InputError

    data = make_input(**{"as_of": "01.03.2026", "job.isco": "x"})
    with pytest.raises(InputError) as caught:
        assess(data)
    assert {field for field, _message in caught.value.errors} == {"as_of", "job.isco"}


@pytest.mark.parametrize("day", [date(2023, 12, 31), date(2029, 1, 1), date(1999, 5, 5)])
def test_resolved_parameters_raise_outside_coverage(day):
    from lotse.rules.parameters import resolved_parameters

    with pytest.raises(ParameterNotInForce) as caught:
        resolved_parameters(day)
    # The last confirmed values end on 31.12.2026; they are carried forward for 24 months.
    assert caught.value.coverage == (date(2024, 1, 1), date(2028, 12, 31))
    assert "Die Regeln gelten vom 01.01.2024 bis 31.12.2028." in caught.value.messages("de")[0]


@pytest.mark.parametrize("day", [date(2027, 1, 1), date(2028, 6, 1), date(2028, 12, 31)])
def test_after_the_last_confirmed_value_it_is_carried_forward_as_provisional(day):
    params = parameters_as_of(day)
    assert params.get("blue_card_standard") == 50700 and params.provisional("blue_card_standard")
    assert params.get("bbg_pension_annual") == 101400 and params.provisional("bbg_pension_annual")
    # open-ended values (fees) are simply in force, not provisional
    assert params.get("visa_national") == 75 and not params.provisional("visa_national")
    result = assess(make_input(as_of=day.isoformat()))
    assert {"blue_card_standard", "blue_card_reduced", "experience_route", "age_45", "bbg_pension_annual"} <= set(
        result["provisional"]
    )
    salary = next(c for p in result["pathways"] if p["id"] == "eu_blue_card" for c in p["conditions"]
                  if c["id"] == "salary_threshold")
    assert salary["provisional"] and "Vorläufig" in salary["explanation"] and "31.12.2026" in salary["explanation"]


def test_within_the_confirmed_period_nothing_is_provisional():
    result = assess(make_input(as_of="2026-12-31"))
    assert result["provisional"] == [] and result["warnings"] == []


def test_a_salary_just_above_a_provisional_threshold_gets_a_warning():
    near = assess(make_input(as_of="2027-03-01", **{"job.annual_gross_salary_eur": 51500}))
    warning = next(w for w in near["warnings"] if w["parameter"] == "blue_card_standard")
    assert warning["id"] == "salary_near_provisional_threshold" and "eu_blue_card" in warning["pathways"]
    assert warning["largest_yearly_rise"] == pytest.approx(48300 / 45300 - 1, abs=1e-4)
    far = assess(make_input(as_of="2027-03-01", **{"job.annual_gross_salary_eur": 80000}))
    assert not [w for w in far["warnings"] if w["parameter"] == "blue_card_standard"]


def test_expiring_parameters():
    from lotse.rules.parameters import expiring_parameters

    rows = expiring_parameters(date(2026, 12, 3), 60)
    names = {row["parameter"] for row in rows}
    assert {"bbg_pension_annual", "blue_card_standard", "age_45", "opportunity_card_living_costs"} <= names
    assert all(row["confirmed_until"] == date(2026, 12, 31) and row["days_left"] == 28 for row in rows)
    assert "visa_national" not in names  # open-ended
    assert expiring_parameters(date(2026, 6, 1), 60) == []
    after = expiring_parameters(date(2027, 2, 1), 0)  # already ended: carried forward, still listed
    assert after and all(row["days_left"] < 0 for row in after)


def test_every_covered_day_resolves_and_only_later_introduced_values_may_be_absent():
    from datetime import timedelta

    from lotse.rules.parameters import coverage, resolved_parameters

    first, last = coverage()
    parameters = load_parameters()
    day = first
    while day <= last:
        resolved = resolved_parameters(day)
        for name, parameter in parameters.items():
            starts = min(value.start for value in parameter.values)
            if day < starts:
                assert starts > first  # introduced later by law (ZAB-DAB, opportunity card, § 6 BeschV)
                with pytest.raises(ParameterNotInForce):
                    resolved.get(name)
            else:
                resolved.get(name)
        day += timedelta(days=1)


def test_pathways_introduced_later_are_not_eligible_before_their_start():
    from tests.rules.helpers import pathway

    result = assess(make_input(**{"candidate.qualification.obtained_on": "2020-06-30"}), as_of="2024-01-15")
    assert pathway(result, "opportunity_card")["conditions"][0]["id"] == "in_force"
    assert pathway(result, "opportunity_card")["status"] == "not_eligible"
