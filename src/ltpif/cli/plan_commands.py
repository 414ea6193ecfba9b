"""`ltpif assure` and `ltpif plans schema`: assurance of plan files, and the plan format."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ltpif.cli.options import add_today

EXIT_ERRORS_FOUND = 1


def register(commands: argparse._SubParsersAction) -> None:
    assure = commands.add_parser("assure", help="check plans against their framework pack")
    assure.add_argument("plans", nargs="+", type=Path, metavar="PLAN", help="plan files (YAML)")
    assure.add_argument("--format", choices=["text", "json", "html"], default="text")
    add_today(assure)
    assure.set_defaults(run=run_assure)

    plans = commands.add_parser("plans", help="the plan document format")
    actions = plans.add_subparsers(dest="action", required=True, metavar="ACTION")
    schema = actions.add_parser("schema", help="print the plan document's JSON Schema")
    schema.set_defaults(run=run_schema)


def run_assure(args: argparse.Namespace) -> int:
    from ltpif.app.assurance import assure_files
    from ltpif.assurance.render import render_text, report_json
    from ltpif.interchange.assurance_html import render_html

    reports = assure_files(args.plans, args.today)
    if args.format == "json":
        document = {"reports": [report_json(r) for r in reports]}
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "html":
        sys.stdout.write(render_html(reports))
    else:
        sys.stdout.write("\n".join(render_text(r) for r in reports))
    return EXIT_ERRORS_FOUND if any(not r.readiness.ready for r in reports) else 0


def run_schema(args: argparse.Namespace) -> int:
    from ltpif.plans.schema import plan_json_schema

    sys.stdout.write(json.dumps(plan_json_schema(), indent=2) + "\n")
    return 0
