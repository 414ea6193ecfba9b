"""`ltpif template export` and `ltpif template import`: the Excel planning template."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:
    """Add this area's commands to `ltpif`."""
    template = commands.add_parser(
        "template", help="the Excel planning template: a plan out as a workbook and back in"
    )
    actions = template.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="write a plan's planning workbook (.xlsx)")
    export.add_argument("plan", type=Path, metavar="PLAN", help="the plan file (YAML)")
    export.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    export.add_argument(
        "--plan-version", default="1", metavar="N", help="the plan version the workbook records"
    )
    export.set_defaults(run=run_export)

    read = actions.add_parser(
        "import", help="read a workbook back into a plan: all of it, or nothing (exit 2)"
    )
    read.add_argument("workbook", type=Path, metavar="FILE.xlsx")
    read.add_argument("--out", type=Path, metavar="PLAN", help="write the plan (YAML) here")
    read.add_argument(
        "--against",
        type=Path,
        metavar="PLAN",
        help="the current plan: refuse a workbook exported from another version of it, "
        "and print the workbook's changes against it",
    )
    read.add_argument(
        "--pack", metavar="NAME", help="the framework pack (default: the built-in one)"
    )
    read.set_defaults(run=run_import)


def run_export(args: argparse.Namespace) -> int:
    from ltpif.interchange.template.export import export_workbook
    from ltpif.interchange.template.files import write_whole
    from ltpif.plans.files import read_plan

    loaded = read_plan(args.plan)
    data = export_workbook(loaded.pack, loaded.plan, args.plan_version)
    write_whole(args.out, data)
    system = loaded.pack.system_by_code[loaded.plan.system]
    code, version = loaded.plan.system, args.plan_version
    print(f"{args.out}: the planning workbook of {system.name} ({code}), plan version {version}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from ltpif.framework.loader import load_pack
    from ltpif.interchange.template.files import read_workbook_file, write_whole
    from ltpif.interchange.template.importer import StaleWorkbook, import_workbook
    from ltpif.plans.canonical import plan_sha256
    from ltpif.plans.diff import diff_records, render_changes
    from ltpif.plans.files import plan_yaml, read_plan

    against = read_plan(args.against) if args.against else None
    pack = against.pack if against else load_pack(args.pack)
    data = read_workbook_file(args.workbook)
    current = {}
    if against:
        current = {"current_hash": plan_sha256(against.plan), "system": against.plan.system}
    try:
        result = import_workbook(pack, data, str(args.workbook), **current)
    except StaleWorkbook as stale:
        sys.stdout.write(f"The workbook's changes against {args.against}:\n")
        sys.stdout.write(render_changes(diff_records(against.plan, stale.plan)))
        raise
    plan = result.plan
    system = pack.system_by_code[plan.system]
    print(
        f"{args.workbook}: a valid plan for {system.name} ({plan.system}), exported at save "
        f"{result.exported_version} of the plan; {result.cells_read} input cells read."
    )
    if against:
        print(f"Changes against {args.against}:")
        sys.stdout.write(render_changes(diff_records(against.plan, plan)))
    else:
        print("Changes against the plan it was exported from:")
        sys.stdout.write(render_changes(result.changes))
    if args.out:
        write_whole(args.out, plan_yaml(plan).encode())
        print(f"Wrote {args.out}.")
    return 0
