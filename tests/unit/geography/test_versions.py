"""Which system an organisation is in on a day, after approved footprint changes: worked by
hand from the moves below."""

from __future__ import annotations

import datetime as dt

import pytest

from ltpif.geography.versions import Move, systems_on

D = dt.date
# CCG X is in system A by the lookups; it moves to B on 1 April 2020 and back to A on
# 1 October 2020. Authority Y is split across A and C; its part in A moves to B on 1 July 2020.
MOVES = [
    Move("Y", "A", "B", D(2020, 7, 1)),
    Move("X", "B", "A", D(2020, 10, 1)),  # listed before the move it undoes: order by date
    Move("X", "A", "B", D(2020, 4, 1)),
]
BASE = {"X": {"A"}, "Y": {"A", "C"}, "Z": {"C"}}


@pytest.mark.parametrize(
    ("organisation", "day", "expected"),
    [
        ("X", D(2019, 7, 31), {"A"}),
        ("X", D(2020, 3, 31), {"A"}),  # the day before the move
        ("X", D(2020, 4, 1), {"B"}),  # the move's own day
        ("X", D(2020, 9, 30), {"B"}),
        ("X", D(2020, 10, 1), {"A"}),
        ("Y", D(2020, 6, 30), {"A", "C"}),
        ("Y", D(2020, 7, 1), {"B", "C"}),  # only the part in A moves
        ("Z", D(2021, 1, 1), {"C"}),  # no move of its own
    ],
)
def test_which_system_on_a_day(organisation, day, expected):
    assert systems_on(BASE[organisation], MOVES, organisation, day) == frozenset(expected)
