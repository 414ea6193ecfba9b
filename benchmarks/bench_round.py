"""Opening a round from the official lookups on an empty SQLite database, as the whole CLI.

Target (issue 12): `ltpif round open` under 10 s on an empty database. Each timed run gets a
new data folder, so it migrates, loads the regions and systems and writes every organisation
and its place in a system. Also timed: reading the lookups alone (in process), and a second
`round open` on the opened database, which writes nothing. With --database-url (a
PostgreSQL server's URL and a scratch database name, dropped and made again before each run)
the same runs are timed on PostgreSQL too.

Usage: python benchmarks/bench_round.py [--database-url postgres://postgres@127.0.0.1:5432/x]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).parent))
from common import PYTHON, command, median_seconds
from ltpif.framework.loader import load_pack
from ltpif.geography.lookups import default_lookups_dir
from ltpif.geography.organisations import read_landscape


def fresh_database(url: str) -> None:
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')


def on_postgres(url: str, lookups: Path, scratch: Path) -> None:
    os.environ["DATABASE_URL"] = url
    open_round = command(
        PYTHON,
        "-m",
        "ltpif",
        "round",
        "open",
        "--data-dir",
        str(scratch / "pg"),
        "--lookups",
        str(lookups),
    )

    def fresh() -> None:
        fresh_database(url)
        open_round()

    try:
        empty = median_seconds(fresh, repeat=5, warmup=0)
        again = median_seconds(open_round, repeat=5, warmup=0)
    finally:
        del os.environ["DATABASE_URL"]
        server, name = url.rsplit("/", 1)
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"ltpif round open, empty PostgreSQL database:  {empty:.2f} s (target < 10)")
    print(f"ltpif round open again on PostgreSQL:         {again:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", help="PostgreSQL: a scratch database, made and dropped")
    options = parser.parse_args()
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
    if options.database_url:
        on_postgres(options.database_url, lookups, scratch)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average of the machine (1, 5, 15 min): {load} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
