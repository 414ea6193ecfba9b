"""`ltpif demo`: ltpif's main job on its embedded defaults."""

from __future__ import annotations

import argparse

from ltpif.framework.loader import load_pack


def register(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser("demo", help="run ltpif on its built-in pack and demo data")
    demo.set_defaults(run=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    pack = load_pack()
    print(f"{pack.meta.title} — pack {pack.id} {pack.meta.version}")
    for area in pack.areas:
        print(f"  {area.area.title}: {len(area.area.commitment)} commitments")
    return 0
