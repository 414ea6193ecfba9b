"""ICS maturity across England: each system's level now and planned, by region, against the
pack's "mature by" date; the systems whose plan does not reach it.

The level that counts is the region's moderated one where it has moderated, the plan's
self-assessment elsewhere (plans.maturity). A system's level in a year is its lowest
characteristic's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ltpif.framework.pack import Pack
from ltpif.plans.maturity import Levels, lowest, moderated_levels, ranks


@dataclass(frozen=True)
class SystemInput:
    code: str
    name: str
    region: str  # the region's name
    levels: Levels  # self-assessed: characteristic → {year: level}
    moderations: Mapping[tuple[str, str], str]  # (characteristic, year) → moderated level


@dataclass(frozen=True)
class SystemMaturity:
    code: str
    name: str
    region: str
    now: str | None  # the level that counts this year (None: not assessed)
    now_moderated: bool  # every characteristic moderated for this year
    planned: str | None  # the level that counts in the year the mature level is due
    planned_moderated: bool
    reaches: bool  # planned at or above the mature level


@dataclass(frozen=True)
class RegionMaturity:
    region: str
    systems: int
    mature_now: int
    mature_planned: int
    not_reaching: tuple[str, ...]  # names of the systems whose plan does not reach it


@dataclass(frozen=True)
class MaturityRollup:
    now_year: str
    due_year: str
    mature_level: str
    mature_by: dt.date
    systems: tuple[SystemMaturity, ...]  # by region, then name
    regions: tuple[RegionMaturity, ...]  # by name

    @property
    def not_reaching(self) -> tuple[SystemMaturity, ...]:
        return tuple(s for s in self.systems if not s.reaches)


def now_year(pack: Pack, today: dt.date) -> str:
    """Today's plan year, held to the plan period."""
    years = pack.plan_years
    year = pack.year_calendar.year_of(today)
    if year < years[0]:
        return years[0]
    return min(year, years[-1])


def _all_moderated(pack: Pack, moderations: Mapping[tuple[str, str], str], year: str) -> bool:
    return all((c.id, year) in moderations for c in pack.maturity.characteristic)


def rollup_maturity(pack: Pack, systems: Sequence[SystemInput], today: dt.date) -> MaturityRollup:
    rank = ranks(pack)
    mature = pack.maturity.mature_level
    year, due = now_year(pack, today), pack.due_year(pack.maturity.mature_by)
    rows = []
    for system in systems:
        counted = moderated_levels(system.levels, system.moderations)
        planned = lowest(pack, counted, due)
        rows.append(
            SystemMaturity(
                code=system.code,
                name=system.name,
                region=system.region,
                now=lowest(pack, counted, year),
                now_moderated=_all_moderated(pack, system.moderations, year),
                planned=planned,
                planned_moderated=_all_moderated(pack, system.moderations, due),
                reaches=planned is not None and rank[planned] >= rank[mature],
            )
        )
    rows.sort(key=lambda r: (r.region, r.name))

    def is_mature(level: str | None) -> bool:
        return level is not None and rank[level] >= rank[mature]

    regions = []
    for region in sorted({r.region for r in rows}):
        mine = [r for r in rows if r.region == region]
        regions.append(
            RegionMaturity(
                region=region,
                systems=len(mine),
                mature_now=sum(is_mature(r.now) for r in mine),
                mature_planned=sum(is_mature(r.planned) for r in mine),
                not_reaching=tuple(r.name for r in mine if not r.reaches),
            )
        )
    return MaturityRollup(
        now_year=year,
        due_year=due,
        mature_level=mature,
        mature_by=pack.maturity.mature_by,
        systems=tuple(rows),
        regions=tuple(regions),
    )
