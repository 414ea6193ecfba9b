"""Assurance speed (issue 3).

- `ltpif assure` on all 42 demo plans from the CLI, wall time (target < 1 s), beside a bare
  Python start and `ltpif assure` on one plan measured in the same run;
- engine throughput on 1,000 generated plans (plans per second), beside the time to only
  parse the same plans into records (the floor any engine pays).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PYTHON, command, median_seconds
from ltpif.assurance.engine import run_rules
from ltpif.demo.plans import FAILINGS, build_plan, write_demo_plans
from ltpif.framework.loader import load_pack
from ltpif.framework.typed import parse, to_plain
from ltpif.plans.document import Plan

GENERATED = 1000


def generated_plans(pack) -> list[Plan]:
    """1,000 plans: every system with every single failing and none, cycling."""
    systems = pack.geography.system
    variants = [(), *((f,) for f in FAILINGS)]
    return [
        build_plan(pack, systems[i % len(systems)], variants[i % len(variants)])
        for i in range(GENERATED)
    ]


def main() -> None:
    pack = load_pack()
    with tempfile.TemporaryDirectory() as folder:
        paths = [str(p) for p in write_demo_plans(pack, Path(folder))]
        bare = median_seconds(command(PYTHON, "-c", "pass"), repeat=9)
        one = median_seconds(
            command(PYTHON, "-m", "ltpif", "assure", paths[0], ok=(0, 1)), repeat=9
        )
        # exit 1: some demo plans have errors, on purpose
        run_all = command(PYTHON, "-m", "ltpif", "assure", *paths, ok=(0, 1))
        all_42 = median_seconds(run_all, repeat=9)
    print(f"bare Python start:                         {bare:.3f} s")
    print(f"ltpif assure, 1 demo plan:                 {one:.3f} s")
    print(f"ltpif assure, all 42 demo plans (CLI):     {all_42:.3f} s (target < 1.000)")

    plans = generated_plans(pack)
    plain = [to_plain(plan) for plan in plans]
    start = time.perf_counter()
    findings = sum(len(run_rules(pack, plan)) for plan in plans)
    engine = time.perf_counter() - start
    start = time.perf_counter()
    for data in plain:
        parse(Plan, data)
    parsing = time.perf_counter() - start
    print(
        f"engine on {GENERATED} generated plans:       {GENERATED / engine:,.0f} plans/s "
        f"({engine:.2f} s, {findings} findings)"
    )
    print(
        f"parsing the same plans into records:      {GENERATED / parsing:,.0f} plans/s "
        f"(engine takes {engine / parsing:.1f}× parsing)"
    )


if __name__ == "__main__":
    main()
