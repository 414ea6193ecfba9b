"""Carrying the 42 demo plans forward to the next round's pack, and the pack diff (issue 12).

- `ltpif plans carry-forward` of the 42 demo plans, whole CLI (target < 2 s), beside the same
  in process (read, carry, write) and the carrying alone (plans already read, nothing written);
- `diff_packs` of the built-in pack and its next-round copy in process, and `ltpif framework
  diff` as a whole CLI command, beside a bare Python start measured in the same run.

On a shared machine the wall times grow with the load: the CPU time of one whole CLI run (its
worker processes included) is printed beside them, with the load average.

The next round's pack is the tests' modified copy (tests/packs.py `next_round_pack`: a
commitment removed, a threshold changed, a year added).
"""

from __future__ import annotations

import itertools
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' modified pack
sys.path.insert(0, str(Path(__file__).parent))
from tests.packs import next_round_pack

from common import PYTHON, command, median_seconds
from ltpif.app.carry_forward import carry_forward_files
from ltpif.demo.plans import demo_plans, write_demo_plans
from ltpif.framework.diff import diff_packs
from ltpif.framework.loader import load_pack
from ltpif.plans.carry_forward import carry_forward


def main() -> None:
    old = load_pack()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        plans_dir = root / "old"
        write_demo_plans(old, plans_dir)
        new_dir = next_round_pack(root)
        new = load_pack(new_dir)
        fresh = (root / f"out-{n}" for n in itertools.count())

        changes = diff_packs(old, new)
        plans = [plan for _system, _failings, plan in demo_plans(old)]
        carry_only = median_seconds(
            lambda: [carry_forward(plan, old, new, changes) for plan in plans], repeat=15
        )
        in_process = median_seconds(
            lambda: carry_forward_files([plans_dir], new_dir, next(fresh)), repeat=7
        )

        def cli() -> None:
            args = ["plans", "carry-forward", str(plans_dir), "--to", str(new_dir)]
            done = subprocess.run(
                [PYTHON, "-m", "ltpif", *args, "--out", str(next(fresh))],
                stdout=subprocess.DEVNULL,
                check=False,
            )
            assert done.returncode == 0, done.returncode

        whole = median_seconds(cli, repeat=7)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        cli()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        diff_in_process = median_seconds(lambda: diff_packs(old, new), repeat=30)
        diff_cli = median_seconds(
            command(PYTHON, "-m", "ltpif", "framework", "diff", "ltpif-2019", str(new_dir)),
            repeat=9,
        )
        bare = median_seconds(command(PYTHON, "-c", "pass"), repeat=9)

    print(f"bare Python start:                                  {bare:.3f} s")
    print(f"carry forward 42 plans, carrying only (in process): {carry_only:.3f} s")
    print(f"carry forward 42 plans, read + carry + write:       {in_process:.3f} s")
    print(
        f"ltpif plans carry-forward, 42 plans, whole CLI:     {whole:.3f} s "
        f"(target < 2.000; {whole / bare:.1f}× a bare Python start)"
    )
    print(
        f"  its CPU time, all processes (load-independent):   {cpu:.3f} s "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    print(f"framework diff, in process ({len(changes)} changes):          {diff_in_process:.3f} s")
    print(
        f"ltpif framework diff, whole CLI:                    {diff_cli:.3f} s "
        f"({diff_cli / bare:.1f}× a bare Python start)"
    )


if __name__ == "__main__":
    main()
