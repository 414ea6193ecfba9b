"""What each kind of input cell accepts, and the message for each usual mistake."""

from __future__ import annotations

import datetime as dt

import pytest

from ltpif.interchange.template.reading import RawCell
from ltpif.interchange.template.values import BLANK, BadCell, read_value

ACCEPTED = [
    ("number", 12.5, 12.5),
    ("number", 3, 3.0),
    ("number", "  ", BLANK),
    ("proportion", 0.75, 0.75),
    ("proportion", 1, 1.0),
    ("proportion", 0, 0.0),
    ("flag", 1, 1.0),
    ("date", dt.datetime(2019, 9, 27), dt.date(2019, 9, 27)),
    ("date", dt.date(2019, 9, 27), dt.date(2019, 9, 27)),
    ("text", "  a plan  ", "  a plan  "),
    ("text", 2020, "2020"),
    ("text", 12.0, "12"),
    ("text", 12.5, "12.5"),
    ("year", "2019/20", "2019/20"),
    ("choice", " provider ", "provider"),
    ("yes_no", "yes", True),
    ("yes_no", "No", False),
    ("yes_no", True, True),
    ("lines", "NHS A CCG\n\n NHS B CCG \n", ["NHS A CCG", "NHS B CCG"]),
]


@pytest.mark.parametrize(("kind", "value", "expected"), ACCEPTED)
def test_a_cell_gives_its_value(kind, value, expected):
    assert read_value(kind, RawCell(value)) == expected


def test_an_empty_cell_is_blank():
    assert read_value("number", None) is BLANK


REFUSED = [
    ("proportion", 75, "75 looks like a percentage: type 75%"),
    ("proportion", 100, "100 looks like a percentage: type 100%"),
    ("proportion", 1.5, "1.5 looks like a percentage: type 1.5%"),
    ("proportion", 250, "250 is not a percentage from 0% to 100%"),
    ("proportion", -0.1, "-0.1 is not a percentage from 0% to 100%"),
    ("proportion", "75%", "'75%' is text, not a percentage: clear the cell and type 75%"),
    ("number", "lots", "'lots' is not a number"),
    ("number", "1,234.5", "'1,234.5' is text, not a number: type the number 1234.5"),
    ("number", "£12", "'£12' is text, not a number: type the number 12"),
    ("number", True, "TRUE is not a number"),
    ("number", dt.datetime(2019, 9, 27), "a date or time (2019-09-27) where a number belongs"),
    ("flag", 2, "2 is not a yes or no: type 1 for yes, 0 for no"),
    ("date", "27/09/2019", "'27/09/2019' is a date typed as text"),
    ("date", "2019-09-27", "'2019-09-27' is a date typed as text"),
    ("date", "27 September 2019", "'27 September 2019' is a date typed as text"),
    ("date", "soon", "text ('soon') where a date belongs"),
    ("date", 43735, "a number (43735) where a date belongs"),
    ("date", dt.datetime(2019, 9, 27, 9, 30), "a date and time (2019-09-27 09:30:00)"),
    ("year", dt.datetime(2019, 12, 1), "Excel took this for a date (2019-12-01)"),
    ("year", 2019, "a number (2019) where a financial year like 2019/20 belongs"),
    ("choice", 3, "'3' is not one of the choices"),
    ("yes_no", "maybe", "'maybe': choose Yes or No"),
]


@pytest.mark.parametrize(("kind", "value", "message"), REFUSED)
def test_a_wrong_cell_is_explained(kind, value, message):
    with pytest.raises(BadCell) as refused:
        read_value(kind, RawCell(value))
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize("kind", ["number", "text", "date", "proportion"])
def test_a_formula_is_refused_whatever_it_gives(kind):
    with pytest.raises(BadCell, match=r"a formula \('=1\+2'\) where a value belongs"):
        read_value(kind, RawCell("=1+2", formula=True))


def test_an_error_value_is_refused():
    with pytest.raises(BadCell, match=r"an error value \(#REF!\)"):
        read_value("number", RawCell("#REF!", error=True))
