"""Running a command on hostile input in a child process, measured, with what it wrote.

Each case runs `python -m ltpif …` in a process of its own, so that its cost is its own: its
processor time from the child's resource usage (`os.wait4`), and its peak memory as the child
itself reports it at exit (VmHWM: the resident high-water mark of the program it became, not
`ru_maxrss`, which on Linux also counts the forking test process's memory from before exec).
Processor time is the bound (5 s): on a machine shared by other jobs, wall time also counts
their turns, so the wall clock gets three times the allowance.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import ltpif

MAX_SECONDS = 5.0  # of processor time
MAX_WALL_SECONDS = 3 * MAX_SECONDS
MAX_MEGABYTES = 500
EXIT_BAD_INPUT = 2
SOURCE = str(Path(ltpif.__file__).resolve().parents[1])
KILL_AFTER = 60  # seconds: a case that hangs fails instead of stalling the suite
# `python -m ltpif ARGS`, writing its peak resident memory (kB) to $HOSTILE_PEAK_FILE at exit.
MEASURED = """
import atexit, os, runpy, sys

def peak():
    with open("/proc/self/status") as status:
        kilobytes = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["HOSTILE_PEAK_FILE"], "w") as out:
        out.write(kilobytes)

atexit.register(peak)
sys.argv = ["ltpif", *sys.argv[1:]]
runpy.run_module("ltpif", run_name="__main__", alter_sys=True)
"""


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float  # processor time, user and system
    wall_seconds: float
    megabytes: float

    def assert_refused(self, *expected: str) -> None:
        """Exit 2, no traceback, each expected text (a problem with its place) in stderr,
        within the time and memory allowed."""
        assert self.code == EXIT_BAD_INPUT, (self.code, self.out, self.err[-2000:])
        assert "Traceback" not in self.out + self.err, self.err[-2000:]
        for text in expected:
            assert text in self.err, (text, self.err[-2000:])
        assert self.seconds < MAX_SECONDS, f"took {self.seconds:.1f} s of processor time"
        assert self.wall_seconds < MAX_WALL_SECONDS, f"took {self.wall_seconds:.1f} s"
        assert self.megabytes < MAX_MEGABYTES, f"peaked at {self.megabytes:.0f} MB"


def run_cli(*args: str | Path, cwd: Path) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LTPIF_", "DATABASE_URL"))}
    env["PYTHONPATH"] = SOURCE  # the child runs the code under test, wherever it runs
    handle, name = tempfile.mkstemp(prefix="hostile-peak-")  # outside the folders compared
    os.close(handle)
    peak_file = Path(name)
    peak_file.write_text("")
    env["HOSTILE_PEAK_FILE"] = str(peak_file)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-c", MEASURED, *map(str, args)],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=err,
        )
        timer = threading.Timer(KILL_AFTER, child.kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        wall_seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        kilobytes = float(peak_file.read_text() or "inf")  # no report: it did not exit cleanly
        peak_file.unlink(missing_ok=True)
        return Run(
            child.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
            usage.ru_utime + usage.ru_stime,
            wall_seconds,
            kilobytes / 1024,
        )


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the SHA-256 of its bytes, but a database by the row
    counts of its tables (reading it may touch its bytes, never its rows)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".sqlite3":
            found |= {f"{path.name}:{t}": str(n) for t, n in row_counts(path).items()}
        elif path.is_file():
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def row_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        tables = [row[0] for row in connection.execute(query)]
        return {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
