"""Loading into the store: one transaction, no double counting, every problem at once."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from ltpif.framework.problems import InputError
from ltpif.monitoring.actuals import read_long, read_long_parts
from ltpif.monitoring.pipelines import long_format
from ltpif.monitoring.pipelines.load import load_files
from ltpif.monitoring.pipelines.raw import read_header, stream_rows
from tests.monitoring_support import (
    AE_FILE,
    IBIS_ON_DUCKDB,
    MemoryStore,
    assert_same_actuals,
    small_rtt_month,
)

pytestmark = IBIS_ON_DUCKDB
HEADER = "organisation_code,metric,period,value,numerator,denominator"


def write(path, *lines):
    path.write_text("\n".join([HEADER, *lines]) + "\n")
    return path


def test_loading_the_same_file_twice_counts_it_once(tmp_path, loader, lookups):
    store = MemoryStore()
    first = load_files([lookups / AE_FILE], "ae-monthly", store, loader)
    again = load_files([lookups / AE_FILE], "ae-monthly", store, loader)
    assert first[0].loaded.load_id == 1
    assert (again[0].loaded, again[0].earlier.load_id) == (None, 1)
    assert len(store.loads()) == 1
    assert len(store.series("ae-attendances", "E92000001")) == 36


def test_a_revised_file_replaces_the_values_it_repeats(tmp_path, loader):
    store = MemoryStore()
    load_files(
        [write(tmp_path / "a.csv", "E54000007,rtt-waiting-list,2019-04,100,,")],
        "long",
        store,
        loader,
    )
    load_files(
        [write(tmp_path / "b.csv", "E54000007,rtt-waiting-list,2019-04,110,,")],
        "long",
        store,
        loader,
    )
    assert [a.value for a in store.series("rtt-waiting-list", "E54000007")] == [110]


def test_one_bad_file_loads_nothing_at_all(tmp_path, loader, lookups):
    good = small_rtt_month(tmp_path, lookups, rows=500)
    bad = write(
        tmp_path / "bad.csv", "E54000007,rtt-waiting-list,2019-04,lots,,", "XXX,waits,2019-04,1,,"
    )
    store = MemoryStore()
    with pytest.raises(InputError) as caught:
        load_files([good, bad], "long", store, loader)
    assert store.loads() == [] and store.everything() == []
    problems = [(p.file, p.line, p.key) for p in caught.value.problems]
    assert ("bad.csv", 2, "value") in problems
    assert ("bad.csv", 3, "organisation_code") in problems and ("bad.csv", 3, "metric") in problems
    assert any(
        p.file == good.name and "try --format rtt-full-extract" in p.message
        for p in caught.value.problems
    )


def test_a_workbook_loads_and_its_problems_name_cells(tmp_path, loader):
    book = Workbook()
    sheet = book.active
    sheet.title = "Actuals"
    sheet.append(HEADER.split(","))
    sheet.append(["E54000007", "rtt-waiting-list", "2019-04", 1000])
    sheet.append(["QOP", "ae-4-hour-performance", "2019/20 Q1", None, 90, 100])
    book.save(tmp_path / "good.xlsx")
    sheet.append(["E54000008", "rtt-waiting-list", "2019-04", "many"])
    book.save(tmp_path / "bad.xlsx")
    store = MemoryStore()
    load_files([tmp_path / "good.xlsx"], "long", store, loader)
    assert [a.value for a in store.series("ae-4-hour-performance", "E54000007")] == [0.9]
    with pytest.raises(InputError) as caught:
        load_files([tmp_path / "bad.xlsx"], "long", store, loader)
    assert [str(p) for p in caught.value.problems] == [
        "bad.xlsx:4: Actuals!D4 (value): 'many' is not a number"
    ]


def test_not_a_workbook(tmp_path, loader):
    (tmp_path / "fake.xlsx").write_text("not a zip")
    with pytest.raises(InputError, match="not an Excel workbook"):
        load_files([tmp_path / "fake.xlsx"], "long", MemoryStore(), loader)


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("E54000007,rtt-waiting-list,2019-04,1e999,,", "value"),
        ("E54000007,rtt-waiting-list,2019-04,1e16,,", "value"),
        ("E54000007,rtt-waiting-list,2019-04,nan,,", "value"),
        ("E54000007,rtt-waiting-list,2019-04,-Infinity,,", "value"),
        ('E54000007,rtt-waiting-list,2019-04,"1,250",,', "value"),
        ("E54000007,rtt-waiting-list,2019-04,١٢,,", "value"),
        ("E54000007,rtt-waiting-list,2019-04,-5,,", "value"),
        ("E54000007,rtt-within-18-weeks,2019-04,95,,", "value"),
        ("E54000007,rtt-within-18-weeks,2019-04,,-1,5", "numerator"),
        ("E54000007,rtt-within-18-weeks,2019-04,,1,-5", "denominator"),
    ],
)
def test_a_bad_number_is_refused_by_the_pipeline_as_by_the_reference(
    tmp_path, long_context, duckdb_backend, row, column
):
    good = "E54000008,rtt-waiting-list,2019-04,5,,"
    path = write(tmp_path / "bad.csv", good, row)
    _, problems = read_long(path.name, stream_rows(path), read_header(path), long_context)
    assert [(p.line, p.key) for p in problems] == [(3, column)]
    with pytest.raises(InputError) as refused:
        long_format.read(duckdb_backend, path, long_context)
    assert refused.value.problems == problems


def mostly(valid: list[str], invalid: list[str]) -> st.SearchStrategy[str]:
    """Valid choices seven times as often as invalid ones."""
    return st.sampled_from(valid * 7 + invalid)


NUMBER = st.sampled_from(["0", "1", "0.5", "2.5", "40", "1e3", "-3", " 7 ", "1_0", "1e999", "1e16"])
JUNK = st.sampled_from(["", "x", "nan", "0"])
AMOUNTS = st.one_of(
    st.tuples(NUMBER, st.just(""), st.just("")),
    st.tuples(st.just(""), NUMBER, st.sampled_from(["4", "50", "1e3"])),
    st.tuples(NUMBER, NUMBER, st.sampled_from(["4", "50"])),
    st.tuples(JUNK, JUNK, JUNK),
)
ROW = st.tuples(
    mostly(["E54000007", "QOP", "R0A", "RW6", "00T", "E92000001"], ["XXX"]),
    mostly(["rtt-waiting-list", "ae-4-hour-performance", "emergency-admissions"], ["waits"]),
    mostly(["2019-04", "2019-05", "2019/20 Q1"], ["April"]),
).flatmap(lambda key: AMOUNTS.map(lambda amounts: key + amounts))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(ROW, min_size=1, max_size=6))
def test_the_pipeline_agrees_with_the_reference(tmp_path, long_context, duckdb_backend, rows):
    path = write(tmp_path / "random.csv", *(",".join(r) for r in rows))
    expected, problems = read_long(path.name, stream_rows(path), read_header(path), long_context)
    try:
        result = long_format.read(duckdb_backend, path, long_context)
    except InputError as exc:
        assert problems and exc.problems == sorted(
            problems, key=lambda p: (p.file, p.line or 0, p.key, p.message)
        )
    else:
        assert not problems
        assert_same_actuals(result.actuals, expected)
        parts = read_long_parts(stream_rows(path), read_header(path), long_context)
        assert_same_parts(result.parts, parts)


def assert_same_parts(found, expected) -> None:
    """Each organisation's parts alike, up to float summation order."""
    keys = [(p.org_code, p.metric, p.period, p.quintile, p.organisation) for p in found]
    assert keys == [(p.org_code, p.metric, p.period, p.quintile, p.organisation) for p in expected]
    for got, want in zip(found, expected, strict=True):
        for name in ("value", "numerator", "denominator"):
            number = getattr(want, name)
            assert getattr(got, name) == (number if number is None else pytest.approx(number))
