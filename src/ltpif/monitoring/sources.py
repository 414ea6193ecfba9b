"""What reading a publication gives: stored actuals, and the rows that map to no system."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ltpif.monitoring.actuals import Actual, Part, parts_of


@dataclass(frozen=True, order=True)
class Unmapped:
    """Rows whose organisations map to no system: counted nationally, reported here."""

    provider: str
    commissioner: str  # "" where the format has no commissioner
    rows: int
    amount: float  # the format's headline count in those rows (waiting list, attendances)


@dataclass(frozen=True)
class SourceResult:
    actuals: list[Actual]
    unmapped: list[Unmapped]
    rows: int  # data rows read
    notes: list[str] = field(default_factory=list)
    # each organisation's part of the system actuals (none where a file names systems)
    parts: list[Part] = field(default_factory=list)


Totals = dict[str, float]


def add_totals(into: dict, key: object, totals: Totals) -> None:
    target = into.setdefault(key, dict.fromkeys(totals, 0.0))
    for name, amount in totals.items():
        target[name] += amount


def result_from_totals(
    national: str,
    by_system: dict[tuple[str, str], Totals],
    by_nation: dict[str, Totals],
    unmapped: Iterable[Unmapped],
    rows: int,
    to_actuals: Callable[[str, str, str, Totals], Sequence[Actual]],
    by_part: dict[tuple[str, str, str], Totals] | None = None,
) -> SourceResult:
    """Actuals for every (period, system) and every period nationally, in one sorted list;
    `by_part` ((period, system, organisation) → totals) gives each organisation's part."""
    actuals = [
        actual
        for (period, system), totals in by_system.items()
        for actual in to_actuals("system", system, period, totals)
    ] + [
        actual
        for period, totals in by_nation.items()
        for actual in to_actuals("national", national, period, totals)
    ]
    parts = [
        part
        for (period, system, organisation), totals in (by_part or {}).items()
        for part in parts_of(to_actuals("system", system, period, totals), organisation)
    ]
    return SourceResult(sorted(actuals), sorted(unmapped), rows, parts=sorted(parts))
