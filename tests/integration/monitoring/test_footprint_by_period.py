"""Monitoring by the footprint valid for each period (issue 16 item 3): an approved footprint
change effective in a month moves an organisation's figures from that month on; the months
before stay with the old system. Expected values are worked out by hand from the rows."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ltpif.framework.periods import Calendar
from ltpif.geography.versions import Move
from ltpif.monitoring import rtt as rtt_format
from ltpif.monitoring.actuals import read_long
from ltpif.monitoring.pipelines import rtt
from ltpif.monitoring.pipelines.load import Loader
from ltpif.monitoring.pipelines.raw import read_header, stream_rows
from ltpif.monitoring.pipelines.synthetic_rtt import write_month
from tests.monitoring_support import IBIS_ON_DUCKDB, synthetic_codes

pytestmark = IBIS_ON_DUCKDB
OLD, NEW = "E54000005", "E54000007"  # 03E's system in the April 2019 lookup; West Yorkshire
MOVE = Move("03E", OLD, NEW, dt.date(2019, 10, 1))
HEADER = "organisation_code,metric,period,value"
ROWS = [
    "03E,rtt-waiting-list,2019-09,100",  # before the move: stays with the old system
    "03E,rtt-waiting-list,2019-10,200",  # from the move's month: the new system
    "36J,rtt-waiting-list,2019-10,50",  # another CCG of the old system: stays
    "03E,rtt-waiting-list,2019/20 Q2,300",  # a quarter starting 1 July: before the move
    "03E,rtt-waiting-list,2019/20 Q3,400",  # a quarter starting 1 October: on the move
]
EXPECTED = {
    (OLD, "2019-09"): 100,
    (NEW, "2019-10"): 200,
    (OLD, "2019-10"): 50,
    (OLD, "2019/20 Q2"): 300,
    (NEW, "2019/20 Q3"): 400,
}


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (dt.date(2019, 9, 1), OLD),
        (dt.date(2019, 9, 30), OLD),
        (dt.date(2019, 10, 1), NEW),
        (dt.date(2021, 4, 1), NEW),
    ],
)
def test_an_organisation_s_system_by_the_first_day_of_a_period(orgs, start, expected):
    moved = dataclasses.replace(orgs, moves=(MOVE,))
    assert orgs.resolve("03E").code == OLD  # the lookups' footprint
    assert moved.system_on("03e", OLD, start) == expected
    assert moved.system_on("36J", OLD, start) == OLD  # not moved


def test_overrides_are_one_row_per_code_and_period_from_the_move_on(orgs):
    moved = dataclasses.replace(orgs, moves=(MOVE,), calendar=Calendar(4))
    starts = {"Sep": dt.date(2019, 9, 1), "Oct": dt.date(2019, 10, 1), "Nov": dt.date(2019, 11, 1)}
    index = {"03E": OLD, "36J": OLD}
    assert moved.overrides(index, starts) == [("03E", "Oct", NEW), ("03E", "Nov", NEW)]
    assert moved.overrides({"36J": OLD}, starts) == []


def _file(tmp_path):
    path = tmp_path / "moved.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n")
    return path


def _by_place(actuals):
    return {(a.org_code, a.period): a.value for a in actuals if a.level == "system"}


def test_a_long_file_on_the_engine_follows_the_footprint_of_each_period(
    tmp_path, pack, catalogue, lookups, duckdb_backend
):
    path = _file(tmp_path)
    plain = Loader(pack, catalogue, lookups, duckdb_backend).read_many([path], "long")[path]
    assert _by_place(plain.actuals) == {
        (OLD, "2019-09"): 100,
        (OLD, "2019-10"): 250,
        (OLD, "2019/20 Q2"): 300,
        (OLD, "2019/20 Q3"): 400,
    }
    moved = Loader(pack, catalogue, lookups, duckdb_backend, moves=(MOVE,))
    assert _by_place(moved.read_many([path], "long")[path].actuals) == EXPECTED


def test_each_organisation_s_part_is_kept_where_its_rows_were_placed(
    tmp_path, pack, catalogue, lookups, duckdb_backend
):
    """The parts a later approval would move: one per organisation and period, under the
    system the rows were placed in (by the lookups, then the moves of the load)."""
    path = _file(tmp_path)
    moved = Loader(pack, catalogue, lookups, duckdb_backend, moves=(MOVE,))
    parts = moved.read_many([path], "long")[path].parts
    assert [(p.org_code, p.period, p.organisation, p.value) for p in parts] == [
        (OLD, "2019-09", "03E", 100),
        (OLD, "2019-10", "36J", 50),
        (OLD, "2019/20 Q2", "03E", 300),
        (NEW, "2019-10", "03E", 200),
        (NEW, "2019/20 Q3", "03E", 400),
    ]


def test_a_long_file_read_in_python_follows_it_too(tmp_path, long_context):
    path = _file(tmp_path)
    context = dataclasses.replace(
        long_context, orgs=dataclasses.replace(long_context.orgs, moves=(MOVE,))
    )
    actuals, problems = read_long(path.name, stream_rows(path), read_header(path), context)
    assert problems == [] and _by_place(actuals) == EXPECTED


def test_an_rtt_extract_moves_the_ccg_s_pathways_from_the_month_on(
    tmp_path, pack, catalogue, lookups, duckdb_backend
):
    """Two synthetic months with 03E's pathways: September is the same with the move or
    without; in October the new system gains exactly what the old one loses, and England's
    total is the same."""
    providers, _ = synthetic_codes(lookups)
    files = []
    for month in (9, 10):
        path = tmp_path / f"rtt-2019-{month:02d}.csv"
        write_month(path, dt.date(2019, month, 1), providers, ["03E", "36J"], rows=400)
        files.append(path)
    column = read_header(files[1]).index(rtt_format.COMMISSIONER)
    assert any(cells[column] == "03E" for _, cells in stream_rows(files[1]))
    weeks, calendar = catalogue.rtt, pack.year_calendar
    orgs = Loader(pack, catalogue, lookups, duckdb_backend).orgs(required=True)
    moved = dataclasses.replace(orgs, moves=(MOVE,), calendar=calendar)
    before = rtt.read_many(duckdb_backend, files, orgs, weeks, calendar)
    after = rtt.read_many(duckdb_backend, files, moved, weeks, calendar)

    def values(result, month):
        return {
            (a.org_code, a.metric): a.value
            for a in result.actuals
            if a.period == month and a.quintile == 0
        }

    september = (values(before[files[0]], "2019-09"), values(after[files[0]], "2019-09"))
    assert september[0] == september[1]
    was, now = values(before[files[1]], "2019-10"), values(after[files[1]], "2019-10")
    metric = "rtt-waiting-list"
    lost = was[(OLD, metric)] - now.get((OLD, metric), 0)
    gained = now[(NEW, metric)] - was.get((NEW, metric), 0)
    assert lost > 0 and gained == pytest.approx(lost)
    assert now[("E92000001", metric)] == was[("E92000001", metric)]
    # 03E's part of October: what moved, kept under the new system (a later approval's unit)
    mine = [
        p
        for p in after[files[1]].parts
        if (p.organisation, p.metric, p.period) == ("03E", metric, "2019-10")
    ]
    assert {p.org_code for p in mine} == {NEW} and sum(p.value for p in mine) == lost
