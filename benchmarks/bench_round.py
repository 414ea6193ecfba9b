"""Opening a round from the official lookups on an empty SQLite database, as the whole CLI.

Target (issue 12): `ltpif round open` under 10 s on an empty database. Each timed run gets a
new data folder, so it migrates, loads the regions and systems and writes every organisation
and its place in a system. Also timed: reading the lookups alone (in process), and a second
`round open` on the opened database, which writes nothing. PostgreSQL is not timed here.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PYTHON, command, median_seconds
from ltpif.framework.loader import load_pack
from ltpif.geography.lookups import default_lookups_dir
from ltpif.geography.organisations import read_landscape


def main() -> None:
    lookups = default_lookups_dir()
    if lookups is None:
        sys.exit("no shared data folder: set LTPIF_SHARED")
    for name in ("DATABASE_URL", "LTPIF_DATA_DIR"):
        os.environ.pop(name, None)  # the data folder's own SQLite file
    pack = load_pack()
    landscape = read_landscape(pack, lookups)
    read = median_seconds(lambda: read_landscape(pack, lookups), repeat=7)
    scratch = Path(tempfile.mkdtemp(prefix="ltpif-bench-round-"))
    runs = iter(range(1000))

    def fresh() -> None:
        folder = scratch / f"run-{next(runs)}"
        command(
            PYTHON,
            "-m",
            "ltpif",
            "round",
            "open",
            "--data-dir",
            str(folder),
            "--lookups",
            str(lookups),
        )()

    empty = median_seconds(fresh, repeat=5, warmup=0)
    again = median_seconds(
        command(
            PYTHON,
            "-m",
            "ltpif",
            "round",
            "open",
            "--data-dir",
            str(scratch / "run-0"),
            "--lookups",
            str(lookups),
        ),
        repeat=5,
        warmup=0,
    )
    bare = median_seconds(command(PYTHON, "-m", "ltpif", "--help"), repeat=5)
    total = sum(landscape.counts().values())
    print(f"reading the lookups ({total:,} organisations), in process: {read:.3f} s")
    print(
        f"ltpif round open, empty SQLite database:      {empty:.2f} s "
        f"(target < 10; {empty / bare:.1f}× `ltpif --help`)"
    )
    print(f"ltpif round open again (nothing to write):    {again:.2f} s")
    print(f"ltpif --help (start-up):                      {bare:.2f} s")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average of the machine (1, 5, 15 min): {load} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
