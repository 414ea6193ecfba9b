"""Periods of actuals: months ("2019-04"), quarters ("2019/20 Q1") and financial years ("2019/20").

Publications name their periods in their own ways (an A&E month is "2019-04-01" in the long
files and "MSitAE-APRIL-2025" in NHS England's provider CSVs, an RTT month "RTT-April-2019");
each importer turns them into these names, which sort by their first day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ltpif.framework.periods import Calendar, year_name, year_start
from ltpif.framework.problems import quoted

_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-01)?$")
_QUARTER = re.compile(r"^(\d{4}/\d{2}) Q([1-4])$")
_NAMED_MONTH = re.compile(r"^(?:RTT|MSitAE)-([A-Za-z]+)-(\d{4})$")  # RTT and A&E files
_MONTH_NAMES = {
    name: number
    for number, name in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"],
        start=1,
    )
}  # fmt: skip


@dataclass(frozen=True, order=True)
class Period:
    """A named period; `start` orders periods of every cadence on one axis."""

    start: dt.date
    cadence: str  # month, quarter or year
    name: str


def parse_period(text: str, calendar: Calendar) -> Period:
    """The period a text names, or ValueError saying what was expected."""
    text = text.strip()
    if match := _MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            return Period(dt.date(year, month, 1), "month", f"{year}-{month:02d}")
    elif match := _QUARTER.match(text):
        first = calendar.first_day(match.group(1))
        index = first.month - 1 + 3 * (int(match.group(2)) - 1)
        return Period(dt.date(first.year + index // 12, index % 12 + 1, 1), "quarter", text)
    elif match := _NAMED_MONTH.match(text):
        named = _MONTH_NAMES.get(match.group(1).lower())
        if named:
            return Period(
                dt.date(int(match.group(2)), named, 1), "month", f"{match.group(2)}-{named:02d}"
            )
    else:
        try:
            return Period(calendar.first_day(text), "year", text)
        except ValueError:
            pass
    raise ValueError(
        f"not a period: {quoted(text)} (expected a month like 2019-04, a quarter like 2019/20 Q1 "
        "or a financial year like 2019/20)"
    )


def month_problem(text: str, calendar: Calendar) -> str | None:
    """Why a cell is not a month, or None when it is one (or blank: that is another rule's)."""
    text = text.strip()
    if not text:
        return None
    try:
        cadence = parse_period(text, calendar).cadence
    except ValueError as exc:
        return str(exc)
    return None if cadence == "month" else f"not a month: {quoted(text)}"


def year_of(period: Period, calendar: Calendar) -> str:
    """The financial year a period falls in."""
    return calendar.year_of(period.start)


def position_in_year(period: Period, calendar: Calendar) -> tuple[int, int]:
    """(how many periods of its cadence end by this one within its year, periods in a year)."""
    if period.cadence == "year":
        return 1, 1
    first = calendar.first_day(year_of(period, calendar))
    months = (period.start.year - first.year) * 12 + period.start.month - first.month
    if period.cadence == "quarter":
        return months // 3 + 1, 4
    return months + 1, 12


def previous_year(year: str) -> str:
    return year_name(year_start(year) - 1)
