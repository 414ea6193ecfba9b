"""Feasibility speed (issue 14).

- `ltpif feasibility` on all 42 demo plans from the CLI, wall time (target < 2 s), beside
  `ltpif assure` on the same plans (the rules it shares);
- the simulator: 10 years of weekly flows for a system-sized list (100,000 patients, demand
  2,000 a week) in runs per second (target: a run under 1 s), first come first served and
  with three priority classes;
- the Feasibility tab's projection with the simulator's band, per demo plan (the median and
  the slowest of the 42), beside the stock-and-flow projection alone;
- the roll-up of feasibility findings: 42 plans × the feasibility checks.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PYTHON, command, median_seconds
from ltpif.app import feasibility_rollup, feasibility_tables
from ltpif.demo.plans import demo_plans, write_demo_plans
from ltpif.framework.loader import load_pack
from ltpif.modelling.waiting_list import simulate_waiting_list

LIST, DEMAND, CAPACITY, WEEKS = 100_000, 2_000.0, 2_040.0, 520


def main() -> None:
    pack = load_pack()
    with tempfile.TemporaryDirectory() as folder:
        paths = [str(p) for p in write_demo_plans(pack, Path(folder))]
        feasibility = median_seconds(command(PYTHON, "-m", "ltpif", "feasibility", *paths), 7)
        assure = median_seconds(command(PYTHON, "-m", "ltpif", "assure", *paths, ok=(0, 1)), 7)
    print(f"ltpif feasibility, 42 demo plans (CLI):   {feasibility:.3f} s (target < 2.000)")
    print(f"ltpif assure, the same plans:             {assure:.3f} s ({feasibility / assure:.2f}×)")
    for name, priorities in (
        ("first come, first served", (1.0,)),
        ("3 priorities", (0.2, 0.3, 0.5)),
    ):
        seeds = iter(range(1_000))  # a fresh seed each run

        def run(priorities: tuple[float, ...] = priorities, seeds=seeds) -> object:
            return simulate_waiting_list(
                DEMAND, CAPACITY, WEEKS, start_size=LIST, priorities=priorities, seed=next(seeds)
            )

        seconds = median_seconds(run, repeat=15)
        print(
            f"simulator, {name}: {seconds:.3f} s a run, {1 / seconds:,.1f} runs/s "
            f"(target < 1 s: {1 / seconds:.0f}× under)"
        )

    plans = [plan for _, _, plan in demo_plans(pack)]
    banded = sorted(
        median_seconds(lambda plan=plan: feasibility_tables.projection(pack, plan), 3)
        for plan in plans
    )
    flat = median_seconds(
        lambda: [feasibility_tables.projection_rows_only(pack, plan) for plan in plans], 5
    )
    print(
        f"Feasibility tab projection with its band:  median {banded[len(banded) // 2]:.3f} s, "
        f"slowest {banded[-1]:.3f} s a plan (without the band: {flat / len(plans):.4f} s)"
    )
    by_system = {plan.system: plan for plan in plans}
    matrix = median_seconds(
        lambda: feasibility_rollup.system_rows(pack, by_system, sorted(by_system)), 5
    )
    print(f"feasibility roll-up, 42 plans × checks:    {matrix:.3f} s")


if __name__ == "__main__":
    main()
