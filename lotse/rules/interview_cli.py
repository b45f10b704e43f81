"""`lotse interview --batch IN.jsonl --out OUT.jsonl`: simulate the adaptive interview for complete profiles.

For each input line (a contract input) the interview is run, each question answered from the profile (a missing
field = "don't know"). One output line per input line:
    {"asked": [field paths in order], "decisive_after": N | null, "final": <assessment output>}
A bad line yields {"error": {"line": N, "errors": [...]}} and the batch goes on. `argv` starts after the word
`interview`. Exit 0 on success, 2 on unreadable files or bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from lotse.rules.errors import InputError, ParameterNotInForce
from lotse.rules.interview import simulate
from lotse.rules.validation import parse_date

EXIT_OK, EXIT_INVALID = 0, 2


BLANK_LINE_MESSAGE = "is empty: a blank line carries no input object"


class _Parser(argparse.ArgumentParser):
    """argparse with its usage and error message on the given stream, exit 2, and nothing on stdout."""

    def __init__(self, *args, stderr: TextIO | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._stderr = stderr

    def error(self, message: str):
        stream = self._stderr or sys.stderr
        self.print_usage(stream)
        stream.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_INVALID) from None


def _parser(stderr: TextIO | None = None) -> argparse.ArgumentParser:
    parser = _Parser(prog="lotse interview", description="Simulate the adaptive navigator interview.", stderr=stderr)
    parser.add_argument("--batch", required=True, help="input JSON Lines file (one complete profile per line)")
    parser.add_argument("--out", required=True, help="output JSON Lines file")
    parser.add_argument("--as-of", dest="as_of", help="apply the law as of YYYY-MM-DD (overrides the input)")
    parser.add_argument("--lang", choices=("de", "en"), default="de", help="language of explanations")
    return parser


def _error(number: int, errors: list[dict]) -> dict:
    return {"error": {"line": number, "errors": errors}}


def run(argv: list[str], *, stderr: TextIO | None = None) -> int:
    stderr = stderr or sys.stderr
    args = _parser(stderr).parse_args(argv)
    if args.as_of is not None and parse_date(args.as_of) is None:
        stderr.write("--as-of: must be a date YYYY-MM-DD\n")
        return EXIT_INVALID
    from tqdm import tqdm

    try:
        source = open(args.batch, encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        stderr.write(f"{args.batch}: cannot be read: {error.strerror or error}\n")
        return EXIT_INVALID
    try:
        target = open(args.out, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        source.close()
        stderr.write(f"{args.out}: cannot be written: {error.strerror or error}\n")
        return EXIT_INVALID
    bad = 0
    with source, target:
        for number, line in enumerate(tqdm(source, desc="interview", unit=" lines", file=stderr), start=1):
            if not line.strip():
                # One output line per input line, in order: a blank line is a bad line like any other.
                bad += 1
                target.write(json.dumps(_error(number, [{"field": "$", "message": BLANK_LINE_MESSAGE}])) + "\n")
                continue
            try:
                profile = json.loads(line)
                result = simulate(profile, as_of=args.as_of, lang=args.lang)
            except json.JSONDecodeError as error:
                bad += 1
                result = _error(number, [{"field": "$", "message": f"is not valid JSON: {error}"}])
            except InputError as error:
                bad += 1
                result = _error(number, error.as_list("en"))
            except ParameterNotInForce as error:
                bad += 1
                result = _error(number, [{"field": "as_of", "message": str(error)}])
            except (AttributeError, TypeError) as error:  # e.g. a line that is a list, not an object
                bad += 1
                result = _error(number, [{"field": "$", "message": f"must be an object ({error})"}])
            target.write(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n")
    if bad:
        stderr.write(f"{bad} line(s) with invalid input; see the error objects in {args.out}\n")
    return EXIT_OK


def main(argv: list[str]) -> int:
    try:
        return run(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
