"""`ltpif demo`: ltpif's main job on its embedded defaults, and `ltpif demo plans`."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_DATA_DIR = Path("ltpif-data")


def register(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser(
        "demo", help="write the 42 demo plans, assure them and report (the main job)"
    )
    demo.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="where to write")
    demo.set_defaults(run=run_demo)
    actions = demo.add_subparsers(dest="action", metavar="ACTION")
    plans = actions.add_parser("plans", help="write the 42 deterministic demo plans")
    plans.add_argument("--out", type=Path, required=True, help="folder to write the plans into")
    plans.set_defaults(run=run_demo_plans)


def run_demo_plans(args: argparse.Namespace) -> int:
    from ltpif.demo.plans import write_demo_plans
    from ltpif.framework.loader import load_pack

    paths = write_demo_plans(load_pack(), args.out)
    print(f"Wrote {len(paths)} plans to {args.out}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from ltpif.demo.plans import write_demo_plans
    from ltpif.framework.loader import load_pack
    from ltpif.interchange.assurance_batch import assure_files
    from ltpif.interchange.assurance_html import render_html

    pack = load_pack()
    plans_dir = args.data_dir / "plans"
    paths = write_demo_plans(pack, plans_dir)
    reports = assure_files(paths)
    report_path = args.data_dir / "assurance.html"
    report_path.write_text(render_html(reports), encoding="utf-8")
    regions = {region.code: region.name for region in pack.geography.region}
    print(f"{pack.meta.title} — pack {pack.id} {pack.meta.version}")
    print(
        f"{len(reports)} demo plans in {plans_dir}, assured against {len(pack.rules.rule)} rules:"
    )
    print(f"  {'system':<58} {'region':<26} {'RAG':<6} errors queries")
    for report in reports:
        region = regions[pack.system_by_code[report.system].region]
        readiness = report.readiness
        print(
            f"  {report.system_name[:58]:<58} {region[:26]:<26} {readiness.rag.upper():<6}"
            f" {readiness.errors:>6} {readiness.queries:>7}"
        )
    ready = sum(1 for r in reports if r.readiness.ready)
    print(f"{ready} of {len(reports)} plans are ready to submit. Full report: {report_path}")
    print(f"Assure one yourself: ltpif assure {paths[0]}")
    return 0
