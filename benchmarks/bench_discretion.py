"""Local discretion index speed (issue 15 item 5).

- the index over the 42 demo plans in process, plans already read (target < 50 ms), beside
  the national roll-up of the 42 and the local priorities by theme;
- `ltpif discretion` on all 42 demo plan files from the CLI, wall time (target < 1 s), beside
  a bare Python start and `ltpif assure` on the same files measured in the same run; with its
  CPU time over all its processes (the forked readers too), which the machine's load does not
  inflate, and the time to import what the command needs.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PYTHON, command, median_seconds
from ltpif.assurance.discretion import discretion, national
from ltpif.demo.plans import demo_plans, write_demo_plans
from ltpif.framework.loader import load_pack
from ltpif.rollup.local_priorities import priorities_by_theme


def main() -> None:
    pack = load_pack()
    plans = [plan for _, _, plan in demo_plans(pack)]

    def index_all() -> None:
        national([discretion(pack, plan) for plan in plans])

    in_process = median_seconds(index_all, repeat=25)
    themes = median_seconds(lambda: priorities_by_theme(pack, plans), repeat=25)
    print(
        f"index of 42 plans and the nation (in process): {in_process * 1000:.1f} ms (target < 50)"
    )
    print(f"local priorities by theme, 42 plans:           {themes * 1000:.2f} ms")
    with tempfile.TemporaryDirectory() as folder:
        paths = [str(p) for p in write_demo_plans(pack, Path(folder))]
        bare = median_seconds(command(PYTHON, "-c", "pass"), repeat=7)
        cli = median_seconds(command(PYTHON, "-m", "ltpif", "discretion", *paths), repeat=7)
        assure = median_seconds(
            command(PYTHON, "-m", "ltpif", "assure", *paths, ok=(0, 1)), repeat=7
        )
        cpu = statistics.median(
            _cpu([PYTHON, "-m", "ltpif", "discretion", *paths]) for _ in range(5)
        )
        imports = median_seconds(
            command(PYTHON, "-c", "import ltpif.cli.main, ltpif.app.discretion"), repeat=7
        )
    print(f"bare Python start:                             {bare:.3f} s")
    print(f"importing the CLI and the use case:            {imports:.3f} s")
    print(f"ltpif discretion, 42 demo plans (CLI):         {cli:.3f} s (target < 1.000)")
    print(f"ltpif assure, the same 42 plans (CLI):         {assure:.3f} s ({cli / assure:.2f}×)")
    print(
        f"  ltpif discretion's CPU time, all processes:  {cpu:.3f} s "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )


def _cpu(args: list[str]) -> float:
    """The user and system time of a command and every process it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, stdout=subprocess.DEVNULL, check=False)
    assert done.returncode == 0, done.returncode
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


if __name__ == "__main__":
    main()
