"""`lotse parameters --expiring DAYS [--as-of YYYY-MM-DD] [--json]`: the yearly update reminder.

Lists every parameter series whose last published value ends within DAYS of today (or has already ended and is
being carried forward as provisional). Exit 1 if any is listed, 0 if none, 2 on bad arguments – so a cron job or
CI step can alert on it. Needs no database and no Django settings. `argv` starts after `parameters`.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import TextIO

from lotse.rules.jsonl import EXIT_INVALID, EXIT_OK, CommandParser
from lotse.rules.parameters import expiring_parameters
from lotse.rules.validation import parse_date

EXIT_EXPIRING = 1
MAX_DAYS = 3660


def _parser(stderr: TextIO | None) -> CommandParser:
    parser = CommandParser(
        prog="lotse parameters", description="Dated legal parameters: which need a new value soon.", stderr=stderr
    )
    parser.add_argument("--expiring", metavar="DAYS", required=True, help="list series ending within DAYS days")
    parser.add_argument("--as-of", dest="as_of", help="count from this day instead of today (YYYY-MM-DD)")
    parser.add_argument("--json", action="store_true", help="one JSON array instead of a table")
    return parser


def _line(row: dict) -> str:
    days = row["days_left"]
    when = f"in {days} days" if days >= 0 else f"{-days} days ago – carried forward as provisional"
    return (
        f"{row['parameter']:<32} confirmed until {row['confirmed_until'].isoformat()} ({when}); "
        f"last value {row['last_value']}; {row['legal_reference']} – parameters/{row['file']}"
    )


def run(
    argv: list[str], *, stdout: TextIO | None = None, stderr: TextIO | None = None, today: date | None = None
) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = _parser(stderr).parse_args(argv)
    text = args.expiring.strip()
    if not (text.isdigit() and len(text) <= 5 and int(text) <= MAX_DAYS):
        stderr.write(f"--expiring: must be a whole number of days between 0 and {MAX_DAYS}\n")
        return EXIT_INVALID
    day = today or date.today()
    if args.as_of is not None:
        day = parse_date(args.as_of)
        if day is None:
            stderr.write("--as-of: must be a date YYYY-MM-DD\n")
            return EXIT_INVALID
    rows = expiring_parameters(day, int(text))
    if args.json:
        stdout.write(json.dumps(rows, ensure_ascii=False, default=str, indent=2) + "\n")
    elif rows:
        stdout.write(f"{len(rows)} parameter series need a new value (as of {day.isoformat()}):\n")
        for row in rows:
            stdout.write(_line(row) + "\n")
        stdout.write("See docs/operations.md, 'Yearly update of the legal parameters'.\n")
    else:
        stdout.write(f"No parameter series ends within {int(text)} days of {day.isoformat()}.\n")
    return EXIT_EXPIRING if rows else EXIT_OK


def main(argv: list[str]) -> int:
    try:
        return run(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
