"""The roll-up as Ibis expressions: the same totals as reference.py, on DuckDB or Spark.

Two expressions over the long table (system, region, metric, year, value, numerator,
denominator) joined to the metric kinds (metric, rollup, comparison, threshold):

- `totals_expr`: one aggregation by region, metric and year; the national totals are summed
  from the region rows (every aggregate is a sum or a count, so this is exact and costs one
  scan of the long table, not two);
- `exceptions_expr`: the systems missing from a total, and those not meeting a coverage
  metric's standard, which the totals name.

`rollup(backend, rows, kinds)` runs both and gives the reference's `Total` records.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter, itemgetter
from typing import Any

import ibis
import pyarrow as pa
from ibis import _

from ltpif.rollup.table import CEILINGS, NATIONAL, REGION, MetricKind, Row, Total

ROW_SCHEMA = pa.schema(
    [
        ("system", pa.string()),
        ("region", pa.string()),
        ("metric", pa.string()),
        ("year", pa.string()),
        ("value", pa.float64()),
        ("numerator", pa.float64()),
        ("denominator", pa.float64()),
    ]
)
KIND_SCHEMA = pa.schema(
    [
        ("metric", pa.string()),
        ("rollup", pa.string()),
        ("comparison", pa.string()),
        ("threshold", pa.float64()),
    ]
)
MISSING, NOT_MEETING = "missing", "not_meeting"
SUMS = ("total", "numerator", "denominator", "reported", "expected", "met")


def rows_arrow(rows: Sequence[Row]) -> pa.Table:
    columns = {name: list(map(attrgetter(name), rows)) for name in ROW_SCHEMA.names}
    return pa.table(columns, schema=ROW_SCHEMA)


def kinds_arrow(kinds: Mapping[str, MetricKind]) -> pa.Table:
    items = sorted(kinds.items())
    return pa.table(
        {
            "metric": [metric for metric, _kind in items],
            "rollup": [kind.rollup for _metric, kind in items],
            "comparison": [kind.comparison for _metric, kind in items],
            "threshold": [kind.threshold for _metric, kind in items],
        },
        schema=KIND_SCHEMA,
    )


def _with_flags(rows: ibis.Table, kinds: ibis.Table) -> ibis.Table:
    """Rows with their kind, whether they reported, and whether they meet the standard."""
    t = rows.join(kinds, "metric")
    reported = t.value.notnull()
    ceiling = t.comparison.isin(CEILINGS)
    meets = ibis.ifelse(ceiling, t.value <= t.threshold, t.value >= t.threshold)
    return t.mutate(
        reported=reported,
        meets=reported & (t.rollup == "coverage") & meets.fill_null(False),
    )


def totals_expr(rows: ibis.Table, kinds: ibis.Table) -> ibis.Table:
    """Totals by level, area, metric and year: the columns of `Total` but the system lists."""
    t = _with_flags(rows, kinds)
    # Grouped by the keys alone: the kind is joined again to the totals, which is far cheaper
    # than carrying it through the grouping of every row.
    by_region = t.group_by(["region", "metric", "year"]).aggregate(
        total=t.value.sum(),
        numerator=t.numerator.sum(where=t.reported),
        denominator=t.denominator.sum(where=t.reported),
        reported=t.count(where=t.reported),
        expected=t.count(),
        met=t.count(where=t.meets),
    )
    national = by_region.group_by(["metric", "year"]).aggregate(
        **{name: by_region[name].sum() for name in SUMS}
    )
    levels = [
        by_region.mutate(level=ibis.literal(REGION), area=_.region).drop("region"),
        national.mutate(level=ibis.literal(NATIONAL), area=ibis.literal(NATIONAL)),
    ]
    both = levels[0].union(levels[1].select(levels[0].columns))
    both = both.join(kinds.select("metric", "rollup"), "metric")
    is_ratio, is_coverage = both.rollup == "ratio_of_sums", both.rollup == "coverage"
    value = ibis.cases(
        (is_ratio, both.numerator / both.denominator.nullif(0.0)),
        (is_coverage, ibis.ifelse(both.reported > 0, both.met.cast("float64"), None)),
        else_=both.total,
    )
    return both.select(
        "level",
        "area",
        "metric",
        "year",
        value=value,
        numerator=ibis.ifelse(is_ratio, both.numerator, None),
        denominator=ibis.ifelse(is_ratio, both.denominator, None),
        reported=both.reported,
        expected=both.expected,
        met=ibis.ifelse(is_coverage, both.met, None),
    )


def exceptions_expr(rows: ibis.Table, kinds: ibis.Table) -> ibis.Table:
    """(region, metric, year, system, why): systems missing, or short of a coverage standard."""
    t = _with_flags(rows, kinds)
    why = ibis.cases(
        (~t.reported, MISSING),
        ((t.rollup == "coverage") & ~t.meets, NOT_MEETING),
        else_=None,
    )
    t = t.mutate(why=why)
    return t.filter(t.why.notnull()).select("region", "metric", "year", "system", "why")


TOTAL_COLUMNS = ("level", "area", "metric", "year", "value", "numerator", "denominator",
                 "reported", "expected", "met")  # fmt: skip
EXCEPTION_COLUMNS = ("region", "metric", "year", "system", "why")


def _tuples(table: pa.Table, columns: Sequence[str]) -> Iterable[tuple]:
    """Rows as tuples of the named columns: far quicker than Arrow's row dicts."""
    data = table.to_pydict()
    return zip(*(data[name] for name in columns), strict=True)


def _float(number: float | None) -> float | None:
    return None if number is None else float(number)


def assemble(totals: pa.Table, exceptions: pa.Table) -> list[Total]:
    """`Total` records from the two expressions' results, sorted by key."""
    named: dict[tuple, dict[str, list[str]]] = defaultdict(lambda: {MISSING: [], NOT_MEETING: []})
    for region, metric, year, system, why in _tuples(exceptions, EXCEPTION_COLUMNS):
        named[(REGION, region, metric, year)][why].append(system)
        named[(NATIONAL, NATIONAL, metric, year)][why].append(system)
    none: dict[str, list[str]] = {MISSING: [], NOT_MEETING: []}
    out = []
    for level, area, metric, year, value, num, den, reported, expected, met in _tuples(
        totals, TOTAL_COLUMNS
    ):
        systems = named.get((level, area, metric, year), none)
        out.append(
            Total(
                level,
                area,
                metric,
                year,
                _float(value),
                _float(num),
                _float(den),
                int(reported),
                int(expected),
                None if met is None else int(met),
                tuple(sorted(systems[MISSING])),
                tuple(sorted(systems[NOT_MEETING])),
            )
        )
    out.sort(key=itemgetter(0, 1, 2, 3))  # level, area, metric, year
    return out


# The expressions are built over named, unbound tables and compiled once per engine: building
# and compiling them costs Ibis ~150 ms, ten times what DuckDB takes to run them on 42 plans.
ROWS_TABLE, KINDS_TABLE = "ltpif_rollup_rows", "ltpif_rollup_kinds"
_COMPILED: dict[str, tuple[str, str]] = {}


def _compiled(backend: Any) -> tuple[str, str]:
    if backend.name not in _COMPILED:
        rows = ibis.table(ibis.Schema.from_pyarrow(ROW_SCHEMA), name=ROWS_TABLE)
        kinds = ibis.table(ibis.Schema.from_pyarrow(KIND_SCHEMA), name=KINDS_TABLE)
        _COMPILED[backend.name] = (
            str(backend.compile(totals_expr(rows, kinds))),
            str(backend.compile(exceptions_expr(rows, kinds))),
        )
    return _COMPILED[backend.name]


def _bind(backend: Any, name: str, table: pa.Table) -> None:
    """Make an Arrow table readable by `name` in the engine's SQL (no copy on DuckDB)."""
    if backend.name == "duckdb":
        backend.con.register(name, table)
    else:  # pyspark
        backend._session.createDataFrame(table).createOrReplaceTempView(name)


def _run(backend: Any, sql: str) -> pa.Table:
    if backend.name == "duckdb":
        return backend.con.sql(sql).to_arrow_table()
    with warnings.catch_warnings():
        # PySpark leaves the socket it reads results from for the garbage collector to close
        # (pyspark.util._load_from_socket), which warns as the result is freed, here.
        warnings.simplefilter("ignore", ResourceWarning)
        return backend._session.sql(sql).toArrow()


def rollup(backend: Any, rows: Sequence[Row], kinds: Mapping[str, MetricKind]) -> list[Total]:
    """The reference's totals, computed by `backend` (an Ibis DuckDB or PySpark connection)."""
    totals_sql, exceptions_sql = _compiled(backend)
    _bind(backend, ROWS_TABLE, rows_arrow(rows))
    _bind(backend, KINDS_TABLE, kinds_arrow(kinds))
    return assemble(_run(backend, totals_sql), _run(backend, exceptions_sql))
