"""The monthly referral to treatment (RTT) full extract: its layout, rules and reference reading.

NHS England's full CSV data file has a row per provider × commissioner × RTT part ×
treatment function: 13 descriptive columns (Period "RTT-April-2019", Provider Parent Org
Code, …, Treatment Function Name), then counts in weeks-waiting bands ("Gt 00 To 01 Weeks
SUM 1" … "Gt 51 To 52 Weeks SUM 1", "Gt 52 Weeks SUM 1" until March 2021; up to "Gt 103 To
104 Weeks SUM 1", "Gt 104 Weeks SUM 1" since), then Total (known clock starts), Patients
with unknown clock start date and Total All. A blank count is zero.

What ltpif takes from it, for incomplete pathways (RTT Part Type "Part_2") over every
treatment function except the all-functions total row ("C_999", which would double count):
- rtt-waiting-list: Σ Total All;
- rtt-52-week-waiters: Σ of the bands above `long_wait_weeks`;
- rtt-within-18-weeks: Σ of the bands up to `within_weeks` / Σ of every band (the pathways
  whose wait is known; the extract as published since 2021 leaves Total blank on incomplete
  pathways, whose bands add up to Total All).
A row belongs to its commissioner's system; where the commissioner is not a CCG (NHS
England's specialised commissioning hubs) to its provider's; otherwise to no system: it is
reported and counted only nationally. This module reads rows in plain Python (the reference);
`pipelines/rtt.py` is the Ibis implementation that must agree with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ltpif.framework.periods import Calendar
from ltpif.framework.problems import quoted
from ltpif.monitoring.actuals import Actual
from ltpif.monitoring.definitions import RttWeeks
from ltpif.monitoring.periods import parse_period
from ltpif.monitoring.rows import Row, RowRules
from ltpif.monitoring.sources import Totals

PERIOD, PROVIDER, COMMISSIONER = "Period", "Provider Org Code", "Commissioner Org Code"
PART, FUNCTION = "RTT Part Type", "Treatment Function Code"
DESCRIPTIVE = (
    PERIOD,
    "Provider Parent Org Code",
    "Provider Parent Name",
    PROVIDER,
    "Provider Org Name",
    "Commissioner Parent Org Code",
    "Commissioner Parent Name",
    COMMISSIONER,
    "Commissioner Org Name",
    PART,
    "RTT Part Description",
    FUNCTION,
    "Treatment Function Name",
)
KNOWN, UNKNOWN_START, TOTAL_ALL = "Total", "Patients with unknown clock start date", "Total All"
TOTALS = (KNOWN, UNKNOWN_START, TOTAL_ALL)
KEY = (PERIOD, PROVIDER, COMMISSIONER, PART, FUNCTION)
PARTS = {
    "Part_1A": "Completed Pathways For Admitted Patients",
    "Part_1B": "Completed Pathways For Non-Admitted Patients",
    "Part_2": "Incomplete Pathways",
    "Part_2A": "Incomplete Pathways with DTA",
    "Part_3": "New RTT Periods - All Patients",
}
INCOMPLETE = "Part_2"
ALL_FUNCTIONS = "C_999"
WAITING_LIST, LONG_WAITS, WITHIN = "rtt-waiting-list", "rtt-52-week-waiters", "rtt-within-18-weeks"
_BAND = re.compile(r"Gt (\d+) To (\d+) Weeks SUM 1")
_OPEN_BAND = re.compile(r"Gt (\d+) Weeks SUM 1")


@dataclass(frozen=True)
class Layout:
    columns: tuple[str, ...]
    bands: tuple[tuple[str, int, int | None], ...]  # column, lower weeks, upper (None: open)

    def within(self, weeks: int) -> list[str]:
        return [name for name, _, upper in self.bands if upper is not None and upper <= weeks]

    def over(self, weeks: int) -> list[str]:
        return [name for name, lower, _ in self.bands if lower >= weeks]

    @property
    def numeric(self) -> tuple[str, ...]:
        return (*(name for name, _, _ in self.bands), *TOTALS)

    @property
    def units(self) -> dict[str, str]:
        return dict.fromkeys(self.numeric, "count")  # patients, every column


def read_layout(header: Sequence[str]) -> Layout | list[str]:
    """The layout of a header, or what is wrong with it."""
    missing = [c for c in (*DESCRIPTIVE, *TOTALS) if c not in header]
    bands: list[tuple[str, int, int | None]] = []
    for name in header:
        if match := _BAND.fullmatch(name):
            bands.append((name, int(match.group(1)), int(match.group(2))))
        elif match := _OPEN_BAND.fullmatch(name):
            bands.append((name, int(match.group(1)), None))
    problems = [f"missing column(s): {', '.join(missing)}"] if missing else []
    ordered = sorted(bands, key=lambda band: band[1])
    edges = [lower for _, lower, _ in ordered]
    if not ordered or edges != list(range(len(ordered))) or ordered[-1][2] is not None:
        problems.append(
            "weeks-waiting bands must run 'Gt 00 To 01 Weeks SUM 1', 'Gt 01 To 02 Weeks SUM 1', "
            "… without a gap and end with an open band like 'Gt 104 Weeks SUM 1'"
        )
    return problems or Layout(tuple(header), tuple(ordered))


def row_rules(layout: Layout, calendar: Calendar) -> RowRules:
    def check(row: Row) -> Iterable[tuple[str, str]]:
        if row[PERIOD].strip():
            try:
                parse_period(row[PERIOD], calendar)
            except ValueError as exc:
                yield PERIOD, str(exc)
        part = row[PART].strip()
        if part and part not in PARTS:
            yield PART, f"unknown RTT part type {quoted(part)} (expected one of {', '.join(PARTS)})"

    return RowRules(
        columns=layout.columns,
        numeric=layout.numeric,
        units=layout.units,
        required=KEY,
        key=KEY,
        key_name="period, provider, commissioner, part and treatment function",
        checks=(check,),
    )


def measures(layout: Layout, weeks: RttWeeks) -> dict[str, tuple[str, ...]]:
    """Each summed measure and the columns it adds up."""
    return {
        "waiting_list": (TOTAL_ALL,),
        "long_waits": tuple(layout.over(weeks.long_wait_weeks)),
        "within": tuple(layout.within(weeks.within_weeks)),
        "known": tuple(name for name, _, _ in layout.bands),
    }


def to_actuals(level: str, code: str, period: str, totals: Totals) -> list[Actual]:
    out = [
        Actual(level, code, WAITING_LIST, period, totals["waiting_list"]),
        Actual(level, code, LONG_WAITS, period, totals["long_waits"]),
    ]
    if totals["known"] > 0:
        share = totals["within"] / totals["known"]
        out.append(Actual(level, code, WITHIN, period, share, totals["within"], totals["known"]))
    return out
