"""Timing helpers for the benchmark scripts: medians over repeated runs."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable


def median_seconds(run: Callable[[], object], repeat: int = 15, warmup: int = 1) -> float:
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command(*args: str, ok: tuple[int, ...] = (0,)) -> Callable[[], object]:
    """A command to time; an exit code outside `ok` stops the benchmark."""

    def run() -> None:
        done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        if done.returncode not in ok:
            raise RuntimeError(f"{args[:4]} exited {done.returncode}: {done.stderr[-500:]!r}")

    return run


PYTHON = sys.executable
