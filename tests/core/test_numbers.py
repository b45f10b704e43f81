"""The safe number and JSON parser: nothing unbounded is converted."""

import time
from decimal import Decimal

import pytest

from lotse.core import numbers


@pytest.mark.parametrize(
    "text", ["1e999999999", "1E+100000", "NaN", "inf", "-Infinity", "0x10", "1_000", "²", "٣", "9" * 25, ""]
)
def test_parse_decimal_refuses(text):
    with pytest.raises(numbers.NumberError):
        numbers.parse_decimal(text)


def test_parse_decimal_accepts_plain_numbers_and_ranges():
    assert numbers.parse_decimal(" 52000.50 ") == Decimal("52000.50")
    assert numbers.parse_decimal("-3") == Decimal(-3)
    with pytest.raises(numbers.NumberError) as error:
        numbers.parse_decimal("5", maximum=4)
    assert error.value.code == "out_of_range"


def test_parse_int_and_id():
    assert numbers.parse_int("42", minimum=0, maximum=100) == 42
    with pytest.raises(numbers.NumberError):
        numbers.parse_int("4.2")
    assert numbers.parse_id("17") == 17
    for bad in ("²", "٣", "-1", "1e3", "9" * 19, "", None, "1 "):
        assert numbers.parse_id(bad) is None


def test_a_billion_digits_are_refused_without_conversion():
    text = "9" * 10_000_000
    started = time.perf_counter()
    with pytest.raises(numbers.NumberError):
        numbers.parse_int(text)
    assert numbers.parse_id(text) is None
    assert time.perf_counter() - started < 1


def test_loads():
    data = numbers.loads(b'{"a": 1, "b": 1e400, "c": ' + b"9" * 400 + b', "d": NaN, "e": [1.5]}')
    assert data["a"] == 1 and data["e"] == [1.5]
    assert all(isinstance(data[k], numbers.RefusedNumber) for k in "bcd")
    with pytest.raises(numbers.JSONInputError, match="nested 33 levels"):
        numbers.loads("[" * 33 + "]" * 33)
    assert numbers.loads('["[[[[", "\\"]]]"]') == ["[[[[", '"]]]']
    with pytest.raises(numbers.JSONInputError, match="not UTF-8"):
        numbers.loads(b'{"a": "\xff"}')
