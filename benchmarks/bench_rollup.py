"""Roll-up speed (issue 5).

1. The 42 demo plans × every metric × the 6 plan years, in process (targets < 50 ms): the
   reference roll-up and the Ibis roll-up on DuckDB, beside building the long table and
   computing every ambition gap; then after a save (one plan's trajectory changed, as a new
   document), the roll-up and its gaps made from the last one against made afresh.
2. A synthetic scale test: N organisations × 200 metrics × 60 months, generated as Parquet by
   DuckDB itself (COPY ... TO), rolled up by the Ibis expression on DuckDB and by a
   hand-written DuckDB GROUP BY of the same files in the same run (target: Ibis ≤ 1.5× the
   hand-written query, and < 10 s at the full 10,000 organisations = 120M rows); then the
   same Ibis expression on Spark local on a 1M-row sample, checked against DuckDB.

    .venv/bin/python benchmarks/bench_rollup.py            # N = 1,000 (12M rows), ~1 minute
    .venv/bin/python benchmarks/bench_rollup.py --full     # N = 10,000 (120M rows)
    .venv/bin/python benchmarks/bench_rollup.py --orgs 300 --no-spark
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import math
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import median_seconds
from ltpif.analytics.engines import duckdb_backend
from ltpif.demo.plans import demo_plans
from ltpif.framework.loader import load_pack
from ltpif.plans.document import Plan
from ltpif.rollup import ibis_rollup, reference
from ltpif.rollup.gap import ambition_gaps
from ltpif.rollup.run import run_rollup
from ltpif.rollup.table import MetricKind, long_rows, metric_kinds, plans_by_system

METRICS, MONTHS, REGIONS = 200, 60, 7
FULL_ORGS, DEFAULT_ORGS, SAMPLE_ROWS = 10_000, 1_000, 1_000_000
KIND_CYCLE = ("sum", "sum", "ratio_of_sums", "coverage")  # metric m has KIND_CYCLE[m % 4]

# The rows: about 1% missing; ratios carry numerator and denominator; coverage is 0 or 1.
GENERATE = """
COPY (
  SELECT
    'S' || lpad(o::VARCHAR, 5, '0') AS system,
    'R' || (o % {regions}) AS region,
    'M' || lpad(m::VARCHAR, 3, '0') AS metric,
    strftime(DATE '2019-04-01' + to_months(t::INTEGER), '%Y-%m') AS year,
    CASE WHEN h % 100 = 0 THEN NULL
         WHEN m % 4 = 2 THEN (h % 900) / (100.0 + h % 1000)
         WHEN m % 4 = 3 THEN (h % 2)::DOUBLE
         ELSE (h % 100000) / 10.0 END AS value,
    CASE WHEN m % 4 = 2 AND h % 100 <> 0 THEN (h % 900)::DOUBLE END AS numerator,
    CASE WHEN m % 4 = 2 AND h % 100 <> 0 THEN (100.0 + h % 1000) END AS denominator
  FROM (SELECT o, m, t, hash(o, m, t) AS h
        FROM range({orgs}) r1(o), range({metrics}) r2(m), range({months}) r3(t))
) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)
"""

# What the Ibis expression computes, written by hand: one scan, GROUPING SETS for both levels.
HAND_WRITTEN = """
WITH t AS (
  SELECT r.*, k.rollup, k.comparison, k.threshold, r.value IS NOT NULL AS reported,
         r.value IS NOT NULL AND k.rollup = 'coverage' AND coalesce(
           CASE WHEN k.comparison IN ('at_most', 'up_to') THEN r.value <= k.threshold
                ELSE r.value >= k.threshold END, false) AS meets
  FROM read_parquet('{path}') r JOIN kinds k USING (metric)
), g AS (
  SELECT CASE WHEN grouping(region) = 1 THEN 'national' ELSE 'region' END AS level,
         coalesce(region, 'national') AS area, metric, year, any_value(rollup) AS rollup,
         sum(value) AS total,
         sum(numerator) FILTER (WHERE reported) AS num,
         sum(denominator) FILTER (WHERE reported) AS den,
         count(*) FILTER (WHERE reported) AS reported, count(*) AS expected,
         count(*) FILTER (WHERE meets) AS met
  FROM t GROUP BY GROUPING SETS ((region, metric, year), (metric, year))
)
SELECT level, area, metric, year,
       CASE rollup WHEN 'ratio_of_sums' THEN num / nullif(den, 0)
                   WHEN 'coverage' THEN CASE WHEN reported > 0 THEN met::DOUBLE END
                   ELSE total END AS value,
       CASE WHEN rollup = 'ratio_of_sums' THEN num END AS numerator,
       CASE WHEN rollup = 'ratio_of_sums' THEN den END AS denominator,
       reported, expected, CASE WHEN rollup = 'coverage' THEN met END AS met
FROM g
"""


def peak_mb() -> str:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return f"{me:,.0f} MB (this process)"


def demo_benchmark() -> None:
    pack = load_pack()
    plans = plans_by_system(pack, [plan for _s, _f, plan in demo_plans(pack)])
    kinds = metric_kinds(pack)
    rows = long_rows(pack, plans)
    backend = duckdb_backend()
    totals = reference.rollup(rows, kinds)
    ibis_rollup.rollup(backend, rows, kinds)  # compiles the expressions once
    build = median_seconds(lambda: long_rows(pack, plans))
    ref = median_seconds(lambda: reference.rollup(rows, kinds))
    duck = median_seconds(lambda: ibis_rollup.rollup(backend, rows, kinds))
    gaps = median_seconds(lambda: ambition_gaps(pack, rows, totals))
    shape = f"{len(kinds)} metrics × {len(pack.plan_years)} years × 42 systems"
    print(f"42 demo plans: {len(rows):,} rows ({shape}) → {len(totals):,} totals")
    print(f"  long table from the plans:        {build * 1000:7.1f} ms")
    print(f"  reference roll-up:                {ref * 1000:7.1f} ms (target < 50)")
    ratio = f"{duck / ref:.1f}× the reference"
    print(f"  Ibis roll-up on DuckDB:           {duck * 1000:7.1f} ms (target < 50; {ratio})")
    print(f"  every ambition gap (from totals): {gaps * 1000:7.1f} ms")
    save_benchmark(pack, plans)


def _saved(plan: Plan, value: float) -> Plan:
    """The plan as a new document, its first trajectory's first value set to `value`."""
    k = next(k for k, entry in enumerate(plan.commitments) if entry.trajectories)
    entry = plan.commitments[k]
    first = entry.trajectories[0]
    part = "values" if first.values else "numerator"
    year = next(iter(getattr(first, part)))
    first = dataclasses.replace(first, **{part: {**getattr(first, part), year: value}})
    entry = dataclasses.replace(entry, trajectories=[first, *entry.trajectories[1:]])
    commitments = [*plan.commitments[:k], entry, *plan.commitments[k + 1 :]]
    return dataclasses.replace(plan, commitments=commitments)


def save_benchmark(pack, plans) -> None:
    """What a page pays after a save: the roll-up and every gap of the plans with one changed."""
    system = sorted(plans)[0]
    values = itertools.count(1)
    last = [run_rollup(pack, plans)]

    def afresh() -> object:
        return run_rollup(pack, {**plans, system: _saved(plans[system], next(values))}).gaps

    def from_last() -> object:
        changed = {**plans, system: _saved(plans[system], next(values))}
        last[0] = run_rollup(pack, changed, previous=last[0])
        return last[0].gaps

    fresh, kept = median_seconds(afresh), median_seconds(from_last)
    print("  after a save (one trajectory of one plan), roll-up and every gap:")
    print(f"    made afresh:                    {fresh * 1000:7.1f} ms")
    print(f"    made from the last one:         {kept * 1000:7.1f} ms ({kept / fresh:.2f}×)")


def synthetic_kinds() -> dict[str, MetricKind]:
    kinds = {}
    for m in range(METRICS):
        rollup = KIND_CYCLE[m % len(KIND_CYCLE)]
        coverage = rollup == "coverage"
        kinds[f"M{m:03d}"] = MetricKind(
            rollup, "at_least" if coverage else None, 1.0 if coverage else None
        )
    return kinds


def generate(con, path: Path, orgs: int) -> float:
    start = time.perf_counter()
    sql = GENERATE.format(regions=REGIONS, orgs=orgs, metrics=METRICS, months=MONTHS, path=path)
    con.raw_sql(sql)
    return time.perf_counter() - start


def agree(a: list[dict], b: list[dict]) -> bool:
    """Same totals, to 1e-9 (engines add in different orders)."""

    def keyed(rows: list[dict]) -> dict:
        return {(r["level"], r["area"], r["metric"], r["year"]): r for r in rows}

    left, right = keyed(a), keyed(b)
    if left.keys() != right.keys():
        return False
    for key, row in left.items():
        for name, value in row.items():
            other = right[key][name]
            if isinstance(value, float) and isinstance(other, float):
                if not math.isclose(value, other, rel_tol=1e-9, abs_tol=1e-9):
                    return False
            elif value != other:
                return False
    return True


def scale_benchmark(orgs: int, spark: bool, repeat: int) -> None:
    import ibis

    rows = orgs * METRICS * MONTHS
    kinds = ibis_rollup.kinds_arrow(synthetic_kinds())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.parquet"
        con = duckdb_backend()
        made = generate(con, path, orgs)
        size = path.stat().st_size / 2**20
        shape = f"{orgs:,} organisations × {METRICS} metrics × {MONTHS} months = {rows:,} rows"
        print(f"\nsynthetic: {shape}; Parquet by DuckDB in {made:.1f} s ({size:,.0f} MiB)")
        con.con.register("kinds", kinds)
        table = con.read_parquet(str(path))
        expr = ibis_rollup.totals_expr(table, ibis.memtable(kinds))
        hand_sql = HAND_WRITTEN.format(path=path)
        via_ibis = con.to_pyarrow(expr).to_pylist()
        by_hand = con.con.sql(hand_sql).to_arrow_table().to_pylist()
        print(
            f"  {len(via_ibis):,} totals; Ibis and hand-written agree: {agree(via_ibis, by_hand)}"
        )
        ibis_time = median_seconds(lambda: con.to_pyarrow(expr), repeat=repeat, warmup=0)
        hand_time = median_seconds(
            lambda: con.con.sql(hand_sql).to_arrow_table(), repeat=repeat, warmup=0
        )
        exceptions = ibis_rollup.exceptions_expr(table, ibis.memtable(kinds))
        named = median_seconds(lambda: con.to_pyarrow(exceptions), repeat=repeat, warmup=0)
        limit = " (target < 10 s at 120M rows)" if rows >= FULL_ORGS * METRICS * MONTHS else ""
        print(f"  Ibis roll-up on DuckDB:       {ibis_time:6.2f} s{limit}")
        print(f"  hand-written DuckDB GROUP BY: {hand_time:6.2f} s")
        print(f"  ratio Ibis / hand-written:    {ibis_time / hand_time:6.2f}× (target ≤ 1.5)")
        print(f"  naming the systems missing or short (second Ibis query): {named:.2f} s")
        print(f"  peak memory so far: {peak_mb()}")
        if spark:
            sample = Path(folder) / "sample.parquet"
            con.raw_sql(
                f"COPY (SELECT * FROM read_parquet('{path}') LIMIT {SAMPLE_ROWS}) "
                f"TO '{sample}' (FORMAT parquet)"
            )
            spark_benchmark(sample, kinds, con)


def spark_benchmark(sample: Path, kinds, duck) -> None:
    import ibis

    from ltpif.analytics.engines import spark_backend

    start = time.perf_counter()
    backend = spark_backend()
    started = time.perf_counter() - start
    expr = ibis_rollup.totals_expr(backend.read_parquet(str(sample)), ibis.memtable(kinds))
    first_start = time.perf_counter()
    on_spark = backend.to_pyarrow(expr).to_pylist()
    first = time.perf_counter() - first_start
    timed = median_seconds(lambda: backend.to_pyarrow(expr), repeat=2, warmup=0)
    on_duck = duck.to_pyarrow(
        ibis_rollup.totals_expr(duck.read_parquet(str(sample)), ibis.memtable(kinds))
    ).to_pylist()
    print(f"\nSpark local[2] on a {SAMPLE_ROWS:,}-row sample (session started in {started:.1f} s)")
    agrees = agree(on_spark, on_duck)
    print(f"  same Ibis expression: {timed:.2f} s (first run {first:.2f} s); agrees: {agrees}")
    gateway = getattr(backend._session.sparkContext._gateway, "proc", None)
    jvm = _vm_hwm(gateway.pid) if gateway else None
    print(f"  peak memory: {peak_mb()}" + (f"; Spark's JVM {jvm}" if jvm else ""))


def _vm_hwm(pid: int) -> str | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return f"{int(line.split()[1]) / 1024:,.0f} MB"
    except OSError:
        return None
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=DEFAULT_ORGS, help="organisations")
    parser.add_argument("--full", action="store_true", help=f"{FULL_ORGS:,} organisations")
    parser.add_argument("--no-spark", action="store_true", help="skip the Spark sample")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs at scale")
    args = parser.parse_args()
    demo_benchmark()
    scale_benchmark(FULL_ORGS if args.full else args.orgs, not args.no_spark, args.repeat)


if __name__ == "__main__":
    main()
