"""`lotse interview --batch IN.jsonl --out OUT.jsonl`: simulate the adaptive interview for complete profiles.

For each input line (a contract input) the interview is run, each question answered from the profile (a missing
field = "don't know"). One output line per input line:
    {"asked": [field paths in order], "decisive_after": N | null, "final": <assessment output>}
A bad line yields {"error": {"line": N, "errors": [...]}} and the batch goes on. `argv` starts after the word
`interview`. Exit 0 on success, 2 on unreadable files or bad arguments.
"""

from __future__ import annotations

import sys
from typing import TextIO

from lotse.rules.interview import simulate
from lotse.rules.jsonl import EXIT_INVALID, CommandParser, run_batch
from lotse.rules.validation import parse_date


def _parser(stderr: TextIO | None = None) -> CommandParser:
    parser = CommandParser(
        prog="lotse interview", description="Simulate the adaptive navigator interview.", stderr=stderr
    )
    parser.add_argument("--batch", required=True, help="input JSON Lines file (one complete profile per line)")
    parser.add_argument("--out", required=True, help="output JSON Lines file")
    parser.add_argument("--as-of", dest="as_of", help="apply the law as of YYYY-MM-DD (overrides the input)")
    parser.add_argument("--lang", choices=("de", "en"), default="de", help="language of explanations")
    return parser


def run(argv: list[str], *, stderr: TextIO | None = None) -> int:
    stderr = stderr or sys.stderr
    args = _parser(stderr).parse_args(argv)
    if args.as_of is not None and parse_date(args.as_of) is None:
        stderr.write("--as-of: must be a date YYYY-MM-DD\n")
        return EXIT_INVALID

    def process(profile: dict) -> dict:
        return simulate(profile, as_of=args.as_of, lang=args.lang)

    return run_batch(args.batch, args.out, process=process, description="interview", stderr=stderr)


def main(argv: list[str]) -> int:
    try:
        return run(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
