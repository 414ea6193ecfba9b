"""Financial years, quarters and months, named the way NHS planners name them.

A financial year "2019/20" starts in the pack's `year_start_month` (April in England) of 2019.
Quarters are "2019/20 Q1" and months ISO "2019-04".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ltpif.framework.problems import quoted

_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def year_start(year: str) -> int:
    """The calendar year a financial year starts in; checks "2019/20" is well formed."""
    match = _YEAR.match(year)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"not a financial year like 2019/20: {quoted(year)}")
    return int(match.group(1))


def year_name(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


@dataclass(frozen=True)
class Calendar:
    """Turns financial years into dates for one pack's year convention."""

    start_month: int

    def first_day(self, year: str) -> dt.date:
        return dt.date(year_start(year), self.start_month, 1)

    def last_day(self, year: str) -> dt.date:
        following = self.first_day(year_name(year_start(year) + 1))
        return following - dt.timedelta(days=1)

    def year_of(self, day: dt.date) -> str:
        start = day.year if day.month >= self.start_month else day.year - 1
        return year_name(start)

    def months(self, year: str) -> list[str]:
        first = self.first_day(year)
        months = []
        for offset in range(12):
            month_index = first.month - 1 + offset
            months.append(f"{first.year + month_index // 12}-{month_index % 12 + 1:02d}")
        return months

    def quarters(self, year: str) -> list[str]:
        return [f"{year} Q{n}" for n in range(1, 5)]

    def end_of(self, by: str | dt.date) -> dt.date:
        """The date an ambition or milestone falls due: a year means its last day."""
        return self.last_day(by) if isinstance(by, str) else by
