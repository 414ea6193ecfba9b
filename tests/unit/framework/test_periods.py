import datetime as dt

import pytest

from ltpif.framework.periods import Calendar, year_start

APRIL = Calendar(start_month=4)


@pytest.mark.parametrize(
    ("year", "first", "last"),
    [
        ("2018/19", dt.date(2018, 4, 1), dt.date(2019, 3, 31)),
        ("2019/20", dt.date(2019, 4, 1), dt.date(2020, 3, 31)),
        ("2023/24", dt.date(2023, 4, 1), dt.date(2024, 3, 31)),
        ("1999/00", dt.date(1999, 4, 1), dt.date(2000, 3, 31)),
    ],
)
def test_financial_year_bounds(year, first, last):
    assert APRIL.first_day(year) == first
    assert APRIL.last_day(year) == last


@pytest.mark.parametrize("bad", ["2019/21", "2019-20", "19/20", "2019/2020", ""])
def test_malformed_years_are_refused(bad):
    with pytest.raises(ValueError, match="not a financial year"):
        year_start(bad)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2019, 3, 31), "2018/19"),
        (dt.date(2019, 4, 1), "2019/20"),
        (dt.date(2020, 1, 15), "2019/20"),
    ],
)
def test_year_of_a_date(day, year):
    assert APRIL.year_of(day) == year


def test_months_and_quarters_of_a_year():
    months = APRIL.months("2019/20")
    assert months[0] == "2019-04"
    assert months[8] == "2019-12"
    assert months[-1] == "2020-03"
    assert len(months) == 12
    assert APRIL.quarters("2019/20") == [f"2019/20 Q{n}" for n in range(1, 5)]


def test_calendar_year_convention():
    january = Calendar(start_month=1)
    assert january.last_day("2019/20") == dt.date(2019, 12, 31)
    assert january.months("2019/20")[-1] == "2019-12"


def test_end_of_a_year_or_a_date():
    assert APRIL.end_of("2020/21") == dt.date(2021, 3, 31)
    assert APRIL.end_of(dt.date(2021, 4, 1)) == dt.date(2021, 4, 1)
