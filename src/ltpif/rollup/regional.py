"""A region's part of each national ambition, and the systems furthest from their fair share.

The national gap (gap.py) holds each system's fair share and contribution; a region's part is
read from it: the region's total by year against the sum of its systems' shares (and glide
paths), or, for every-system ambitions, how many of its systems meet the standard each year.
Rows are plain dicts like those of series.py, so pages draw them and offer them as CSV as is.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence

from ltpif.framework.kept import by_identity
from ltpif.framework.pack import Pack
from ltpif.rollup.gap import FURTHEST, AmbitionGap, Contribution, signed_gap
from ltpif.rollup.series import area_names
from ltpif.rollup.table import REGION, Total


def systems_of(pack: Pack, region: str) -> list[str]:
    return list(_systems_by_region(pack).get(region, ()))


@by_identity(4)
def _systems_by_region(pack: Pack) -> dict[str, tuple[str, ...]]:
    """Region → its systems' codes, sorted: a region's page asks it for every ambition."""
    found: dict[str, list[str]] = {}
    for system in sorted(pack.geography.system, key=lambda x: x.code):
        found.setdefault(system.region, []).append(system.code)
    return {region: tuple(codes) for region, codes in found.items()}


def _summed(values: list[float | None]) -> float | None:
    """The sum when every system has a value; a part of the region missing leaves it unknown."""
    given = [value for value in values if value is not None]
    return sum(given) if values and len(given) == len(values) else None


def _region_totals(totals: Sequence[Total], region: str, metric: str) -> dict[str, Total]:
    """Year → the region's total of the metric: a run of a roll-up's totals, which are sorted
    by key, found by halving (a region's page reads every ambition's from thousands of totals,
    made afresh after each save)."""
    prefix = (REGION, region, metric)  # shorter than a Total: before every total it starts
    found = {}
    at = bisect_left(totals, prefix)
    while at < len(totals) and totals[at][:3] == prefix:
        found[totals[at].year] = totals[at]
        at += 1
    return found


def region_trajectory_series(
    pack: Pack,
    totals: Sequence[Total],  # sorted by key, as a roll-up's are
    gap: AmbitionGap,
    region: str,
    asked: Collection[str] | None = None,
) -> list[dict]:
    """The region's plans against its part of the ambition by year (rows like
    trajectory_series): every plan year's, or only those `asked` (a summary reads one)."""
    members = systems_of(pack, region)
    years = pack.plan_years
    out = []
    if gap.ambition.scope == "every_system":
        for point in gap.years:
            if asked is not None and point.year not in asked:
                continue
            reporting = [code for code in members if code not in point.missing]
            short = [code for code in point.not_meeting if code in members]
            meeting = float(len(reporting) - len(short)) if reporting else None
            target = (
                float(len(members))
                if years.index(point.year) >= years.index(gap.due_year)
                else None
            )
            out.append(
                {
                    "ambition": gap.ambition.id,
                    "region": region,
                    "year": point.year,
                    "planned": meeting,
                    "target": target,
                    "glide": None,
                    "gap": None if meeting is None or target is None else meeting - target,
                    "reported": len(reporting),
                    "expected": len(members),
                    "missing": [c for c in members if c in point.missing],
                    "not_meeting": short,
                }
            )
        return out
    own = _region_totals(totals, region, gap.metric.id)
    shares = gap.shares.by_system() if gap.shares else {}
    mine = [shares.get(code) for code in members]
    share = _summed([s.share if s else None for s in mine]) if shares else None
    for year in years:
        if asked is not None and year not in asked:
            continue
        total = own.get(year)
        planned = total.value if total else None
        target = share if years.index(year) >= years.index(gap.due_year) else None
        glide = _summed([dict(s.glide).get(year) if s else None for s in mine]) if shares else None
        out.append(
            {
                "ambition": gap.ambition.id,
                "region": region,
                "year": year,
                "planned": planned,
                "target": target,
                "glide": glide,
                "gap": signed_gap(
                    gap.ambition.comparison, planned, target if target is not None else glide
                ),
                "reported": total.reported if total else 0,
                "expected": total.expected if total else len(members),
                "missing": list(total.missing) if total else members,
                "not_meeting": [],
            }
        )
    return out


def _contribution_rows(pack: Pack, gap: AmbitionGap, items: Iterable[Contribution]) -> list[dict]:
    names = area_names(pack)
    region_of = {x.code: x.region for x in pack.geography.system}
    return [
        {
            "ambition": gap.ambition.id,
            "year": gap.due_year,
            "system": c.area,
            "name": names.get(c.area, c.area),
            "region": region_of.get(c.area),
            "planned": c.planned,
            "share": c.share,
            "gap": c.gap,
            "relative_gap": c.relative_gap,
        }
        for c in items
    ]


def system_contribution_series(pack: Pack, gap: AmbitionGap, region: str) -> list[dict]:
    """Each of the region's systems: planned in the due year against its fair share."""
    members = set(systems_of(pack, region))
    return _contribution_rows(pack, gap, (c for c in gap.systems if c.area in members))


def system_share_series(pack: Pack, gap: AmbitionGap, region: str | None = None) -> list[dict]:
    """Every system (nationally, or in the region): planned in the due year against its fair
    share, by system name; `short` when its plan falls below its share."""
    members = set(systems_of(pack, region)) if region else None
    rows = _contribution_rows(
        pack, gap, (c for c in gap.systems if members is None or c.area in members)
    )
    for row in rows:
        row["short"] = row["gap"] is not None and row["gap"] < 0
    return sorted(rows, key=lambda r: (r["name"], r["system"]))


def furthest_series(pack: Pack, gap: AmbitionGap, region: str | None = None) -> list[dict]:
    """The systems furthest below their fair share (relative to it), nationally or in a region."""
    if region is None:
        return _contribution_rows(pack, gap, gap.furthest)
    members = set(systems_of(pack, region))
    short = [
        c
        for c in gap.systems
        if c.area in members and c.relative_gap is not None and c.relative_gap < 0
    ]
    short.sort(key=lambda c: (c.relative_gap, c.area))
    return _contribution_rows(pack, gap, short[:FURTHEST])
