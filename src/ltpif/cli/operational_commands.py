"""`ltpif operational phase`: an agreed plan's operational year phased by month."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:
    operational = commands.add_parser(
        "operational", help="operational plans: an agreed plan's year phased by month"
    )
    actions = operational.add_subparsers(dest="action", required=True, metavar="ACTION")
    phase = actions.add_parser(
        "phase",
        help="write the operational plan of an agreed plan: its operational year by month",
    )
    phase.add_argument("plan", type=Path, metavar="PLAN", help="the agreed plan file (YAML)")
    phase.add_argument(
        "--profile",
        choices=["flat", "seasonal"],
        default="flat",
        help="flat: equal months; seasonal: shaped by the metric's monthly actuals (--actuals), "
        "flat where a metric has none (default: flat)",
    )
    phase.add_argument(
        "--actuals",
        type=Path,
        metavar="FILE",
        help="monthly actuals in the long format (CSV or XLSX), for --profile seasonal",
    )
    phase.add_argument(
        "--year",
        metavar="YEAR",
        help="the financial year to phase (default: the year after the pack's operational "
        "plans deadline, 2020/21 in ltpif-2019)",
    )
    phase.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="the operational plan (YAML)"
    )
    phase.set_defaults(run=run_phase)


def run_phase(args: argparse.Namespace) -> int:
    from ltpif.app.operational import phase_file
    from ltpif.plans.operational_files import operational_yaml

    phased = phase_file(args.plan, args.profile, args.actuals, args.year)
    args.out.write_text(operational_yaml(phased.operational), encoding="utf-8")
    op = phased.operational
    print(f"{args.out}: {len(op.metrics)} metric(s) of {op.system} phased by month for {op.year}")
    for metric, note in sorted(phased.notes.items()):
        print(f"  {metric}: {note}", file=sys.stderr)
    return 0
