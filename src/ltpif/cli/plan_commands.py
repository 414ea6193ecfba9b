"""`ltpif assure`, `ltpif plans schema` and `ltpif plans carry-forward`: assurance of plan
files, the plan format, and plans carried forward to a new pack version."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ltpif.app.carry_forward import CarryForward

from ltpif.cli.options import add_today
from ltpif.framework.schema import STAGES

EXIT_ERRORS_FOUND = 1


def register(commands: argparse._SubParsersAction) -> None:
    assure = commands.add_parser("assure", help="check plans against their framework pack")
    assure.add_argument("plans", nargs="+", type=Path, metavar="PLAN", help="plan files (YAML)")
    assure.add_argument("--format", choices=["text", "json", "html"], default="text")
    assure.add_argument(
        "--stage",
        choices=list(STAGES),
        default="final",
        help="the submission to judge: a rule the pack requires only of the final plan "
        "gives information on the draft (default: final)",
    )
    add_today(assure)
    assure.set_defaults(run=run_assure)

    plans = commands.add_parser("plans", help="the plan document format")
    actions = plans.add_subparsers(dest="action", required=True, metavar="ACTION")
    schema = actions.add_parser("schema", help="print the plan document's JSON Schema")
    schema.set_defaults(run=run_schema)
    carry = actions.add_parser(
        "carry-forward",
        help="make each plan its first draft against a new pack version, with a report",
    )
    carry.add_argument(
        "plans", nargs="+", type=Path, metavar="PLAN", help="plan files, or folders of them"
    )
    carry.add_argument("--to", required=True, metavar="PACK", help="the new pack: name or folder")
    carry.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="a new or empty folder for drafts"
    )
    carry.add_argument("--format", choices=["text", "json"], default="text", help="the report")
    carry.set_defaults(run=run_carry_forward)


def run_assure(args: argparse.Namespace) -> int:
    from ltpif.app.assurance import assure_files
    from ltpif.assurance.render import render_text, report_json
    from ltpif.interchange.assurance_html import render_html

    reports = assure_files(args.plans, args.stage, args.today)
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


def run_carry_forward(args: argparse.Namespace) -> int:
    from ltpif.app.carry_forward import carry_forward_files

    run = carry_forward_files(args.plans, args.to, args.out)
    if args.format == "json":
        sys.stdout.write(json.dumps(carry_forward_json(run), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(carry_forward_text(run))
    return 0


def carry_forward_text(run: CarryForward) -> str:
    from ltpif.framework.diff import render_diff
    from ltpif.plans.carry_forward import ACTIONS

    new = run.new
    drafts = sum(1 for item in run.files if item.target is not None)
    lines = [
        f"Carried {len(run.files)} plan(s) forward to {new.id} {new.meta.version}: "
        f"{drafts} draft(s) written to {run.out}.",
    ]
    for old, changes in run.diffs:
        lines += ["", "The pack: " + render_diff(old, new, changes).rstrip("\n")]
    for item in run.files:
        result = item.result
        target = item.target or "no draft"
        lines += ["", f"{result.old_system} {item.name}: {item.source} → {target}"]
        for action, heading in ACTIONS.items():
            notes = result.of(action)
            if notes:
                lines.append(f"  {heading}:")
                lines += [f"    {note.where}: {note.message}" for note in notes]
        if not result.notes:
            lines.append("  Everything carried; nothing to add.")
    if not run.pack_found:
        lines += [
            "",
            f"The drafts name the pack {new.id}: `ltpif assure` finds it among the built-in "
            f"packs, or as a folder named {new.id} in the folder it runs in.",
        ]
    return "\n".join(lines) + "\n"


def carry_forward_json(run: CarryForward) -> dict[str, Any]:
    new = run.new
    return {
        "to": {"pack": new.id, "version": new.meta.version},
        "out": str(run.out),
        "pack_changes": [
            {
                "from": {"pack": old.id, "version": old.meta.version},
                "changes": [change.as_dict() for change in changes],
            }
            for old, changes in run.diffs
        ],
        "plans": [
            {
                "system": item.result.system or None,
                "old_system": item.result.old_system,
                "name": item.name,
                "from": {"pack": item.old.id, "version": item.old.meta.version},
                "source": item.source,
                "draft": item.target,
                "notes": [
                    {"action": n.action, "where": n.where, "message": n.message}
                    for n in item.result.notes
                ],
            }
            for item in run.files
        ],
        "pack_found": run.pack_found,
    }
