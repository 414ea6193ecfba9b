"""The one parser of the NHS date input (app.dates): three boxes → a date, or the service
manual's words for what is wrong."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ltpif.app.dates import BadDate, date_parts, parse_date

GOOD = [
    (("27", "9", "2019"), dt.date(2019, 9, 27)),
    ((" 1 ", "04", "2020"), dt.date(2020, 4, 1)),
    (("29", "2", "2020"), dt.date(2020, 2, 29)),  # a leap year
    (("", "", ""), None),
]
BAD = [
    (("31", "2", "2020"), "The date must be a real date, like 27 9 2019"),
    (("29", "2", "2019"), "The date must be a real date, like 27 9 2019"),
    (("1", "13", "2019"), "The date must be a real date, like 27 9 2019"),
    (("first", "4", "2019"), "The date must be a real date, like 27 9 2019"),
    (("-1", "4", "2019"), "The date must be a real date, like 27 9 2019"),
    (("1", "9" * 30, "2019"), "The date must be a real date, like 27 9 2019"),  # beyond a C long
    (("٣", "4", "2019"), "The date must be a real date, like 27 9 2019"),  # not 0–9
    (("1", "", "2019"), "The date must include a month"),
    (("", "", "2019"), "The date must include a day and a month"),
    (("1", "4", ""), "The date must include a year"),
    (("1", "4", "19"), "The year must include 4 numbers"),
]


@pytest.mark.parametrize(("boxes", "expected"), GOOD)
def test_a_date_typed_in_the_boxes(boxes, expected):
    assert parse_date(*boxes) == expected


@pytest.mark.parametrize(("boxes", "message"), BAD)
def test_a_date_refused_says_why(boxes, message):
    with pytest.raises(BadDate) as caught:
        parse_date(*boxes)
    assert caught.value.message == message


def test_a_required_date_left_blank():
    with pytest.raises(BadDate, match=r"^Enter a date, like 27 9 2019$"):
        parse_date(" ", "", "", required=True)


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_the_boxes_shown_for_a_date_read_back_as_it(day):
    boxes = date_parts(day)
    assert parse_date(boxes["day"], boxes["month"], boxes["year"]) == day
    assert date_parts(day.isoformat()) == boxes


def test_the_boxes_of_nothing_are_blank():
    assert date_parts(None) == date_parts("not a date") == {"day": "", "month": "", "year": ""}
