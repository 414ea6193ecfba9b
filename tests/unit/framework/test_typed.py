"""Spec of the record parser: data in → record or every problem with its path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ltpif.framework.numbers import LARGEST
from ltpif.framework.typed import Invalid, MinItems, Pattern, Range, parse, to_plain

Code = Annotated[str, Pattern(r"[A-Z]{3}", "three capital letters")]
Year = Annotated[str, Pattern(r"\d{4}/\d{2}", "a year like '2019/20'")]


@dataclass(frozen=True, kw_only=True)
class Point:
    year: Year
    value: float | None = None


@dataclass(frozen=True, kw_only=True)
class Thing:
    code: Code
    count: Annotated[int, Range(ge=0, le=10)]
    kind: Literal["a", "b"] = "a"
    active: bool = True
    due: Year | dt.date = "2019/20"
    points: Annotated[list[Point], MinItems(1)]
    tags: dict[str, int] = field(default_factory=dict)

    def __post_validate__(self) -> list[str]:
        return ["kind b needs a tag"] if self.kind == "b" and not self.tags else []


GOOD = {"code": "ABC", "count": 3, "points": [{"year": "2019/20", "value": 1}]}


def test_a_good_record():
    thing = parse(Thing, GOOD)
    assert thing.code == "ABC"
    assert thing.points[0].value == 1.0
    assert isinstance(thing.points[0].value, float)
    assert thing.kind == "a"


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"code": "abc"}, [(("code",), "must be three capital letters")]),
        ({"count": 11}, [(("count",), "must be at most 10")]),
        ({"count": -1}, [(("count",), "must be at least 0")]),
        ({"count": 2.5}, [(("count",), "expected a whole number, got 2.5")]),
        ({"count": True}, [(("count",), "expected a whole number, got True")]),
        ({"kind": "c"}, [(("kind",), "must be one of 'a', 'b'")]),
        ({"active": "yes"}, [(("active",), "expected true or false, got 'yes'")]),
        ({"due": dt.date(2020, 1, 1)}, []),
        ({"due": "2020-01-01"}, []),
        (
            {"due": "soon"},
            [(("due",), "expected a year like '2019/20' or a date (YYYY-MM-DD), got 'soon'")],
        ),
        ({"points": []}, [(("points",), "needs at least 1 item(s)")]),
        ({"points": {}}, [(("points",), "expected a list, got dict")]),
        (
            {"points": [{"year": "2019"}]},
            [(("points", 0, "year"), "must be a year like '2019/20'")],
        ),
        (
            {"points": [{"value": "x"}]},
            [
                (("points", 0, "year"), "missing key"),
                (("points", 0, "value"), "'x' is not a number"),
            ],
        ),
        ({"tags": {"x": "1"}}, [(("tags", "x"), "expected a whole number, got '1'")]),
        ({"colour": "red"}, [(("colour",), "unknown key")]),
        ({"kind": "b"}, [((), "kind b needs a tag")]),
    ],
)
def test_problems_with_their_paths(change, errors):
    data = {**GOOD, **change}
    if errors:
        with pytest.raises(Invalid) as caught:
            parse(Thing, data)
        assert sorted(caught.value.errors) == sorted(errors)
    else:
        parse(Thing, data)


def test_every_problem_is_reported_at_once():
    with pytest.raises(Invalid) as caught:
        parse(Thing, {"code": 1, "colour": 2, "points": [{"year": 3}]})
    assert sorted(caught.value.errors) == [
        (("code",), "expected text, got 1"),
        (("colour",), "unknown key"),
        (("count",), "missing key"),
        (("points", 0, "year"), "expected text, got 3"),
    ]


def test_not_a_table():
    with pytest.raises(Invalid) as caught:
        parse(Thing, [1, 2])
    assert caught.value.errors == [((), "expected a table, got list")]


points = st.builds(
    Point,
    year=st.integers(2000, 2098).map(lambda y: f"{y}/{(y + 1) % 100:02d}"),
    value=st.none() | st.floats(-LARGEST, LARGEST),
)
things = st.builds(
    Thing,
    code=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3),
    count=st.integers(0, 10),
    kind=st.just("a"),
    active=st.booleans(),
    due=st.dates(dt.date(2018, 4, 1), dt.date(2024, 3, 31)) | st.just("2020/21"),
    points=st.lists(points, min_size=1, max_size=4),
    tags=st.dictionaries(st.text(min_size=1, max_size=5), st.integers()),
)


@given(things)
def test_round_trip_through_plain_data(thing):
    assert parse(Thing, to_plain(thing)) == thing
