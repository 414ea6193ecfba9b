"""The reference roll-up made again from the last one, after a few plans changed.

A system's rows depend only on the pack and its plan, and a region's totals only on its
systems' rows, so a system's rows are kept while its plan is the very same document (plan
documents are immutable) and a region's totals while all its systems' rows are kept; only the
changed systems and regions are computed again. The totals are those of `reference.rollup`
over `long_rows`, added in the same order: regions in the order their first system comes, and
the nation from them in that order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ltpif.framework.pack import Pack
from ltpif.plans.document import Plan
from ltpif.rollup import reference
from ltpif.rollup.table import MetricKind, Row, Total, system_regions, system_rows


@dataclass(frozen=True)
class SystemPart:
    plan: Plan | None  # compared by identity: the same document gives the same rows
    rows: list[Row]


@dataclass(frozen=True)
class RegionPart:
    systems: tuple[SystemPart, ...]  # in code order, compared by identity
    totals: list[Total]


@dataclass(frozen=True)
class Parts:
    """What a roll-up was made of, kept to make the next one."""

    pack: Pack
    systems: Mapping[str, SystemPart]
    regions: Mapping[str, RegionPart]


def _system(
    pack: Pack, system: str, region: str, plan: Plan | None, kept: Parts | None
) -> SystemPart:
    old = kept.systems.get(system) if kept else None
    if old is not None and old.plan is plan:
        return old
    return SystemPart(plan, system_rows(pack, system, region, plan))


def _same(old: tuple[SystemPart, ...], new: tuple[SystemPart, ...]) -> bool:
    return len(old) == len(new) and all(a is b for a, b in zip(old, new, strict=True))


def _region(
    systems: tuple[SystemPart, ...], kinds: Mapping[str, MetricKind], kept: RegionPart | None
) -> RegionPart:
    if kept is not None and _same(kept.systems, systems):
        return kept
    rows = [row for part in systems for row in part.rows]
    return RegionPart(systems, reference.region_totals(rows, kinds))


def rollup(
    pack: Pack, plans: Mapping[str, Plan], kinds: Mapping[str, MetricKind], kept: Parts | None
) -> tuple[list[Row], list[Total], Parts]:
    """The long table and the reference totals of `plans` (by 2019 code), reusing what `kept`
    (the parts of an earlier roll-up) still holds; with the parts of this one."""
    kept = kept if kept is not None and kept.pack is pack else None
    codes = system_regions(pack)
    systems = {s: _system(pack, s, region, plans.get(s), kept) for s, region in codes.items()}
    in_region: dict[str, list[SystemPart]] = defaultdict(list)  # regions in first-system order
    for code, region in codes.items():
        in_region[region].append(systems[code])
    regions = {
        region: _region(tuple(parts), kinds, kept.regions.get(region) if kept else None)
        for region, parts in in_region.items()
    }
    rows = [row for part in systems.values() for row in part.rows]
    by_region = [total for part in regions.values() for total in part.totals]
    totals = sorted(by_region + reference.national_totals(by_region, kinds))
    return rows, totals, Parts(pack, systems, regions)
