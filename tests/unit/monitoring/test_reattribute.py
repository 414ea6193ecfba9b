"""Actuals moved by an approved footprint change (`monitoring.reattribute`): which periods move
(the first starting on or after the date), and a system's actual made again from the parts it
holds. Values worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from ltpif.geography.versions import Move
from ltpif.monitoring.actuals import PARTIAL_RATIO, Part
from ltpif.monitoring.definitions import MonitoredMetric
from ltpif.monitoring.reattribute import combine_parts, moves_to

MOVE = Move("03E", "A", "B", dt.date(2019, 10, 1))


@pytest.mark.parametrize(
    ("start", "moves"),
    [
        (dt.date(2019, 9, 1), False),  # September: before the date
        (dt.date(2019, 7, 1), False),  # the quarter starting 1 July holds the date: stays
        (dt.date(2019, 4, 1), False),  # the year 2019/20 starts before: stays whole
        (dt.date(2019, 10, 1), True),  # October, and the quarter starting 1 October
        (dt.date(2020, 4, 1), True),  # 2020/21
    ],
)
def test_a_period_moves_when_it_starts_on_or_after_the_date(start, moves):
    assert moves_to(MOVE, start) is moves


def metric(rollup: str) -> MonitoredMetric:
    unit = "proportion" if rollup == "ratio_of_sums" else "count"
    return MonitoredMetric("m", "M", unit, "neutral", rollup, "flow", "monitoring")


def _part(organisation, value, num=None, den=None) -> Part:
    return Part("A", "m", "2019-10", 0, organisation, value, num, den)


def test_counts_are_the_sum_of_the_parts():
    count = metric("sum")
    assert combine_parts(count, [_part("03E", 11.0), _part("36J", 5.0)]) == (16.0, None, None)


def test_a_ratio_is_its_parts_numerators_over_their_denominators():
    ratio = metric("ratio_of_sums")
    parts = [_part("03E", 0.75, 30.0, 40.0), _part("X", 0.5, 50.0, 100.0)]
    assert combine_parts(ratio, parts) == (80.0 / 140.0, 80.0, 140.0)  # not (0.75 + 0.5) / 2


def test_a_ratio_one_part_of_which_has_no_parts_cannot_be_made_again():
    ratio = metric("ratio_of_sums")
    parts = [_part("03E", 0.75), _part("X", 0.5, 50.0, 100.0)]
    assert combine_parts(ratio, parts) == PARTIAL_RATIO
    assert combine_parts(ratio, [_part("03E", 0.75)]) == (0.75, None, None)  # alone: as given
