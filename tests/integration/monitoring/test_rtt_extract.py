"""The RTT full extract pipeline on DuckDB against the plain-Python reference, and bad files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest

from ltpif.framework.periods import Calendar
from ltpif.framework.problems import InputError
from ltpif.monitoring import rtt
from ltpif.monitoring.definitions import RttWeeks
from ltpif.monitoring.mapping import OrgMap
from ltpif.monitoring.periods import parse_period
from ltpif.monitoring.pipelines import rtt as pipeline
from ltpif.monitoring.pipelines.synthetic_rtt import band_names
from ltpif.monitoring.rows import Row, number
from ltpif.monitoring.rtt import (
    ALL_FUNCTIONS,
    COMMISSIONER,
    FUNCTION,
    INCOMPLETE,
    PART,
    PERIOD,
    PROVIDER,
    Layout,
    measures,
    to_actuals,
)
from ltpif.monitoring.sources import SourceResult, Unmapped, add_totals, result_from_totals
from tests.monitoring_support import (
    AE_FILE,
    IBIS_ON_DUCKDB,
    UNMAPPED_PROVIDERS,
    edit_lines,
    rows_of,
    small_rtt_month,
)

pytestmark = IBIS_ON_DUCKDB


@pytest.fixture(scope="module")
def month(tmp_path_factory, lookups):
    return small_rtt_month(tmp_path_factory.mktemp("rtt"), lookups)


def reference(path, orgs, catalogue, pack):
    rows = rows_of(path)
    layout = rtt.read_layout(list(rows[0]))
    return _read_rtt(rows, layout, orgs, catalogue.rtt, pack.year_calendar)


def _read_rtt(
    rows: Iterable[Row],
    layout: Layout,
    orgs: OrgMap,
    weeks: RttWeeks,
    calendar: Calendar,
) -> SourceResult:
    """System and national actuals from checked rows, in plain Python: the reference the
    pipeline is held to (it lives here, as only this test uses it)."""
    sums = measures(layout, weeks)
    by_system: dict = {}
    by_nation: dict = {}
    by_part: dict = {}  # each organisation's part: the one that placed the row
    unmapped: dict[tuple[str, str], list[float]] = {}
    count = 0
    for row in rows:
        count += 1
        if row[PART].strip() != INCOMPLETE or row[FUNCTION].strip() == ALL_FUNCTIONS:
            continue
        totals = {name: sum(number(row[c]) or 0.0 for c in cols) for name, cols in sums.items()}
        period = parse_period(row[PERIOD], calendar).name
        provider, commissioner = (row[c].strip().upper() for c in (PROVIDER, COMMISSIONER))
        system = orgs.commissioners.get(commissioner) or orgs.providers.get(provider)
        add_totals(by_nation, period, totals)
        if system:
            add_totals(by_system, (period, system), totals)
            placer = commissioner if commissioner in orgs.commissioners else provider
            add_totals(by_part, (period, system, placer), totals)
        else:
            tally = unmapped.setdefault((provider, commissioner), [0, 0.0])
            tally[0] += 1
            tally[1] += totals["waiting_list"]
    report = [Unmapped(p, c, int(n), amount) for (p, c), (n, amount) in unmapped.items()]
    return result_from_totals(
        orgs.national, by_system, by_nation, report, count, to_actuals, by_part
    )


@pytest.mark.parametrize("weeks", [104, 52])
def test_pipeline_agrees_with_the_reference(
    tmp_path, lookups, orgs, catalogue, pack, duckdb_backend, weeks
):
    path = small_rtt_month(tmp_path, lookups, weeks=weeks, seed=weeks)
    found = pipeline.read(duckdb_backend, path, orgs, catalogue.rtt, pack.year_calendar)
    expected = reference(path, orgs, catalogue, pack)
    assert found == expected
    assert found.unmapped and {u.provider for u in found.unmapped} <= set(UNMAPPED_PROVIDERS)


def test_the_all_functions_row_is_not_counted_twice(month, orgs, catalogue, pack, duckdb_backend):
    result = pipeline.read(duckdb_backend, month, orgs, catalogue.rtt, pack.year_calendar)
    totals = [
        float(r[rtt.TOTAL_ALL])
        for r in rows_of(month)
        if r[rtt.PART] == "Part_2" and r[rtt.FUNCTION] == rtt.ALL_FUNCTIONS
    ]
    national = {a.metric: a for a in result.actuals if a.level == "national"}
    assert national["rtt-waiting-list"].value == sum(totals)
    systems = sum(
        a.value for a in result.actuals if a.level == "system" and a.metric == "rtt-waiting-list"
    )
    assert systems + sum(u.amount for u in result.unmapped) == sum(totals)


def test_long_waits_and_the_18_week_share_by_hand(tmp_path, orgs, catalogue, pack, duckdb_backend):
    bands = band_names(104)
    header = [*rtt.DESCRIPTIVE, *bands, *rtt.TOTALS]

    def row(part, function, counts, unknown=""):
        cells = dict.fromkeys(header, "")
        cells.update({rtt.PERIOD: "RTT-May-2019", rtt.PROVIDER: "R0A", rtt.COMMISSIONER: "00C",
                      rtt.PART: part, rtt.FUNCTION: function})  # fmt: skip
        for band, count in counts.items():
            cells[bands[band]] = str(count)
        cells[rtt.KNOWN] = str(sum(counts.values()))
        cells[rtt.UNKNOWN_START] = unknown
        cells[rtt.TOTAL_ALL] = str(sum(counts.values()) + int(unknown or 0))
        return ",".join(cells[c] for c in header)

    path = tmp_path / "by-hand.csv"
    path.write_text(
        "\n".join(
            [
                ",".join(header),
                row("Part_2", "C_100", {0: 10, 17: 5, 18: 3, 52: 2, 104: 1}),  # ≤18: 15; >52: 3
                row("Part_2", "C_101", {5: 4, 60: 6}, unknown="7"),  # ≤18: 4; >52: 6
                row("Part_2", "C_999", {0: 10, 5: 4, 17: 5, 18: 3, 52: 2, 60: 6, 104: 1}),
                row("Part_1A", "C_100", {0: 100}),  # completed pathways: not on the list
            ]
        )
        + "\n"
    )
    result = pipeline.read(duckdb_backend, path, orgs, catalogue.rtt, pack.year_calendar)
    found = {a.metric: a for a in result.actuals if a.level == "system"}
    assert {a.org_code for a in found.values()} == {"E54000049"}  # CCG 00C's system
    assert found["rtt-waiting-list"].value == 21 + 10 + 7
    assert found["rtt-52-week-waiters"].value == 3 + 6
    within = found["rtt-within-18-weeks"]
    assert (within.numerator, within.denominator) == (19, 31)


def test_a_bad_extract_is_reported_row_by_row(
    tmp_path, month, orgs, catalogue, pack, duckdb_backend
):
    lines = month.read_text().splitlines()
    cells = lines[4].split(",")
    cells[20] = "*"  # a suppressed count in a band
    part = lines[5].split(",")
    part[9] = "Part_9"
    period = lines[6].split(",")
    period[0] = "RTT-Smarch-2019"
    bad = edit_lines(
        month,
        tmp_path / "bad.csv",
        {5: ",".join(cells), 6: ",".join(part), 7: ",".join(period)},
        extra=[lines[2]],  # line 3 again, as the last line
    )
    with pytest.raises(InputError) as caught:
        pipeline.read(duckdb_backend, bad, orgs, catalogue.rtt, pack.year_calendar)
    found = [(p.line, p.key) for p in caught.value.problems]
    assert (5, cells and rtt.read_layout(lines[0].split(",")).columns[20]) in found
    assert (6, rtt.PART) in found
    assert (7, rtt.PERIOD) in found
    last = len(lines) + 1
    assert any(p.line == last and "as line 3" in p.message for p in caught.value.problems)


@pytest.mark.parametrize("spaced", [False, True])
def test_a_key_given_twice_is_its_only_fault_and_is_placed(
    tmp_path, month, orgs, catalogue, pack, duckdb_backend, spaced
):
    """A row repeating another's key, nothing else wrong (the scan lists each group's
    treatment functions to find it); spaces around a code do not make another key."""
    lines = month.read_text().splitlines()
    again = lines[2].split(",")
    function = rtt.read_layout(lines[0].split(",")).columns.index(rtt.FUNCTION)
    if spaced:
        again[function] = f" {again[function]} "
    bad = edit_lines(month, tmp_path / "twice.csv", {}, extra=[",".join(again)])
    with pytest.raises(InputError) as caught:
        pipeline.read(duckdb_backend, bad, orgs, catalogue.rtt, pack.year_calendar)
    [problem] = caught.value.problems
    assert problem.line == len(lines) + 1
    assert "as line 3" in problem.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "'-5' is negative: a count cannot be below 0"),
        ("1e999", "'1e999' is too large: enter a number within ±1,000,000,000,000,000"),
        ("nan", "'nan' is not a number"),
        ("-1e999", "'-1e999' is too large: enter a number within ±1,000,000,000,000,000"),
        ("1e16", "'1e16' is too large: enter a number within ±1,000,000,000,000,000"),
    ],
)
def test_a_count_outside_its_unit_is_placed(
    tmp_path, month, orgs, catalogue, pack, duckdb_backend, text, message
):
    lines = month.read_text().splitlines()
    cells = lines[4].split(",")
    cells[20] = text  # a count of patients in a band
    bad = edit_lines(month, tmp_path / "bad.csv", {5: ",".join(cells)})
    with pytest.raises(InputError) as caught:
        pipeline.read(duckdb_backend, bad, orgs, catalogue.rtt, pack.year_calendar)
    column = rtt.read_layout(lines[0].split(",")).columns[20]
    assert [(p.line, p.key, p.message) for p in caught.value.problems] == [(5, column, message)]


def test_a_ragged_row_stops_the_engine_and_is_placed(
    tmp_path, month, orgs, catalogue, pack, duckdb_backend
):
    bad = edit_lines(month, tmp_path / "ragged.csv", {4: "RTT-April-2019,Y56,short row"})
    with pytest.raises(InputError) as caught:
        pipeline.read(duckdb_backend, bad, orgs, catalogue.rtt, pack.year_calendar)
    assert [(p.line, p.message.split(",")[0]) for p in caught.value.problems] == [
        (4, "has 3 fields")
    ]


def test_a_file_of_another_format_says_which(lookups, orgs, catalogue, pack, duckdb_backend):
    with pytest.raises(InputError) as caught:
        pipeline.read(duckdb_backend, lookups / AE_FILE, orgs, catalogue.rtt, pack.year_calendar)
    messages = [p.message for p in caught.value.problems]
    assert any(m.startswith("missing column(s): Period") for m in messages)
    assert any(m.endswith("try --format ae-monthly") for m in messages)


def test_months_make_a_series(tmp_path, lookups, orgs, catalogue, pack, duckdb_backend):
    results = [
        pipeline.read(
            duckdb_backend,
            small_rtt_month(tmp_path, lookups, dt.date(2019, m, 1), month_index=m),
            orgs, catalogue.rtt, pack.year_calendar,
        )
        for m in (4, 5)
    ]  # fmt: skip
    systems = [{a.org_code for a in r.actuals if a.level == "system"} for r in results]
    assert systems[0] == systems[1]  # the same organisations every month
    assert {a.period for r in results for a in r.actuals} == {"2019-04", "2019-05"}


def test_files_read_together_keep_their_own_results(
    tmp_path, lookups, orgs, catalogue, pack, duckdb_backend
):
    paths = [small_rtt_month(tmp_path, lookups, dt.date(2019, m, 1), month_index=m) for m in (4, 5)]
    (tmp_path / "old").mkdir()
    paths.append(small_rtt_month(tmp_path / "old", lookups, dt.date(2019, 6, 1), weeks=52))
    together = pipeline.read_many(duckdb_backend, paths, orgs, catalogue.rtt, pack.year_calendar)
    for path in paths:
        alone = pipeline.read(duckdb_backend, path, orgs, catalogue.rtt, pack.year_calendar)
        assert together[path] == alone
    bad = edit_lines(paths[0], tmp_path / "bad.csv", {3: "RTT-April-2019,Y56,short row"})
    with pytest.raises(InputError) as caught:
        pipeline.read_many(duckdb_backend, [paths[1], bad], orgs, catalogue.rtt, pack.year_calendar)
    assert {(p.file, p.line) for p in caught.value.problems} == {("bad.csv", 3)}
