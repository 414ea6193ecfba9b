"""NHS England's national RTT time series: the overview workbook and its CSV copy.

The workbook ("RTT Overview Timeseries", sheet `Full Time Series`) has a row per month from
April 2007: `Year`, `Month` (a date), then sections ("Incomplete RTT pathways", "Admitted
(unadjusted) RTT pathways", …) of columns ("No. within 18 weeks", "No. > 52 weeks", "Total
waiting (mil)" — which holds a count, not millions). "-" marks a figure not collected. The
CSV copy names each column `<section>__<column>` in lower case (`incomplete_rtt_pathways__
no_gt_52_weeks`), which is how `column_name` names the workbook's columns too, so both are
read by the one reader below.

England's incomplete pathways give, for each month with figures:
- rtt-waiting-list: Total waiting;
- rtt-52-week-waiters: No. > `long_wait_weeks` weeks;
- rtt-within-18-weeks: No. within `within_weeks` weeks / Total waiting.
These are the figures trusts reported, as the full extract sums them; the columns "with
estimates for missing data" (adding trusts that did not report) are not used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ltpif.framework.periods import Calendar
from ltpif.framework.problems import InputError, Problem, quoted
from ltpif.monitoring import rtt
from ltpif.monitoring.actuals import Actual
from ltpif.monitoring.definitions import RttWeeks
from ltpif.monitoring.periods import parse_period
from ltpif.monitoring.rows import number
from ltpif.monitoring.sources import SourceResult

MONTH = "month"
SECTION = "incomplete_rtt_pathways"
NOT_COLLECTED = "-"


def column_name(section: str, column: str) -> str:
    """The CSV copy's name of a workbook column: 'No. > 52 weeks' → 'no_gt_52_weeks'."""

    def slug(text: str) -> str:
        text = text.lower().replace("%", "pct").replace(">", "gt")
        return re.sub(r"[^a-z0-9]+", "_", text).strip("_")

    return f"{slug(section)}__{slug(column)}"


def measures(weeks: RttWeeks) -> dict[str, str]:
    """Each measure's column in the series."""
    return {
        "waiting_list": f"{SECTION}__total_waiting_mil",
        "long_waits": f"{SECTION}__no_gt_{weeks.long_wait_weeks}_weeks",
        "within": f"{SECTION}__no_within_{weeks.within_weeks}_weeks",
    }


def header_problems(header: Iterable[str], weeks: RttWeeks) -> list[str]:
    missing = [c for c in (MONTH, *measures(weeks).values()) if c not in header]
    return [f"missing column(s): {', '.join(missing)}"] if missing else []


@dataclass(frozen=True)
class SeriesRow:
    """One month of the series, wherever it was read from."""

    line: int  # the CSV line or the workbook row
    cells: dict[str, str]  # column → text
    where: dict[str, str]  # column → how a problem names it (the column, or the cell)


def read(
    file: str, rows: Iterable[SeriesRow], weeks: RttWeeks, calendar: Calendar, national: str
) -> SourceResult:
    """England's actuals from the series' rows; InputError with every problem."""
    columns = measures(weeks)
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    found: list[tuple[str, dict[str, float | None]]] = []
    count = 0
    for row in rows:
        count += 1
        text = row.cells[MONTH].strip()
        try:
            period = parse_period(text, calendar)
        except ValueError as exc:
            problems.append(Problem(file, row.line, row.where[MONTH], str(exc)))
            continue
        if period.cadence != "month":
            problems.append(
                Problem(file, row.line, row.where[MONTH], f"not a month: {quoted(text)}")
            )
            continue
        if period.name in first_line:
            message = f"{period.name} again: first at line {first_line[period.name]}"
            problems.append(Problem(file, row.line, row.where[MONTH], message))
            continue
        first_line[period.name] = row.line
        figures: dict[str, float | None] = {}
        for measure, column in columns.items():
            cell = row.cells[column].strip()
            try:
                figures[measure] = None if cell == NOT_COLLECTED else number(cell)
            except ValueError:
                message = f"not a number: {quoted(cell)}"
                problems.append(Problem(file, row.line, row.where[column], message))
        found.append((period.name, figures))
    if problems:
        raise InputError(problems)
    actuals = [a for period, figures in found for a in _actuals(national, period, figures)]
    return SourceResult(sorted(actuals), [], count)


def _actuals(national: str, period: str, figures: dict[str, float | None]) -> list[Actual]:
    waiting, long_waits, within = (figures[m] for m in ("waiting_list", "long_waits", "within"))
    out = []
    if waiting is not None:
        out.append(Actual("national", national, rtt.WAITING_LIST, period, waiting))
    if long_waits is not None:
        out.append(Actual("national", national, rtt.LONG_WAITS, period, long_waits))
    if within is not None and waiting:
        out.append(
            Actual("national", national, rtt.WITHIN, period, within / waiting, within, waiting)
        )
    return out
