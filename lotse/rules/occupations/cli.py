"""`lotse occupations search TEXT [--limit N] [--lang de|en]` (contract `lotse.occupations/v1`).

Prints one JSON array on stdout, best matches first; `[]` when nothing matches (exit 0). An empty or unusable TEXT
is exit 2 with a message on stderr. Needs no database and no Django settings. `argv` starts after `occupations`.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from lotse.rules.jsonl import EXIT_INVALID, EXIT_OK, CommandParser
from lotse.rules.occupations import SearchInputError, search

MAX_LIMIT = 100


def _parser(stderr: TextIO | None) -> CommandParser:
    parser = CommandParser(prog="lotse occupations", description="The occupation catalogue.", stderr=stderr)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=CommandParser)
    find = commands.add_parser("search", help="search occupations by name, synonym, ISCO-08 or KldB code")
    find.add_argument("text", help="what to search for, e.g. Pflegefachkraft")
    find.add_argument("--limit", type=int, default=10, help=f"at most N matches (1–{MAX_LIMIT}, default 10)")
    find.add_argument("--lang", choices=("de", "en"), default="de", help="language of the titles")
    for sub in (find,):
        sub._stderr = stderr  # noqa: SLF001 - subparsers report on the same stream
    return parser


def run(argv: list[str], *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = _parser(stderr).parse_args(argv)
    if not 1 <= args.limit <= MAX_LIMIT:
        stderr.write(f"--limit: must be between 1 and {MAX_LIMIT}\n")
        return EXIT_INVALID
    try:
        matches = search(args.text, limit=args.limit, lang=args.lang)
    except SearchInputError as error:
        stderr.write(f"TEXT: {error.message_en}\n")
        return EXIT_INVALID
    stdout.write(json.dumps(matches, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def main(argv: list[str]) -> int:
    try:
        return run(argv)
    except SystemExit as exit_:  # argparse errors
        return int(exit_.code or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
