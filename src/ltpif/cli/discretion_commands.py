"""`ltpif discretion`: the local discretion index of plan files, per plan and nationally."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "discretion",
        help="how much of each plan is centrally prescribed and how much locally chosen",
        description="The local discretion index of each plan (0 = wholly prescribed, 1 = wholly "
        "local) and its parts (commitments, metrics, trajectory values, milestones, money), "
        "then nationally, with the local priorities by theme. Method: "
        "docs/reference/local-discretion.md.",
    )
    parser.add_argument("plans", nargs="+", type=Path, metavar="PLAN", help="plan files (YAML)")
    parser.add_argument("--format", choices=["text", "json", "csv"], default="text")
    parser.set_defaults(run=run_discretion)


def run_discretion(args: argparse.Namespace) -> int:
    from ltpif.app.discretion import discretion_of_files, render_text
    from ltpif.interchange.publication.opendata import csv_text, json_text

    report = discretion_of_files(args.plans)
    rows = report.rows()
    if args.format == "csv":
        sys.stdout.write(csv_text(rows))
    elif args.format == "json":
        spread = report.national.quantiles()
        document = {
            "pack": report.pack.id,
            "pack_version": report.pack.meta.version,
            "plans": rows[:-1],
            "national": {
                **rows[-1],
                "plans": report.national.plans,
                "spread": None
                if spread is None
                else dict(
                    zip(
                        ("lowest", "lower_quartile", "median", "upper_quartile", "highest"),
                        (round(v, 4) for v in spread),
                        strict=True,
                    )
                ),
            },
            "local_priorities_by_theme": [
                {
                    "theme": t.theme,
                    "name": t.name,
                    "priorities": t.priorities,
                    "systems": t.systems,
                    "metrics": t.metrics,
                }
                for t in report.themes
            ],
        }
        sys.stdout.write(json_text(document))
    else:
        sys.stdout.write(render_text(report))
    return 0
