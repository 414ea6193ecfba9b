"""The roll-up's input and output: the long table of plan values, and totals by area.

The long table has one row per (system, metric, year) for every system of the pack, planned or
not: a system without a plan, a metric without a trajectory, or a year without a value gives a
row whose value is None. Missing stays missing; no engine ever reads it as zero.

The rule for totals (the same in every engine, see docs/adr/0003-rollup-missing-values.md):

- `reported` counts the systems with a value (for a ratio: numerator and denominator);
  `expected` counts the systems of the area; the total is `complete` when they are equal and
  otherwise names the `missing` systems.
- The value of an incomplete total is that of the systems that reported (a sum of what is
  known, or sum(numerator) / sum(denominator) over the systems with both), flagged incomplete;
  when no system of the area reported, the value is None.
- Coverage metrics count the systems meeting the metric's every-system standard in the year
  (`met`) and name the reporting systems that do not (`not_meeting`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ltpif.framework import schema as s
from ltpif.framework.pack import Pack
from ltpif.plans.document import Plan, Trajectory

REGION, NATIONAL = "region", "national"  # levels of a total; NATIONAL is also its area
LEVELS = (REGION, NATIONAL)
CEILINGS = ("at_most", "up_to")  # comparisons a value meets from below


# Rows and totals are named tuples, not frozen dataclasses: a roll-up makes tens of thousands,
# and a frozen dataclass takes five times as long to create.
class Row(NamedTuple):
    """One system's planned value of one metric in one year."""

    system: str
    region: str
    metric: str
    year: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True, slots=True)
class MetricKind:
    """How a metric rolls up; coverage metrics carry the standard a system must meet."""

    rollup: str  # sum, ratio_of_sums, coverage
    comparison: str | None = None
    threshold: float | None = None


class Total(NamedTuple):
    level: str  # REGION or NATIONAL
    area: str  # region code, or NATIONAL
    metric: str
    year: str
    value: float | None
    numerator: float | None  # ratio metrics: the sums of numerators and denominators
    denominator: float | None
    reported: int
    expected: int
    met: int | None = None  # coverage metrics: systems meeting the standard in the year
    missing: tuple[str, ...] = ()
    not_meeting: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.reported == self.expected

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.level, self.area, self.metric, self.year)


def meets(comparison: str | None, value: float, threshold: float | None) -> bool:
    """A value meets a standard: `at_least` from below; `at_most` and `up_to` are ceilings
    ("up to 30%" is the most expected: any level up to it is the system's to choose)."""
    if threshold is None:
        return False
    return value <= threshold if comparison in CEILINGS else value >= threshold


def coverage_ambition(pack: Pack, metric_id: str) -> s.Ambition | None:
    """The every-system ambition a coverage metric counts against: the first the pack gives."""
    return next(
        (a for a in pack.ambitions if a.metric == metric_id and a.scope == "every_system"), None
    )


def metric_kinds(pack: Pack) -> dict[str, MetricKind]:
    kinds = {}
    for metric in pack.metric_by_id.values():
        ambition = coverage_ambition(pack, metric.id) if metric.rollup == "coverage" else None
        kinds[metric.id] = MetricKind(
            metric.rollup,
            ambition.comparison if ambition else None,
            ambition.value if ambition else None,
        )
    return kinds


def system_regions(pack: Pack) -> dict[str, str]:
    """Every system of the pack (2019 code) → its region code, in code order."""
    return {x.code: x.region for x in sorted(pack.geography.system, key=lambda x: x.code)}


Parts = tuple[float | None, float | None, float | None]


def _parts(trajectory: Trajectory | None, metric: s.Metric, year: str) -> Parts:
    """(value, numerator, denominator) of a trajectory in a year; a ratio from its parts."""
    if trajectory is None:
        return None, None, None
    if metric.rollup == "ratio_of_sums":
        num, den = trajectory.numerator.get(year), trajectory.denominator.get(year)
        if num is None or not den:  # a zero denominator is refused on reading
            return None, num, den
        return num / den, num, den
    return trajectory.values.get(year), None, None


def trajectories(plan: Plan | None) -> dict[str, Trajectory]:
    if plan is None:
        return {}
    return {t.metric: t for entry in plan.commitments for t in entry.trajectories}


def planned_value(plan: Plan, metric: s.Metric, year: str) -> float | None:
    """The plan's value of the metric in the year, as the roll-up reads it."""
    return _parts(trajectories(plan).get(metric.id), metric, year)[0]


def metric_rows(
    system: str, region: str, metric: s.Metric, years: list[str], trajectory: Trajectory | None
) -> list[Row]:
    """One system's rows of one metric, a row a year (`trajectory` None: it plans none)."""
    return [
        Row(system, region, metric.id, year, *_parts(trajectory, metric, year)) for year in years
    ]


def long_rows(pack: Pack, plans: Mapping[str, Plan]) -> list[Row]:
    """The long table for every system of the pack; `plans` maps 2019 system codes to plans."""
    years, rows = pack.plan_years, []
    for system, region in system_regions(pack).items():
        by_metric = trajectories(plans.get(system))
        for metric in pack.metric_by_id.values():
            rows.extend(metric_rows(system, region, metric, years, by_metric.get(metric.id)))
    return rows


def plans_by_system(pack: Pack, plans: Iterable[Plan]) -> dict[str, Plan]:
    """Plans keyed by their system's 2019 code (a plan may use a later code)."""
    return {pack.system_by_code[plan.system].code: plan for plan in plans}
