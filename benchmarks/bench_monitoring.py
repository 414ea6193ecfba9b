"""Monitoring ingest speed (issue 7): the RTT full extract on DuckDB.

A synthetic extract of realistic size (about 180,000 rows a month, the official layout with
105 weeks bands; `ltpif.monitoring.pipelines.synthetic_rtt`) for a number of months:
- ingest: every month read by the loader (`Loader.read_many`, as `load_files` reads them) —
  read, check, map to systems and compute the system and national metrics; rows per second
  (writing the few thousand actuals to the web database is not measured);
- baseline, in the same run: DuckDB's own plain scan of the same files, reading every
  numeric column (`sum(columns(...))` over `read_csv` with its own type detection), and a
  bare `count(*)`; the ingest's ratio to the plain scan (target: within 3×);
- peak memory (maximum resident set) of the process doing each, measured in a child process.

Quick by default (3 months); `--full` runs the issue's 60 months (~3 GB of CSV, generated
once into `--files DIR` and reused).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PYTHON
from ltpif.monitoring.pipelines.lookups import default_lookups_dir

FULL_MONTHS = 60


def month_files(folder: Path, months: int, rows: int) -> list[Path]:
    """The synthetic months in `folder`, generated where missing (the same seed every time)."""
    import csv

    from ltpif.monitoring.pipelines.synthetic_rtt import write_month

    lookups = default_lookups_dir()
    with (lookups / "nhsd_ods_etr_trusts_with_region_stp_2022.csv").open() as handle:
        trusts = [r["org_code"] for r in csv.DictReader(handle)]
    with (lookups / "nhsd_ccg19_to_stp19_region_lookup_apr2019.csv").open() as handle:
        ccgs = [r["ccg19cdh"] for r in csv.DictReader(handle)]
    providers = trusts + [f"NT{i:03d}" for i in range(40)]  # independent sector: unmapped
    commissioners = [*ccgs, "13Q", "14A", "14E", "14F", "14G"]  # NHS England hubs: unmapped
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(months):
        month = dt.date(2019 + (index + 3) // 12, (index + 3) % 12 + 1, 1)
        path = folder / f"rtt-full-extract-{month:%Y-%m}-{rows}.csv"
        if not path.exists():
            print(f"  generating {path.name}", file=sys.stderr)
            write_month(path, month, providers, commissioners, rows=rows, month_index=index)
        paths.append(path)
    return paths


def ingest(paths: list[str]) -> dict:
    """Child process: read, check and sum every file as a load does."""
    from ltpif.analytics.engines import duckdb_backend
    from ltpif.framework.loader import load_pack
    from ltpif.monitoring.definitions import catalogue_for
    from ltpif.monitoring.pipelines.load import BATCH, Loader

    pack = load_pack()
    loader = Loader(pack, catalogue_for(pack), default_lookups_dir(), duckdb_backend())
    files = [Path(p) for p in paths]
    start = time.perf_counter()
    results = []
    for first in range(0, len(files), BATCH):
        results += loader.read_many(files[first : first + BATCH], "rtt-full-extract").values()
    seconds = time.perf_counter() - start
    actuals = sum(len(r.actuals) for r in results)
    return {"seconds": seconds, "rows": sum(r.rows for r in results), "actuals": actuals}


def scan(paths: list[str], query: str) -> dict:
    """Child process: DuckDB's plain scan of the files."""
    import duckdb

    files = ", ".join(f"'{p}'" for p in paths)
    sql = {
        "all-columns": f"SELECT sum(COLUMNS('^(Gt|Total)')::DOUBLE) FROM read_csv([{files}])",
        "count": f"SELECT count(*) FROM read_csv([{files}])",
    }[query]
    with duckdb.connect() as con:
        start = time.perf_counter()
        con.execute(sql).fetchall()
        return {"seconds": time.perf_counter() - start}


def in_child(*args: str) -> tuple[dict, float]:
    """Run this script as a child; its result and its peak resident memory in MB."""
    child = subprocess.Popen([PYTHON, __file__, *args], stdout=subprocess.PIPE)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{args[:2]} exited {child.returncode}")
    return json.loads(output), usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux


def measure(repeat: int, *args: str) -> tuple[float, float, dict]:
    runs = [in_child(*args) for _ in range(repeat)]
    return statistics.median(r["seconds"] for r, _ in runs), max(m for _, m in runs), runs[0][0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--full", action="store_true", help=f"{FULL_MONTHS} months")
    parser.add_argument("--rows", type=int, default=180_000, help="rows a month (about)")
    parser.add_argument("--repeat", type=int, help="runs of each (default 3; 1 with --full)")
    parser.add_argument("--files", type=Path, help="folder to keep the generated months in")
    args = parser.parse_args()
    months = FULL_MONTHS if args.full else args.months
    repeat = args.repeat or (1 if args.full else 3)
    folder = args.files or Path(tempfile.gettempdir()) / "ltpif-bench-rtt"
    # generated in a child: a child's peak memory counts what it inherits when it is forked
    paths, _ = in_child("--child-generate", str(folder), str(months), str(args.rows))
    size = sum(Path(p).stat().st_size for p in paths) / 1e6

    load, load_mb, loaded = measure(repeat, "--child-ingest", *paths)
    plain, plain_mb, _ = measure(repeat, "--child-scan", "all-columns", *paths)
    count, count_mb, _ = measure(repeat, "--child-scan", "count", *paths)
    rows = loaded["rows"]
    print(f"RTT full extract: {months} month(s), {rows:,} rows, {size:,.0f} MB of CSV")
    print(f"medians of {repeat} run(s)")
    table = [
        ("ingest (check, map, system metrics)", load, load_mb),
        ("DuckDB plain scan, every numeric column", plain, plain_mb),
        ("DuckDB count(*) of the same files", count, count_mb),
    ]
    for label, seconds, peak in table:
        print(f"{label:<44}{seconds:7.2f} s {rows / seconds:>11,.0f} rows/s  peak {peak:,.0f} MB")
    print(f"{loaded['actuals']:,} actuals (systems and national, per month and metric)")
    print(f"ingest / plain scan: {load / plain:.2f}× (target within 3×)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child-generate":
        files = month_files(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
        print(json.dumps([str(p) for p in files]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-ingest":
        print(json.dumps(ingest(sys.argv[2:])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-scan":
        print(json.dumps(scan(sys.argv[3:], sys.argv[2])))
    else:
        main()
