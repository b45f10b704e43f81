"""`lotse assess …`: one assessment or a batch, exactly as the contract's command line.

    assess FILE.json|-  [--as-of YYYY-MM-DD]
    assess --batch IN.jsonl --out OUT.jsonl [--as-of YYYY-MM-DD]

Exit 0 on success, 2 on unreadable or invalid input (field messages on stderr, nothing on stdout). A batch goes
on past bad lines (an error object with the line number for each) and exits 2 at the end if there was one.
`argv` starts after the word `assess`.
"""

from __future__ import annotations

import sys
from typing import TextIO

from lotse.core import numbers
from lotse.rules.engine import LocalAuthorityResolver, assess
from lotse.rules.errors import InputError, ParameterNotInForce
from lotse.rules.jsonl import EXIT_INVALID, EXIT_OK, CommandParser, dumps, error_lines, run_batch
from lotse.rules.validation import parse_date


def _parser(stderr: TextIO | None = None) -> CommandParser:
    parser = CommandParser(
        prog="lotse assess", description="Assess skilled-immigration pathways (assessment v1).", stderr=stderr
    )
    parser.add_argument("file", nargs="?", help="input JSON file, or - for stdin")
    parser.add_argument("--as-of", dest="as_of", help="apply the law as of YYYY-MM-DD (overrides the input)")
    parser.add_argument("--batch", help="input JSON Lines file (one input object per line)")
    parser.add_argument("--out", help="output JSON Lines file for --batch")
    parser.add_argument("--lang", choices=("de", "en"), default="de", help="language of explanations")
    return parser


def _single(path: str, as_of: str | None, lang: str, resolver, stdout: TextIO, stderr: TextIO) -> int:
    try:
        if path == "-":
            raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        else:
            with open(path, "rb") as source:
                raw = source.read()
    except OSError as error:
        stderr.write(f"{path}: cannot be read: {error.strerror or error}\n")
        return EXIT_INVALID
    try:
        data = numbers.loads(raw)
    except numbers.JSONInputError as error:
        stderr.write(f"{path}: {error.message}\n")
        return EXIT_INVALID
    try:
        result = assess(data, as_of=as_of, lang=lang, local_authority_resolver=resolver)
    except (InputError, ParameterNotInForce) as error:
        for field, message in error_lines(error):
            stderr.write(f"{field}: {message}\n")
        return EXIT_INVALID
    stdout.write(dumps(result) + "\n")
    return EXIT_OK


def _batch(in_path: str, out_path: str, as_of: str | None, lang: str, resolver, stderr: TextIO) -> int:
    def process(data: dict) -> dict:
        return assess(data, as_of=as_of, lang=lang, local_authority_resolver=resolver)

    return run_batch(in_path, out_path, process=process, description="assess", stderr=stderr)


def run(
    argv: list[str],
    *,
    local_authority_resolver: LocalAuthorityResolver | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """The command with an optional local-authority resolver (the Django CLI passes its directory lookup)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = _parser(stderr).parse_args(argv)
    if args.as_of is not None and parse_date(args.as_of) is None:
        stderr.write("--as-of: must be a date YYYY-MM-DD\n")
        return EXIT_INVALID
    if args.batch:
        if not args.out or args.file:
            stderr.write("--batch needs --out and no input FILE\n")
            return EXIT_INVALID
        return _batch(args.batch, args.out, args.as_of, args.lang, local_authority_resolver, stderr)
    if not args.file:
        stderr.write("FILE: is required (use - for stdin)\n")
        return EXIT_INVALID
    return _single(args.file, args.as_of, args.lang, local_authority_resolver, stdout, stderr)


def main(argv: list[str]) -> int:
    try:
        return run(argv)
    except SystemExit as exit_:  # argparse errors
        return int(exit_.code or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
