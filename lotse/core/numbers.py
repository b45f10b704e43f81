"""Safe parsing of numbers and JSON from untrusted input: nothing unbounded is ever converted.

`int()` of a string with a billion digits runs for many seconds and `Decimal("1e999999999")` followed by
arithmetic or `int()` does too; `float` of a 310-digit integer overflows; a deeply nested JSON document exhausts
the recursion limit. Every number typed into a form, sent to the API or read by the command line goes through
this module, which checks the length and the shape of the text *before* any conversion.

Pure Python (no Django): the rules engine's command line uses it as well. See docs/decisions/0130.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal, InvalidOperation

# Longest number text accepted anywhere (digits, signs, separators, one decimal mark). 24 characters hold every
# plausible amount in euro with cents and thousands separators; anything longer is refused before conversion.
MAX_NUMBER_LENGTH = 24
# Deepest nesting of JSON arrays/objects accepted (the assessment contract needs 3).
MAX_JSON_DEPTH = 32
# Longest JSON number literal accepted (a float with 17 significant digits and an exponent fits easily).
MAX_JSON_NUMBER_LENGTH = 40

_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_PLAIN_INTEGER = re.compile(r"[+-]?[0-9]+")


class NumberError(ValueError):
    """Text that is not a number we accept; `code` says why (too_long, not_a_number, out_of_range)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def parse_decimal(text, *, minimum=None, maximum=None, max_length: int = MAX_NUMBER_LENGTH) -> Decimal:
    """A finite Decimal from plain text such as "52000", "-3.5", "0.25" (no exponent, no NaN/Infinity, no
    thousands separators), within [minimum, maximum] when given. Raises NumberError otherwise."""
    if not isinstance(text, str):
        raise NumberError("not_a_number", "is not a number")
    text = text.strip()
    if len(text) > max_length:
        raise NumberError("too_long", f"is longer than {max_length} characters")
    if not _PLAIN_DECIMAL.fullmatch(text):
        raise NumberError("not_a_number", "is not a number (digits with at most one decimal point)")
    try:
        number = Decimal(text)
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only valid literals
        raise NumberError("not_a_number", "is not a number") from error
    _check_range(number, minimum, maximum)
    return number


def parse_int(text, *, minimum=None, maximum=None, max_length: int = MAX_NUMBER_LENGTH) -> int:
    """An int from plain digits with an optional sign, within [minimum, maximum] when given."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text) if abs(text) < 10**max_length else "x" * (max_length + 1)
    if not isinstance(text, str):
        raise NumberError("not_a_number", "is not a whole number")
    text = text.strip()
    if len(text) > max_length:
        raise NumberError("too_long", f"is longer than {max_length} characters")
    if not _PLAIN_INTEGER.fullmatch(text):
        raise NumberError("not_a_number", "is not a whole number")
    number = int(text)
    _check_range(number, minimum, maximum)
    return number


def _check_range(number, minimum, maximum) -> None:
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        low = "" if minimum is None else f"{minimum}"
        high = "" if maximum is None else f"{maximum}"
        raise NumberError("out_of_range", f"must be between {low or '-∞'} and {high or '∞'}")


def is_finite_number(value) -> bool:
    """True for an int (any size) or a finite float, never for bool or a number literal refused by loads()."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value)


class RefusedNumber(str):
    """A JSON number literal that loads() refused to convert (too long, overflowing, NaN or Infinity).

    It stays in the document as a string subclass so that validation reports a field error at its exact path
    ("must be a number between …") instead of the whole document failing."""

    __slots__ = ()

    def __repr__(self) -> str:  # pragma: no cover - diagnostics only
        return f"RefusedNumber({str(self)[:20]!r}…)"


def _json_int(text: str):
    if len(text) > MAX_JSON_NUMBER_LENGTH:
        return RefusedNumber(text[:MAX_JSON_NUMBER_LENGTH])
    return int(text)


def _json_float(text: str):
    if len(text) > MAX_JSON_NUMBER_LENGTH:
        return RefusedNumber(text[:MAX_JSON_NUMBER_LENGTH])
    value = float(text)
    return value if math.isfinite(value) else RefusedNumber(text)


def _json_constant(text: str):
    return RefusedNumber(text)  # NaN, Infinity, -Infinity are not JSON


class JSONInputError(ValueError):
    """Input that is not acceptable JSON; `message` is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in `text` (brackets inside strings do not count). Linear time,
    no recursion; meant to be called before json.loads."""
    depth = deepest = 0
    if "[" not in text and "{" not in text:
        return 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def loads(data, *, max_depth: int = MAX_JSON_DEPTH):
    """json.loads for untrusted input: bytes must be UTF-8; nesting deeper than `max_depth` is refused before
    parsing; number literals that are too long or not finite become RefusedNumber values (reported by the
    validator at their path). Raises JSONInputError with a message for the user."""
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError as error:
            raise JSONInputError(f"is not UTF-8 (byte {error.start + 1} is invalid)") from None
    if "\x00" in data:
        raise JSONInputError("contains a NUL byte")
    depth = json_depth(data)
    if depth > max_depth:
        raise JSONInputError(f"is nested {depth} levels deep; at most {max_depth} are allowed")
    try:
        return json.loads(data, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant)
    except json.JSONDecodeError as error:
        raise JSONInputError(f"is not valid JSON: {error}") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise JSONInputError(f"is nested too deeply; at most {max_depth} levels are allowed") from None


_ID = re.compile(r"[0-9]{1,18}")


def parse_id(text) -> int | None:
    """A database id from a query parameter or form value: 1 to 18 ASCII digits (fits a 64-bit key), else None.
    `str.isdigit()` is not enough: it is true for "²" (int() then fails) and for a 5,000-digit number."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str) or not _ID.fullmatch(text):
        return None
    return int(text)
