"""Monitoring ingest speed (issues 7 and 17): the RTT full extract on DuckDB and on Spark.

A synthetic extract of realistic size (about 180,000 rows a month, the official layout with
105 weeks bands; `ltpif.monitoring.pipelines.synthetic_rtt`) for a number of months:
- ingest: every month read by the loader (`Loader.read_many`, as `load_files` reads them) —
  read, check, map to systems and compute the system and national metrics; rows per second
  (writing the few thousand actuals to the web database is not measured);
- baseline, in the same run: DuckDB's own plain scan of the same files, reading every
  numeric column (`sum(columns(...))` over `read_csv` with its own type detection), and a
  bare `count(*)`; the ingest's ratio to the plain scan (target: within 1.5×), by wall
  time and by CPU time (user + system, all threads: steadier on a shared machine);
- peak memory (maximum resident set) of the process doing each, measured in a child process;
- `--spark`: the same ingest on Spark `local[2]` (`ltpif actuals load --engine spark`); its
  peak memory is the driver and its JVM together (sampled every 0.1 s), its CPU both's;
- `--incremental`: months 1..N-1 loaded into a fresh store (the web database, SQLite), then
  month N: its time, the rows it read and the actuals it wrote (a new month adds only its own).

Quick by default (3 months); `--months N` for more; `--full` runs 200 months (April 2007 to
November 2023: 38.5M rows, 10.8 GB of CSV, generated once into `--files DIR` and reused).

Measured on the 200 months, 1 December 2026, on a quiet machine (load average 1.2-3.9, the
benchmark's own; the files in the page cache), `--full --repeat 3`, medians: ingest 42.1 s
wall, cpu 77.8 s (913,239 rows/s; 0.39 CPU-s a month), peak 669 MB; DuckDB plain scan
30.6 s, cpu 60.3 s (1,259,309 rows/s), peak 1,267 MB; count(*) 22.1 s, cpu 43.6 s; ratio
1.38x wall, 1.29x CPU (target 1.5x: met); 25,800 actuals. Single runs before and after it:
1.40x / 1.31x and 1.42x / 1.32x; `--incremental` month 200 after 199 loaded: 0.43 s, cpu
0.60 s, peak 665 MB, read its own 192,382 rows, wrote 129 actuals, earlier loads unchanged.
The same code in an earlier sitting on a busier machine (load 4-6): 1.75x / 1.55x and 1.63x / 1.52x
(ingest 0.69 and 0.66 CPU-s a month against the plain scan's 0.44 and 0.43): read the
ratios with the load average, and compare runs of one sitting. See docs/reference/scale.md.
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
import contextlib

from common import PYTHON
from ltpif.geography.lookups import default_lookups_dir

FULL_MONTHS = 200  # April 2007 to November 2023


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
        month = dt.date(2007 + (index + 3) // 12, (index + 3) % 12 + 1, 1)  # from April 2007
        path = folder / f"rtt-full-extract-{month:%Y-%m}-{rows}.csv"
        if not path.exists():
            print(f"  generating {path.name}", file=sys.stderr)
            write_month(path, month, providers, commissioners, rows=rows, month_index=index)
        paths.append(path)
    return paths


def cpu_seconds() -> float:
    """CPU time of this process and its children so far (user + system, every thread)."""
    import psutil

    total = 0.0
    for process in [psutil.Process(), *psutil.Process().children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


class TreeMemory:
    """The peak resident memory of this process and its children (Spark's JVM), sampled."""

    def __init__(self) -> None:
        import threading

        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(0.1):
            total = 0
            for process in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += process.memory_info().rss
            self.peak = max(self.peak, total)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak / 1e6


def loader_on(engine: str):
    from ltpif.analytics import engines
    from ltpif.framework.loader import load_pack
    from ltpif.monitoring.definitions import catalogue_for
    from ltpif.monitoring.pipelines.load import Loader

    backend = engines.duckdb_backend() if engine == "duckdb" else engines.spark_backend()
    pack = load_pack()
    return Loader(pack, catalogue_for(pack), default_lookups_dir(), backend)


def ingest(engine: str, paths: list[str]) -> dict:
    """Child process: read, check and sum every file as a load does."""
    from ltpif.monitoring.pipelines.load import BATCH

    memory = TreeMemory()
    loader = loader_on(engine)
    loader.orgs(required=True)  # the lookups: read once a load, not timed
    files = [Path(p) for p in paths]
    cpu, start = cpu_seconds(), time.perf_counter()
    results = []
    for first in range(0, len(files), BATCH):
        results += loader.read_many(files[first : first + BATCH], "rtt-full-extract").values()
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    actuals = sum(len(r.actuals) for r in results)
    found = {"seconds": seconds, "cpu": cpu, "rows": sum(r.rows for r in results)}
    return found | {"actuals": actuals, "tree_mb": memory.stop()}


def incremental(paths: list[str]) -> dict:
    """Child process: months 1..N-1 into a fresh store, then month N; what month N did."""
    from ltpif.cli.monitoring_commands import database_store
    from ltpif.monitoring.pipelines.load import load_files

    os.environ.setdefault("LTPIF_SECRET_KEY", "bench-" + "x" * 40)
    loader = loader_on("duckdb")
    files = [Path(p) for p in paths]
    with tempfile.TemporaryDirectory() as folder:
        store = database_store(Path(folder))
        load_files(files[:-1], "rtt-full-extract", store, loader)
        before = [(r.load_id, r.rows, r.actuals) for r in store.loads()]
        cpu, start = cpu_seconds(), time.perf_counter()
        [outcome] = load_files(files[-1:], "rtt-full-extract", store, loader)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        after = [(r.load_id, r.rows, r.actuals) for r in store.loads()]
    assert after[:-1] == before, "an earlier load changed"
    record = outcome.loaded
    return {"seconds": seconds, "cpu": cpu, "rows": record.rows, "actuals": record.actuals}


def scan(paths: list[str], query: str) -> dict:
    """Child process: DuckDB's plain scan of the files."""
    import duckdb

    files = ", ".join(f"'{p}'" for p in paths)
    sql = {
        "all-columns": f"SELECT sum(COLUMNS('^(Gt|Total)')::DOUBLE) FROM read_csv([{files}])",
        "count": f"SELECT count(*) FROM read_csv([{files}])",
    }[query]
    with duckdb.connect() as con:
        cpu, start = cpu_seconds(), time.perf_counter()
        con.execute(sql).fetchall()
        return {"seconds": time.perf_counter() - start, "cpu": cpu_seconds() - cpu}


def in_child(*args: str) -> tuple[dict, float]:
    """Run this script as a child; its result and its peak resident memory in MB (for Spark,
    the driver and its JVM together, as the child sampled them)."""
    child = subprocess.Popen([PYTHON, __file__, *args], stdout=subprocess.PIPE)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{args[:2]} exited {child.returncode}")
    found = json.loads(output)
    tree = found.get("tree_mb", 0) if isinstance(found, dict) else 0
    return found, max(usage.ru_maxrss / 1024, tree)  # ru_maxrss is in KB on Linux


def measure(repeat: int, *args: str) -> tuple[float, float, float, dict]:
    """Median wall seconds, median CPU seconds, peak MB and the first run's result."""
    runs = [in_child(*args) for _ in range(repeat)]
    wall = statistics.median(r["seconds"] for r, _ in runs)
    return wall, statistics.median(r["cpu"] for r, _ in runs), max(m for _, m in runs), runs[0][0]


def load_average() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--full", action="store_true", help=f"{FULL_MONTHS} months")
    parser.add_argument("--rows", type=int, default=180_000, help="rows a month (about)")
    parser.add_argument("--repeat", type=int, help="runs of each (default 3; 1 with --full)")
    parser.add_argument("--files", type=Path, help="folder to keep the generated months in")
    parser.add_argument("--spark", action="store_true", help="also ingest on Spark local[2]")
    parser.add_argument(
        "--incremental", action="store_true", help="also load one more month into a store"
    )
    args = parser.parse_args()
    months = FULL_MONTHS if args.full else args.months
    repeat = args.repeat or (1 if args.full else 3)
    folder = args.files or Path(tempfile.gettempdir()) / "ltpif-bench-rtt"
    # generated in a child: a child's peak memory counts what it inherits when it is forked
    paths, _ = in_child("--child-generate", str(folder), str(months), str(args.rows))
    size = sum(Path(p).stat().st_size for p in paths) / 1e6

    print(f"before: {load_average()} on {os.cpu_count()} CPUs")
    load = measure(repeat, "--child-ingest", "duckdb", *paths)
    plain = measure(repeat, "--child-scan", "all-columns", *paths)
    count = measure(repeat, "--child-scan", "count", *paths)
    rows = load[3]["rows"]
    print(f"RTT full extract: {months} month(s), {rows:,} rows, {size:,.0f} MB of CSV")
    print(f"medians of {repeat} run(s)")
    table = [
        ("ingest on DuckDB (check, map, system metrics)", load),
        ("DuckDB plain scan, every numeric column", plain),
        ("DuckDB count(*) of the same files", count),
    ]
    if args.spark:
        table.append(
            ("ingest on Spark local[2]", measure(repeat, "--child-ingest", "spark", *paths))
        )
    for label, (seconds, cpu, peak, _) in table:
        print(
            f"{label:<48}{seconds:7.2f} s {rows / seconds:>10,.0f} rows/s  "
            f"cpu {cpu:6.2f} s  peak {peak:,.0f} MB"
        )
    print(f"{load[3]['actuals']:,} actuals (systems and national, per month and metric)")
    print(
        f"ingest / plain scan: {load[0] / plain[0]:.2f}× wall, {load[1] / plain[1]:.2f}× CPU "
        "(target within 1.5×)"
    )
    if args.spark:
        spark = table[-1][1]
        print(f"Spark local[2] / DuckDB ingest: {spark[0] / load[0]:.2f}× wall")
    if args.incremental and months > 1:
        one, one_cpu, one_mb, found = measure(1, "--child-incremental", *paths)
        print(
            f"month {months} after {months - 1} loaded: {one:.2f} s, cpu {one_cpu:.2f} s, "
            f"peak {one_mb:,.0f} MB; read {found['rows']:,} rows (that month's), "
            f"wrote {found['actuals']:,} actuals; earlier loads unchanged"
        )
    print(f"after: {load_average()}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child-generate":
        files = month_files(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
        print(json.dumps([str(p) for p in files]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-ingest":
        print(json.dumps(ingest(sys.argv[2], sys.argv[3:])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-incremental":
        print(json.dumps(incremental(sys.argv[2:])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-scan":
        print(json.dumps(scan(sys.argv[3:], sys.argv[2])))
    else:
        main()
