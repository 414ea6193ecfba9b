"""The reference roll-up made again from the last one, after a few plans changed.

A system's rows of a metric depend only on the pack and the plan's trajectory of it; a
metric's totals only on every system's rows of it; an ambition's gap only on the rows and
totals of its metrics. So a plan that is the very same document keeps its rows (documents
are immutable), a trajectory that is the very same object (a save keeps every entry but the
one edited) or written out the same to the last bit (its repr) keeps its rows,
and a metric's totals and an ambition's gap are kept while the rows they were made from are
the same objects. Only what a changed trajectory touches is computed again, by the reference
functions, adding in the same order: the result is that of `reference.rollup` over
`long_rows` and of `ambition_gaps` (tested to the bit).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ltpif.framework.pack import Pack
from ltpif.plans.document import Plan, Trajectory
from ltpif.rollup import reference
from ltpif.rollup.gap import AmbitionGap, ambition_gap
from ltpif.rollup.table import (
    MetricKind,
    Row,
    Total,
    metric_kinds,
    metric_rows,
    system_regions,
    trajectories,
)


@dataclass(frozen=True, eq=False)
class SystemPart:
    plan: Plan | None  # compared by identity
    rows: Mapping[str, tuple[str, list[Row]]]  # by metric: the trajectory's repr, its rows
    made_of: Mapping[str, Trajectory]  # by metric: the trajectory, compared by identity


@dataclass(frozen=True, eq=False)
class MetricPart:
    rows: tuple[list[Row], ...]  # every system's, in code order, compared by identity
    totals: list[Total]  # every region's, then the nation's


@dataclass(frozen=True, eq=False)
class Parts:
    """What a roll-up was made of, kept to make the next one. `gaps` (by the ambition's place
    in the pack, with the metric parts each was made from) is filled when they are asked for;
    `spans` says where each system's rows are in `rows`."""

    pack: Pack
    systems: Mapping[str, SystemPart]
    metrics: Mapping[str, MetricPart]
    gaps: dict[int, tuple[tuple[MetricPart, ...], AmbitionGap]]
    rows: list[Row]
    spans: Mapping[str, tuple[int, int]]
    totals: list[Total]


def _same(old: Sequence[object], new: Sequence[object]) -> bool:
    return len(old) == len(new) and all(a is b for a, b in zip(old, new, strict=True))


def _system(
    pack: Pack, system: str, region: str, plan: Plan | None, kept: SystemPart | None
) -> SystemPart:
    if kept is not None and kept.plan is plan:
        return kept
    by_metric, years, rows = trajectories(plan), pack.plan_years, {}
    for metric in pack.metric_by_id.values():
        trajectory = by_metric.get(metric.id)
        old = kept.rows.get(metric.id) if kept is not None else None
        if old is None or kept is None or kept.made_of.get(metric.id) is not trajectory:
            written = repr(trajectory)  # every value to the bit, -0.0 apart from 0.0
            if old is None or old[0] != written:
                old = (written, metric_rows(system, region, metric, years, trajectory))
        rows[metric.id] = old
    return SystemPart(plan, rows, by_metric)


def _metric(
    rows: tuple[list[Row], ...], kinds: Mapping[str, MetricKind], kept: MetricPart | None
) -> MetricPart:
    if kept is not None and _same(kept.rows, rows):
        return kept
    regions = reference.region_totals([row for part in rows for row in part], kinds)
    return MetricPart(rows, regions + reference.national_totals(regions, kinds))


def rollup(
    pack: Pack, plans: Mapping[str, Plan], kept: Parts | None
) -> tuple[list[Row], list[Total], Parts]:
    """The long table and the reference totals of `plans` (by 2019 code), reusing what `kept`
    (the parts of an earlier roll-up) still holds; with the parts of this one."""
    kept = kept if kept is not None and kept.pack is pack else None
    kinds = metric_kinds(pack)
    codes = system_regions(pack)
    old_systems = kept.systems if kept is not None else {}
    systems = {
        code: _system(pack, code, region, plans.get(code), old_systems.get(code))
        for code, region in codes.items()
    }
    old_metrics = kept.metrics if kept is not None else {}
    # a metric none of whose systems' rows changed keeps its part (its rows are the same objects)
    touched = (
        {
            metric
            for code, part in systems.items()
            if part is not old_systems[code]
            for metric, (_, mine) in part.rows.items()
            if old_systems[code].rows.get(metric, (None, None))[1] is not mine
        }
        if kept is not None and old_systems.keys() == systems.keys()
        else None
    )
    metrics = {
        metric: old_metrics[metric]
        if touched is not None and metric not in touched and metric in old_metrics
        else _metric(
            tuple(part.rows[metric][1] for part in systems.values()),
            kinds,
            old_metrics.get(metric),
        )
        for metric in pack.metric_by_id
    }
    rows, spans = _long(systems, kept)
    parts = Parts(pack, systems, metrics, {}, rows, spans, _totals(metrics, kept))
    if kept is not None:
        parts.gaps.update(
            (k, gap) for k, gap in kept.gaps.items() if _same(gap[0], _inputs(parts, k))
        )
    return rows, parts.totals, parts


def _long(
    systems: Mapping[str, SystemPart], kept: Parts | None
) -> tuple[list[Row], dict[str, tuple[int, int]]]:
    """Every system's rows in code order, and where each system's are: a kept system's copied
    from the last long table (one slice), only a changed one's gathered again."""
    rows: list[Row] = []
    spans = {}
    for code, part in systems.items():
        start = len(rows)
        if kept is not None and kept.systems.get(code) is part:
            was = kept.spans[code]
            rows += kept.rows[was[0] : was[1]]
        else:
            rows += [row for _, mine in part.rows.values() for row in mine]
        spans[code] = (start, len(rows))
    return rows, spans


def _totals(metrics: Mapping[str, MetricPart], kept: Parts | None) -> list[Total]:
    """Every metric's totals sorted by key: the last ones but a changed metric's, then that
    metric's new ones, sorted again (a sorted run and a short tail: a merge, not a full sort).
    No two totals share a key, so the order is the same as a sort of them all."""
    if kept is None or kept.metrics.keys() != metrics.keys():
        return sorted(total for part in metrics.values() for total in part.totals)
    changed = {metric for metric, part in metrics.items() if kept.metrics[metric] is not part}
    totals = [total for total in kept.totals if total.metric not in changed]
    totals += [total for metric in changed for total in metrics[metric].totals]
    totals.sort()
    return totals


def _inputs(parts: Parts, k: int) -> tuple[MetricPart, ...]:
    """The parts of the ambition's metric, then of its fair-share metric when another."""
    ambition = parts.pack.ambitions[k]
    basis = ambition.fair_share_metric
    own = parts.metrics[ambition.metric]
    return (own, parts.metrics[basis]) if basis and basis != ambition.metric else (own,)


def gaps(parts: Parts) -> list[AmbitionGap]:
    """Every ambition's gap, in pack order, as `ambition_gaps` gives it from the same roll-up."""
    out = []
    for k, ambition in enumerate(parts.pack.ambitions):
        inputs = _inputs(parts, k)
        kept = parts.gaps.get(k)
        if kept is None or not _same(kept[0], inputs):
            rows = [row for metric in inputs for part in metric.rows for row in part]
            kept = inputs, ambition_gap(parts.pack, ambition, rows, inputs[0].totals)
            parts.gaps[k] = kept
        out.append(kept[1])
    return out
