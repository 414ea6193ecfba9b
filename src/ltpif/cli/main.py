"""Entry point: builds the command tree from the command modules and runs one command.

Exit codes: 0 done; 1 the command ran and found problems in a plan (assurance errors);
2 bad input (unreadable or invalid files, unknown names) — always a list, never a traceback;
3 the database cannot be used (malformed DATABASE_URL, unreachable, not migrated).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ltpif.cli import (
    demo_commands,
    discretion_commands,
    feasibility_commands,
    footprint_commands,
    framework_commands,
    monitoring_commands,
    operational_commands,
    plan_commands,
    remind_commands,
    rollup_commands,
    round_commands,
    template_commands,
    users_commands,
    web_commands,
)
from ltpif.framework.problems import InputError
from ltpif.web.boot import database_failure

EXIT_BAD_INPUT = 2
EXIT_DATABASE = 3
COMMAND_MODULES = (
    framework_commands,
    plan_commands,
    remind_commands,
    operational_commands,
    feasibility_commands,
    rollup_commands,
    discretion_commands,
    template_commands,
    monitoring_commands,
    footprint_commands,
    round_commands,
    web_commands,
    users_commands,
    demo_commands,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ltpif",
        description="The NHS Long Term Plan Implementation Framework: plans, assurance, roll-up.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s): nothing was written.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # the reader went away (`ltpif ... | head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        failure = database_failure(exc)
        if failure is None:
            raise
        print(failure, file=sys.stderr)
        return EXIT_DATABASE


if __name__ == "__main__":
    raise SystemExit(main())
