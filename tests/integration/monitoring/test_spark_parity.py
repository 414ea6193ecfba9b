"""The same pipelines on Spark give what they give on DuckDB (one local session, few tests)."""

from __future__ import annotations

import pytest

from ltpif.framework.problems import InputError
from ltpif.monitoring.pipelines import ae, long_format, rtt
from tests.monitoring_support import (
    AE_FILE,
    IBIS_ON_DUCKDB,
    assert_same_actuals,
    edit_lines,
    small_rtt_month,
)

pytestmark = [pytest.mark.spark, IBIS_ON_DUCKDB]


def test_rtt_extract(tmp_path, lookups, orgs, catalogue, pack, duckdb_backend, spark_backend):
    path = small_rtt_month(tmp_path, lookups, rows=600, weeks=52)
    on_duckdb, on_spark = (
        rtt.read(backend, path, orgs, catalogue.rtt, pack.year_calendar)
        for backend in (duckdb_backend, spark_backend)
    )
    assert_same_actuals(on_spark.actuals, on_duckdb.actuals)
    assert (on_spark.unmapped, on_spark.rows) == (on_duckdb.unmapped, on_duckdb.rows)


def test_rtt_months_in_one_batch_through_the_loader(
    tmp_path, lookups, pack, catalogue, duckdb_backend, spark_backend
):
    """Two generated months read together, as a load reads a folder: each file's actuals,
    rows and unmapped codes are the same on both engines (and each month its own)."""
    import datetime as dt

    from ltpif.monitoring.pipelines.load import Loader

    paths = [
        small_rtt_month(tmp_path, lookups, dt.date(2019, m, 1), rows=500, weeks=52, month_index=i)
        for i, m in enumerate((4, 5))
    ]
    found = [
        Loader(pack, catalogue, lookups, backend).read_many(paths, "rtt-full-extract")
        for backend in (duckdb_backend, spark_backend)
    ]
    for path, month in zip(paths, ("2019-04", "2019-05"), strict=True):
        on_duckdb, on_spark = (by_file[path] for by_file in found)
        assert {a.period for a in on_duckdb.actuals} == {month}
        assert_same_actuals(on_spark.actuals, on_duckdb.actuals)
        assert (on_spark.unmapped, on_spark.rows) == (on_duckdb.unmapped, on_duckdb.rows)


def test_ae_monthly_real_file(lookups, orgs, pack, duckdb_backend, spark_backend):
    on_duckdb, on_spark = (
        ae.read(backend, lookups / AE_FILE, orgs, pack.year_calendar)
        for backend in (duckdb_backend, spark_backend)
    )
    assert_same_actuals(on_spark.actuals, on_duckdb.actuals)
    assert on_spark.unmapped == on_duckdb.unmapped


def test_long_format_and_its_problems(tmp_path, long_context, duckdb_backend, spark_backend):
    good = tmp_path / "good.csv"
    good.write_text(
        "organisation_code,metric,period,value,numerator,denominator\n"
        "R0A,ae-4-hour-performance,2019-04,,80,100\nRW6,ae-4-hour-performance,2019-04,,180,200\n"
        "E92000001,rtt-waiting-list,2019/20 Q1,4400000,,\n"
    )
    results = [long_format.read(b, good, long_context) for b in (duckdb_backend, spark_backend)]
    assert_same_actuals(results[1].actuals, results[0].actuals)
    bad = edit_lines(good, tmp_path / "bad.csv", {3: "RW6,ae-4-hour-performance,2019-04,,lots,200"})
    problems = []
    for backend in (duckdb_backend, spark_backend):
        with pytest.raises(InputError) as caught:
            long_format.read(backend, bad, long_context)
        problems.append(caught.value.problems)
    assert problems[0] == problems[1]
    assert [str(p) for p in problems[0]] == ["bad.csv:3: numerator: 'lots' is not a number"]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("E92000001,rtt-waiting-list,2019/20 Q1,-5,,", "value: '-5' is negative: a count"),
        ("E92000001,rtt-waiting-list,2019/20 Q1,1e999,,", "value: '1e999' is too large"),
        ("RW6,ae-4-hour-performance,2019-04,95,,", "value: '95' looks like a percentage"),
        ("RW6,ae-4-hour-performance,2019-04,,-1,200", "numerator: '-1' is negative"),
    ],
    ids=["negative-count", "overflow", "percentage-as-proportion", "negative-numerator"],
)
def test_numbers_outside_their_unit_are_refused_on_both(
    tmp_path, long_context, duckdb_backend, spark_backend, line, problem
):
    good = tmp_path / "good.csv"
    good.write_text(
        "organisation_code,metric,period,value,numerator,denominator\n"
        "R0A,ae-4-hour-performance,2019-04,,80,100\nRW6,ae-4-hour-performance,2019-04,,180,200\n"
        "E92000001,rtt-waiting-list,2019/20 Q1,4400000,,\n"
    )
    bad = edit_lines(good, tmp_path / "bad.csv", {3 if "RW6" in line else 4: line})
    problems = []
    for backend in (duckdb_backend, spark_backend):
        with pytest.raises(InputError) as caught:
            long_format.read(backend, bad, long_context)
        problems.append([str(p) for p in caught.value.problems])
    assert problems[0] == problems[1]
    [found] = problems[0]
    assert found.startswith(f"bad.csv:{3 if 'RW6' in line else 4}: {problem}")
