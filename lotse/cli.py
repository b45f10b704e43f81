"""The `lotse` command line.

`lotse assess …`, `lotse interview …`, `lotse occupations …` and `lotse parameters …` run the pure rules
engine without starting Django (fast for batches). Every other
sub-command is a Django management command, written with dashes: `lotse import-gemeinden`, `lotse load-demo`.
"""

import os
import sys

PURE_COMMANDS = {
    "assess": "lotse.rules.cli",
    "interview": "lotse.rules.interview_cli",
    "occupations": "lotse.rules.occupations.cli",
    "parameters": "lotse.rules.parameters_cli",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PURE_COMMANDS:
        from importlib import import_module

        return import_module(PURE_COMMANDS[argv[0]]).main(argv[1:])

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    from django.core.management import execute_from_command_line

    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")
    execute_from_command_line(["lotse", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
