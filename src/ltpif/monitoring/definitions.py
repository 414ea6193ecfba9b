"""What ltpif monitors: the pack's metrics and the publications' own, with their time basis.

The monitoring-only metrics and the national code live in `metrics.toml` beside this module,
parsed and checked like a pack file; the pack's metrics keep their pack definitions and only
gain a time basis here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import tomli

from ltpif.framework import schema as s
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem, key_path
from ltpif.framework.typed import Invalid, Range, parse, record

DEFINITIONS_FILE = Path(__file__).with_name("metrics.toml")
TimeBasis = Literal["stock", "flow"]


@record
class National(s.Cited):
    code: str
    name: str


@record
class MonitoringMetric(s.Metric):
    time_basis: TimeBasis
    target: float | None = None
    target_source: s.Source | None = None


@record
class PackMetricBasis(s.Strict):
    id: s.Id
    time_basis: TimeBasis
    note: str = ""


@record
class RttWeeks(s.Cited):
    long_wait_weeks: Annotated[int, Range(ge=1)]
    within_weeks: Annotated[int, Range(ge=1)]


@record
class DefinitionsFile(s.Strict):
    national: National
    rtt: RttWeeks
    publication: list[s.Publication] = field(default_factory=list)
    metric: list[MonitoringMetric] = field(default_factory=list)
    pack_metric: list[PackMetricBasis] = field(default_factory=list)


@dataclass(frozen=True)
class MonitoredMetric:
    """A metric as monitoring needs it, whichever file defines it."""

    id: str
    name: str
    unit: str
    polarity: str  # higher_is_better, lower_is_better or neutral
    rollup: str  # sum or ratio_of_sums
    time_basis: TimeBasis
    origin: Literal["pack", "monitoring"]
    target: float | None = None  # a standard of the metric itself (monitoring metrics only)

    @property
    def is_ratio(self) -> bool:
        return self.rollup == "ratio_of_sums"


@dataclass(frozen=True)
class Catalogue:
    national_code: str
    national_name: str
    metrics: dict[str, MonitoredMetric]
    rtt: RttWeeks


def read_definitions(path: Path = DEFINITIONS_FILE) -> DefinitionsFile:
    try:
        return parse(DefinitionsFile, tomli.loads(path.read_text(encoding="utf-8")))
    except tomli.TOMLDecodeError as exc:
        raise InputError([Problem(path.name, None, "", f"not valid TOML: {exc}")]) from exc
    except Invalid as exc:
        raise InputError(
            [Problem(path.name, None, key_path(loc), m) for loc, m in exc.errors]
        ) from exc


def build_catalogue(pack: Pack, definitions: DefinitionsFile) -> Catalogue:
    """Pack metrics (time basis from the definitions, else stock) and monitoring metrics."""
    bases = {entry.id: entry.time_basis for entry in definitions.pack_metric}
    problems = [
        Problem(DEFINITIONS_FILE.name, None, f"pack_metric.{m}", "not a metric of the pack")
        for m in bases
        if m not in pack.metric_by_id
    ] + [
        Problem(DEFINITIONS_FILE.name, None, f"metric.{m.id}", "the pack already defines it")
        for m in definitions.metric
        if m.id in pack.metric_by_id
    ]
    if problems:
        raise InputError(problems)
    metrics = {
        m.id: MonitoredMetric(
            m.id, m.name, m.unit, m.polarity, m.rollup, bases.get(m.id, "stock"), "pack"
        )
        for m in pack.metric_by_id.values()
    }
    for m in definitions.metric:
        metrics[m.id] = MonitoredMetric(
            m.id, m.name, m.unit, m.polarity, m.rollup, m.time_basis, "monitoring", m.target
        )
    national = definitions.national
    return Catalogue(national.code, national.name, metrics, definitions.rtt)


@lru_cache(maxsize=1)
def _definitions() -> DefinitionsFile:
    return read_definitions()


def catalogue_for(pack: Pack) -> Catalogue:
    return build_catalogue(pack, _definitions())


def target_for(pack: Pack, metric: MonitoredMetric, level: str) -> float | None:
    """The fixed target a chart is assured against: the metric's own standard, else the pack's.

    For a system, the pack's every-system ambition; for the nation, its national-total
    ambition, or an every-system ambition that holds nationally too (a share, or zero).
    When a metric has several, the one due last.
    """
    if metric.target is not None:
        return metric.target
    calendar = pack.year_calendar
    ambitions = sorted(
        (a for a in pack.ambitions if a.metric == metric.id),
        key=lambda a: calendar.end_of(a.by),
    )
    for ambition in reversed(ambitions):
        if ambition.scope == "every_system" and (
            level == "system" or metric.unit == "proportion" or ambition.value == 0
        ):
            return ambition.value
        if ambition.scope == "national_total" and level == "national":
            return ambition.value
    return None
