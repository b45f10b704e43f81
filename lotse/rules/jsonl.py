"""What `lotse assess` and `lotse interview` share: argument errors on stderr with exit 2, and a JSON Lines batch
that writes one result per input line, in order, with an error object for every bad line (exit 2 at the end if
there was one)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TextIO

from lotse.core import numbers
from lotse.rules.errors import InputError, ParameterNotInForce

EXIT_OK, EXIT_INVALID = 0, 2

BLANK_LINE_MESSAGE = "is empty: a blank line carries no input object"

# One encoder for every line: compact, UTF-8 as is, and no circular-reference bookkeeping (results are trees).
dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


class CommandParser(argparse.ArgumentParser):
    """argparse with its usage and error message on the given stream, exit 2, and nothing on stdout."""

    def __init__(self, *args, stderr: TextIO | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._stderr = stderr

    def error(self, message: str):
        stream = self._stderr or sys.stderr
        self.print_usage(stream)
        stream.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_INVALID) from None


def error_lines(error: Exception) -> list[tuple[str, str]]:
    """(field, message) pairs for an input error, in the contract's English."""
    if isinstance(error, InputError):
        return error.errors
    if isinstance(error, ParameterNotInForce):
        return [("as_of", str(error))]
    return [("$", str(error))]


def _error_object(number: int, errors: list[tuple[str, str]]) -> dict:
    return {"error": {"line": number, "errors": [{"field": field, "message": msg} for field, msg in errors]}}


def _result(number: int, line: bytes, process: Callable[[dict], dict]) -> tuple[dict, bool]:
    """The output object for one input line (bytes, decoded here so that one line in another encoding is
    reported as such and the batch goes on) and whether the line was bad."""
    if not line.strip():
        return _error_object(number, [("$", BLANK_LINE_MESSAGE)]), True
    try:
        data = numbers.loads(line)
    except numbers.JSONInputError as error:
        return _error_object(number, [("$", error.message)]), True
    if not isinstance(data, dict):
        return _error_object(number, [("$", "must be an object")]), True
    try:
        return process(data), False
    except (InputError, ParameterNotInForce) as error:
        return _error_object(number, error_lines(error)), True


def run_batch(in_path: str, out_path: str, *, process: Callable[[dict], dict], description: str, stderr: TextIO) -> int:
    """Run `process` on every line of `in_path` into `out_path`, with a progress bar on stderr."""
    from tqdm import tqdm  # imported here: only the batch mode draws a progress bar

    try:
        source = open(in_path, "rb")  # noqa: SIM115
    except OSError as error:
        stderr.write(f"{in_path}: cannot be read: {error.strerror or error}\n")
        return EXIT_INVALID
    try:
        target = open(out_path, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        source.close()
        stderr.write(f"{out_path}: cannot be written: {error.strerror or error}\n")
        return EXIT_INVALID
    bad = 0
    with source, target:
        for number, line in enumerate(tqdm(source, desc=description, unit=" lines", file=stderr), start=1):
            result, was_bad = _result(number, line, process)
            bad += was_bad
            target.write(dumps(result) + "\n")
    if bad:
        stderr.write(f"{bad} line(s) with invalid input; see the error objects in {out_path}\n")
        return EXIT_INVALID
    return EXIT_OK
