"""`refused_numbers`: a row's numbers checked all at once, as the number parser checks each
(NaN, infinite, beyond ±10^15, outside the unit's range); blanks are never refused."""

from __future__ import annotations

import math

import ibis
import pyarrow as pa
import pytest

from ltpif.monitoring.pipelines.grain import bind, fetch
from ltpif.monitoring.pipelines.raw import refused_numbers
from tests.monitoring_support import IBIS_ON_DUCKDB

pytestmark = IBIS_ON_DUCKDB
INF, NAN = math.inf, math.nan
SCHEMA = pa.schema([("a", pa.float64()), ("b", pa.float64())])

# (a, b) with a a count and b a flag (0 or 1, whole), and whether the row is refused
CASES = [
    ((1.0, 0.0), False),
    ((0.5, 1.0), False),  # a count need not be whole
    ((None, None), False),  # blanks
    ((None, 1.0), False),
    ((NAN, 0.0), True),
    ((0.0, NAN), True),
    ((INF, 0.0), True),
    ((-INF, None), True),
    ((1e16, 0.0), True),  # beyond the parser's largest
    ((1e15, 0.0), False),  # its largest itself
    ((-1.0, 0.0), True),  # a count below 0
    ((3.0, 0.5), True),  # a flag not whole
    ((3.0, 2.0), True),  # a flag above 1
    ((3.0, -1.0), True),
]


# (a, b), both counts (one unit for every column, as the RTT extract's: the row's extremes
# are compared with the unit's bounds once), and whether the row is refused
ONE_UNIT = [
    ((0.5, 3.0), False),
    ((None, None), False),
    ((NAN, 1.0), True),  # a NaN, above every bound
    ((1.0, NAN), True),
    ((INF, 1.0), True),
    ((1.0, -INF), True),
    ((1e16, 1.0), True),
    ((1e15, 0.0), False),
    ((2.0, -1.0), True),
]


def bad(backend, query) -> list[bool]:
    return backend.to_pyarrow(query).column("bad").to_pylist()


def one_unit_rows(backend) -> list[bool]:
    rows = [row for row, _ in ONE_UNIT]
    columns = {"i": list(range(len(rows))), "a": [r[0] for r in rows], "b": [r[1] for r in rows]}
    table = bind(backend, columns)
    check = refused_numbers({"a": table.a, "b": table.b}, {"a": "count", "b": "count"})
    return [r["bad"] for r in fetch(backend, table.select(table.i, bad=check).order_by("i"))]


def test_one_unit_for_every_column_is_checked_by_the_row_extremes(duckdb_backend):
    assert one_unit_rows(duckdb_backend) == [refused for _, refused in ONE_UNIT]


@pytest.mark.spark
def test_one_unit_for_every_column_is_checked_alike_on_spark(spark_backend):
    assert one_unit_rows(spark_backend) == [refused for _, refused in ONE_UNIT]


@pytest.mark.parametrize(("row", "refused"), CASES, ids=[str(row) for row, _ in CASES])
def test_a_row_is_refused_as_the_parser_refuses_its_numbers(duckdb_backend, row, refused):
    table = ibis.memtable(pa.table({"a": [row[0]], "b": [row[1]]}, schema=SCHEMA))
    check = refused_numbers({"a": table.a, "b": table.b}, {"a": "count", "b": "flag"})
    assert bad(duckdb_backend, table.select(bad=check)) == [refused]


def test_money_may_be_negative_and_no_columns_refuse_nothing(duckdb_backend):
    table = ibis.memtable(pa.table({"m": [-5.0]}))
    check = refused_numbers({"m": table.m}, {"m": "gbp_m"})
    assert bad(duckdb_backend, table.select(bad=check)) == [False]
    none = table.select(bad=refused_numbers({}, {}))
    assert bad(duckdb_backend, none) == [False]
