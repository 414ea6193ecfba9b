"""Plan roll-ups by the footprint of each plan year: a hand-worked table.

System A (region R1, weight 1000) holds CCG X (weight 250: a quarter of A) which moves to
system B (region R2) from 1 October 2020. Plan years start on 1 April, so 2019/20 and 2020/21
(which starts on 1 April 2020, before the move) stay whole with A; from 2021/22 a quarter of
A's planned values counts in R2. C is A's neighbour in R1; D is in R1 too.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ltpif.framework.periods import Calendar
from ltpif.geography.versions import Move
from ltpif.rollup.footprint import PlanMove, moved_totals, plan_moves, unweighted
from ltpif.rollup.table import NATIONAL, REGION, Row, Total

YEARS = ["2019/20", "2020/21", "2021/22", "2022/23"]
APRIL = Calendar(4)
OCT_2020 = dt.date(2020, 10, 1)
REGIONS = {"A": "R1", "C": "R1", "D": "R1", "B": "R2"}
KINDS = {"count": "sum", "rate": "ratio_of_sums", "cover": "coverage"}


def test_a_quarter_of_a_moves_from_the_first_plan_year_starting_after_the_date():
    moves = [Move("X", "A", "B", OCT_2020)]
    found = plan_moves(moves, {"X": 250.0}, {"A": 1000.0, "B": 800.0}, YEARS, APRIL)
    assert found == [PlanMove("2021/22", "A", "B", 0.25), PlanMove("2022/23", "A", "B", 0.25)]


def test_a_move_on_the_first_day_of_a_year_moves_that_year():
    moves = [Move("X", "A", "B", dt.date(2020, 4, 1))]
    found = plan_moves(moves, {"X": 250.0}, {"A": 1000.0}, YEARS, APRIL)
    assert [m.year for m in found] == ["2020/21", "2021/22", "2022/23"]


def test_an_organisation_without_a_weight_moves_nothing_and_is_named():
    moves = [Move("RXX", "A", "B", OCT_2020)]
    assert plan_moves(moves, {"X": 250.0}, {"A": 1000.0}, YEARS, APRIL) == []
    assert unweighted(moves, {"X": 250.0}) == ["RXX"]


def _rows() -> list[Row]:
    # (system, metric): values by year; a ratio as (numerator, denominator)
    counts = {"A": [100, 120, 200, None], "C": [10, 10, 10, 10], "B": [40, 40, 40, 40]}
    rows = [
        Row(s, REGIONS[s], "count", y, v)
        for s, vs in counts.items()
        for y, v in zip(YEARS, vs, strict=True)
    ]
    rates = {"A": (30.0, 100.0), "C": (10.0, 100.0), "B": (20.0, 100.0)}
    rows += [
        Row(s, REGIONS[s], "rate", y, n / d, n, d) for s, (n, d) in rates.items() for y in YEARS
    ]
    rows += [Row(s, REGIONS[s], "cover", y, 0.5) for s in ("A", "C", "B") for y in YEARS]
    return rows


def _total(level, area, metric, year, value, num=None, den=None) -> Total:
    return Total(level, area, metric, year, value, num, den, 1, 1)


def _totals() -> list[Total]:
    r1 = {"2019/20": 110.0, "2020/21": 130.0, "2021/22": 210.0, "2022/23": 10.0}
    r2 = dict.fromkeys(YEARS, 40.0)
    out = [_total(REGION, "R1", "count", y, v) for y, v in r1.items()]
    out += [_total(REGION, "R2", "count", y, v) for y, v in r2.items()]
    out += [_total(NATIONAL, NATIONAL, "count", y, r1[y] + r2[y]) for y in YEARS]
    out += [_total(REGION, "R1", "rate", y, 0.2, 40.0, 200.0) for y in YEARS]
    out += [_total(REGION, "R2", "rate", y, 0.2, 20.0, 100.0) for y in YEARS]
    out += [_total(NATIONAL, NATIONAL, "rate", y, 0.2, 60.0, 300.0) for y in YEARS]
    out += [_total(REGION, r, "cover", y, 1.0) for r in ("R1", "R2") for y in YEARS]
    return out


# (level, area, metric, year) → (value, numerator, denominator) after the move, worked by hand
EXPECTED = [
    ((REGION, "R1", "count", "2019/20"), (110.0, None, None)),  # before: whole with A
    ((REGION, "R1", "count", "2020/21"), (130.0, None, None)),  # starts 1 April 2020: before
    ((REGION, "R1", "count", "2021/22"), (160.0, None, None)),  # 210 − ¼ × 200
    ((REGION, "R2", "count", "2021/22"), (90.0, None, None)),  # 40 + ¼ × 200
    ((REGION, "R1", "count", "2022/23"), (10.0, None, None)),  # A plans nothing: nothing moves
    ((REGION, "R2", "count", "2022/23"), (40.0, None, None)),
    ((NATIONAL, NATIONAL, "count", "2021/22"), (250.0, None, None)),  # never changes
    ((REGION, "R1", "rate", "2020/21"), (0.2, 40.0, 200.0)),
    ((REGION, "R1", "rate", "2021/22"), (32.5 / 175.0, 32.5, 175.0)),  # 40 − 7.5, 200 − 25
    ((REGION, "R2", "rate", "2021/22"), (0.22, 27.5, 125.0)),  # 20 + 7.5, 100 + 25
    ((NATIONAL, NATIONAL, "rate", "2021/22"), (0.2, 60.0, 300.0)),
    ((REGION, "R1", "cover", "2021/22"), (1.0, None, None)),  # coverage does not move
]


@pytest.mark.parametrize(("key", "expected"), EXPECTED, ids=["/".join(k) for k, _ in EXPECTED])
def test_region_totals_move_by_the_share_from_the_first_moved_year(key, expected):
    moves = [PlanMove("2021/22", "A", "B", 0.25), PlanMove("2022/23", "A", "B", 0.25)]
    found = {t.key: t for t in moved_totals(_totals(), _rows(), moves, REGIONS, KINDS)}
    total = found[key]
    assert (total.value, total.numerator, total.denominator) == pytest.approx(expected)


def test_a_move_within_a_region_changes_no_total():
    moves = [PlanMove("2021/22", "A", "D", 0.25)]
    assert moved_totals(_totals(), _rows(), moves, REGIONS, KINDS) == _totals()
