"""A plan's ICS maturity, read per characteristic of a mature ICS.

A plan assesses each characteristic (pack maturity.toml) a level a year. A plan written before
that (one level a year for the whole system) is read as giving that level to every
characteristic, so old plans and new ones answer the same questions. The system's level in a
year is its lowest characteristic's: a system is mature when every characteristic is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from itertools import pairwise

from ltpif.framework.pack import Pack
from ltpif.framework.problems import quoted
from ltpif.framework.toml_lines import Path as KeyPath
from ltpif.plans.document import Plan

# characteristic id → {year: level id}
Levels = dict[str, dict[str, str]]


def ranks(pack: Pack) -> dict[str, int]:
    return {level.id: level.rank for level in pack.maturity.level}


def level_names(pack: Pack) -> dict[str, str]:
    return {level.id: level.name for level in pack.maturity.level}


def characteristic_levels(pack: Pack, plan: Plan) -> Levels:
    """Each characteristic's self-assessed level by year (the whole-system level where the plan
    gives no characteristic of its own)."""
    given = {entry.characteristic: dict(entry.levels) for entry in plan.maturity.characteristics}
    if given:
        return {c.id: given.get(c.id, {}) for c in pack.maturity.characteristic}
    overall = dict(plan.maturity.self_assessment)
    return {c.id: dict(overall) for c in pack.maturity.characteristic}


def lowest(pack: Pack, levels: Mapping[str, Mapping[str, str]], year: str) -> str | None:
    """The system's level in `year`: its lowest characteristic's; None if one is not assessed
    (or not at a level of the pack: validation names it)."""
    rank = ranks(pack)
    found = [by_year.get(year) for by_year in levels.values()]
    known = [level for level in found if level in rank]
    if not found or len(known) < len(found):
        return None
    return min(known, key=lambda level: rank[level])


def system_levels(pack: Pack, plan: Plan) -> dict[str, str]:
    """The system's self-assessed level each plan year it has one."""
    levels = characteristic_levels(pack, plan)
    by_year = {year: lowest(pack, levels, year) for year in pack.plan_years}
    return {year: level for year, level in by_year.items() if level is not None}


def rises_without_evidence(
    pack: Pack, levels: Mapping[str, str], evidence: Mapping[str, str]
) -> list[str]:
    """The years in which a characteristic's level rises above the year before's, with no
    evidence for that year."""
    rank = ranks(pack)
    years = [year for year in pack.plan_years if year in levels]
    return [
        year
        for before, year in pairwise(years)
        if levels[year] in rank
        and levels[before] in rank
        and rank[levels[year]] > rank[levels[before]]
        and not evidence.get(year, "").strip()
    ]


def validate_maturity(pack: Pack, plan: Plan, report: Callable[[KeyPath, str], None]) -> None:
    """Unknown characteristics or levels, a characteristic given twice, years outside the pack,
    a rise in level without the year's evidence."""
    rank = ranks(pack)
    names = ", ".join(sorted(rank))
    known = {c.id for c in pack.maturity.characteristic}
    seen: set[str] = set()
    for index, entry in enumerate(plan.maturity.characteristics):
        at: KeyPath = ("maturity", "characteristics", index)
        if entry.characteristic not in known:
            report(
                (*at, "characteristic"),
                f"{quoted(entry.characteristic)} is not a characteristic of a mature ICS in "
                f"the pack",
            )
        elif entry.characteristic in seen:
            report((*at, "characteristic"), f"{quoted(entry.characteristic)} is given twice")
        seen.add(entry.characteristic)
        for part in ("levels", "evidence"):
            for year in getattr(entry, part):
                if year not in pack.plan_years:
                    first, last = pack.plan_years[0], pack.plan_years[-1]
                    report(
                        (*at, part, year), f"{year} is outside the pack's years ({first}–{last})"
                    )
        for year, level in entry.levels.items():
            if level not in rank:
                report((*at, "levels", year), f"unknown level {quoted(level)} ({names})")
        for year in rises_without_evidence(pack, entry.levels, entry.evidence):
            report(
                (*at, "evidence", year),
                f"the level rises in {year}: give the evidence for {year}",
            )


def moderated_levels(
    levels: Mapping[str, Mapping[str, str]], moderations: Mapping[tuple[str, str], str]
) -> Levels:
    """The levels that count: the region's moderated level (characteristic, year) where it has
    moderated, the self-assessment elsewhere."""
    out: Levels = {}
    for characteristic, by_year in levels.items():
        row = dict(by_year)
        for (moderated, year), level in moderations.items():
            if moderated == characteristic:
                row[year] = level
        out[characteristic] = row
    return out


def counted_level(
    pack: Pack,
    levels: Mapping[str, Mapping[str, str]],
    moderations: Mapping[tuple[str, str], str],
    year: str,
) -> str | None:
    """The level that earns freedoms in `year`: the system's level once the region has
    moderated every characteristic for that year; None before."""
    if any((c.id, year) not in moderations for c in pack.maturity.characteristic):
        return None
    return lowest(pack, moderated_levels(levels, moderations), year)


def freedoms_at(pack: Pack, level: str | None) -> list[str]:
    """The ids of the freedoms a system at `level` has earned (none without a level)."""
    if level is None:
        return []
    rank = ranks(pack)
    return [f.id for f in pack.maturity.freedom if rank[level] >= rank[f.earned_from]]


def waived_rules(pack: Pack, level: str | None) -> frozenset[str]:
    """Rules a system at `level` need not answer (fewer data requests)."""
    earned = set(freedoms_at(pack, level))
    return frozenset(r for f in pack.maturity.freedom if f.id in earned for r in f.waives_rules)


def waived_review_areas(pack: Pack, level: str | None) -> frozenset[str]:
    """Review areas the region no longer judges for a system at `level` (its growing assurance
    role)."""
    earned = set(freedoms_at(pack, level))
    return frozenset(
        a for f in pack.maturity.freedom if f.id in earned for a in f.waives_review_areas
    )


def devolves_budgets(pack: Pack, level: str | None) -> bool:
    """Whether a system at `level` has its transformation budgets devolved as blocks."""
    earned = set(freedoms_at(pack, level))
    return any(f.devolves_budgets for f in pack.maturity.freedom if f.id in earned)


def keep_characteristics(current: Plan, imported: Plan) -> Plan:
    """A plan read back from a workbook, which holds the system's level a year but not each
    characteristic's: the current per-characteristic assessment is kept when the workbook
    left those levels as they were; when it changed them, its levels stand for every
    characteristic (as in a plan written before characteristics)."""
    if imported.maturity.characteristics or not current.maturity.characteristics:
        return imported
    if imported.maturity.self_assessment != current.maturity.self_assessment:
        return imported
    kept = dataclasses.replace(imported.maturity, characteristics=current.maturity.characteristics)
    return dataclasses.replace(imported, maturity=kept)
