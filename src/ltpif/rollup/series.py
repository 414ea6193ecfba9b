"""Chart and table data as plain lists of dicts: what web pages, charts and open data read.

Every number a chart draws is in these rows, so every chart's data can be downloaded as is.
"""

from __future__ import annotations

from collections.abc import Iterable

from ltpif.framework.pack import Pack
from ltpif.rollup.fairshare import FairShares, SystemShare
from ltpif.rollup.gap import AmbitionGap
from ltpif.rollup.milestones import MilestoneCoverage
from ltpif.rollup.table import NATIONAL, Row, Total


def area_names(pack: Pack) -> dict[str, str]:
    """Every system and region code, and NATIONAL, to its name."""
    names = {x.code: x.name for x in pack.geography.system}
    names.update({r.code: r.name for r in pack.geography.region})
    level = next((lv for lv in pack.geography.level if lv.parent is None), None)
    names[NATIONAL] = level.name if level else NATIONAL
    return names


def trajectory_series(gap: AmbitionGap) -> list[dict]:
    """Plans against the ambition by year: planned, target, glide path and gap."""
    return [
        {
            "ambition": gap.ambition.id,
            "year": year.year,
            "planned": year.planned,
            "target": year.target,
            "glide": year.glide,
            "gap": year.gap,
            "reported": year.reported,
            "expected": year.expected,
            "complete": year.complete,
            "missing": list(year.missing),
            "not_meeting": list(year.not_meeting),
        }
        for year in gap.years
    ]


def contribution_series(pack: Pack, gap: AmbitionGap) -> list[dict]:
    """Each region's and system's planned value in the due year against its fair share."""
    names = area_names(pack)
    levels = (("region", gap.regions), ("system", gap.systems))
    return [
        {
            "ambition": gap.ambition.id,
            "year": gap.due_year,
            "level": level,
            "area": item.area,
            "name": names.get(item.area, item.area),
            "planned": item.planned,
            "share": item.share,
            "gap": item.gap,
        }
        for level, items in levels
        for item in items
    ]


def _share(shares: FairShares, share: SystemShare) -> dict:
    """The columns every table of shares starts with."""
    return {
        "ambition": shares.ambition.id,
        "basis": shares.basis,
        "system": share.system,
        "weight": share.weight,
        "quota": share.quota,
        "share": share.share,
    }


def fair_share_series(gap: AmbitionGap) -> list[dict]:
    """Each system's share, and its glide path and planned value by year when there is one."""
    if gap.shares is None:
        return []
    shares = gap.shares
    out = []
    for share in shares.shares:
        glide = dict(share.glide)
        for year in glide or [shares.due_year]:
            out.append(
                {
                    **_share(shares, share),
                    "year": year,
                    "glide": glide.get(year),
                    "planned": share.planned if year == shares.due_year else None,
                }
            )
    return out


def share_rows(shares: FairShares) -> list[dict]:
    """One row per system: weight, exact quota, share, plan values and glide path by year."""
    return [
        {
            **_share(shares, share),
            "baseline": share.baseline,
            "planned": share.planned,
            "distance": share.distance,
            **{f"glide {year}": target for year, target in share.glide},
        }
        for share in shares.shares
    ]


def total_series(pack: Pack, totals: Iterable[Total]) -> list[dict]:
    names = area_names(pack)
    return [
        {
            "level": t.level,
            "area": t.area,
            "name": names.get(t.area, t.area),
            "metric": t.metric,
            "year": t.year,
            "value": t.value,
            "numerator": t.numerator,
            "denominator": t.denominator,
            "reported": t.reported,
            "expected": t.expected,
            "complete": t.complete,
            "missing": list(t.missing),
            "met": t.met,
            "not_meeting": list(t.not_meeting),
        }
        for t in totals
    ]


def row_series(pack: Pack, rows: Iterable[Row]) -> list[dict]:
    names = area_names(pack)
    return [
        {
            "system": r.system,
            "name": names.get(r.system, r.system),
            "region": r.region,
            "metric": r.metric,
            "year": r.year,
            "value": r.value,
            "numerator": r.numerator,
            "denominator": r.denominator,
        }
        for r in rows
    ]


def milestone_series(coverage: Iterable[MilestoneCoverage]) -> list[dict]:
    return [
        {
            "milestone": c.milestone.id,
            "description": c.milestone.description,
            "due": c.due.isoformat(),
            "on_time": len(c.on_time),
            "late": list(c.late),
            "absent": list(c.absent),
            "no_plan": list(c.no_plan),
        }
        for c in coverage
    ]
