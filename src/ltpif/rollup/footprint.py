"""Plan roll-ups by the footprint of each plan year (ltpif's method; the seeds give no split
of a plan by organisation).

A plan belongs to one system. When an approved footprint change takes organisations from a
sending system to a receiving one, the part of the sending system's planned values those
organisations carry counts with the receiving system from the first plan year that starts on
or after the change's date (`geography.versions.systems_on`, the rule monitoring applies to
periods of actuals); the years before stay whole with the sending system.

- The part is the organisations' weight over the sending system's weight, in the weight the
  framework shares national ambitions by (`framework.fairshare`: the pack's need-weighted
  population of the system, and the same allocation file's need-weighted population of each
  CCG in it). An organisation without a weight (a trust, an authority) moves no planned value.
- Counts move by the part; a ratio's numerator and denominator move by it together, so a
  ratio moves with its denominator. Coverage metrics (systems meeting a standard) do not move:
  a system meets it or not, and a plan has no figure per organisation.
- A national total never changes; a region's total changes only when the receiving system
  is in another region. A sending system with no value in a year moves nothing that year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from ltpif.framework.periods import Calendar
from ltpif.geography.versions import Move, systems_on
from ltpif.rollup.gap import AmbitionGap, Contribution, signed_gap
from ltpif.rollup.run import Rollup
from ltpif.rollup.table import REGION, Row, Total

MOVING_KINDS = ("sum", "ratio_of_sums")


@dataclass(frozen=True)
class PlanMove:
    """`share` of `from_system`'s planned values counts with `to_system` in `year`."""

    year: str
    from_system: str
    to_system: str
    share: float


def plan_moves(
    moves: Iterable[Move],
    weights: Mapping[str, float],
    system_weights: Mapping[str, float],
    years: Sequence[str],
    calendar: Calendar,
) -> list[PlanMove]:
    """Each plan year's parts moved, from the approved moves: an organisation is in the system
    `systems_on` gives on the year's first day, starting from the system its first move left;
    its part is `weights[organisation] / system_weights[that system]`. Parts of one sending and
    one receiving system in a year add up."""
    by_org: dict[str, list[Move]] = defaultdict(list)
    for move in moves:
        by_org[move.organisation].append(move)
    parts: dict[tuple[str, str, str], float] = defaultdict(float)
    for organisation, mine in sorted(by_org.items()):
        weight = weights.get(organisation)
        home = min(mine, key=lambda m: m.effective).from_system
        whole = system_weights.get(home)
        if not weight or not whole:
            continue
        for year in years:
            now = systems_on({home}, mine, organisation, calendar.first_day(year))
            if len(now) == 1 and home not in now:
                parts[(year, home, next(iter(now)))] += weight / whole
    return [PlanMove(*key, share) for key, share in sorted(parts.items())]


def unweighted(moves: Iterable[Move], weights: Mapping[str, float]) -> list[str]:
    """The moving organisations that carry no weight, so move no planned value."""
    return sorted({m.organisation for m in moves if not weights.get(m.organisation)})


def _shifted(total: Total, part: float, row: Row, ratio: bool) -> Total:
    """`total` with `part` of a system's row added (negative: taken away); a ratio moves its
    numerator and denominator, and its value is theirs."""
    if ratio:
        assert row.numerator is not None and row.denominator is not None
        num = (total.numerator or 0.0) + part * row.numerator
        den = (total.denominator or 0.0) + part * row.denominator
        return total._replace(value=num / den if den else None, numerator=num, denominator=den)
    assert row.value is not None
    return total._replace(value=(total.value or 0.0) + part * row.value)


def moved_totals(
    totals: Sequence[Total],
    rows: Iterable[Row],
    moves: Sequence[PlanMove],
    regions: Mapping[str, str],
    kinds: Mapping[str, str],
) -> list[Total]:
    """The totals with each move's part of the sending system's planned value taken from its
    region's total and added to the receiving system's region's (`regions`: system → region;
    `kinds`: metric → how it rolls up). A move within one region changes nothing."""
    across = [m for m in moves if regions[m.from_system] != regions[m.to_system]]
    if not across:
        return list(totals)
    senders = {(m.from_system, m.year) for m in across}
    planned = {
        (r.system, r.metric, r.year): r
        for r in rows
        if (r.system, r.year) in senders and kinds.get(r.metric) in MOVING_KINDS
    }
    index = {t.key: i for i, t in enumerate(totals)}
    out = list(totals)
    for move in across:
        for (system, metric, year), row in sorted(planned.items()):
            if system != move.from_system or year != move.year:
                continue
            ratio = kinds[metric] == "ratio_of_sums"
            if ratio and (row.numerator is None or row.denominator is None):
                continue
            if not ratio and row.value is None:
                continue
            for region, sign in ((regions[move.from_system], -1), (regions[move.to_system], 1)):
                i = index.get((REGION, region, metric, year))
                if i is not None:
                    out[i] = _shifted(out[i], sign * move.share, row, ratio)
    return out


def moved_gaps(gaps: Sequence[AmbitionGap], totals: Iterable[Total]) -> list[AmbitionGap]:
    """The gaps with each region's planned value in the due year read from `totals` (moved);
    national figures and fair shares are as they were."""
    keyed = {t.key: t for t in totals}
    out = []
    for gap in gaps:
        if not gap.regions:
            out.append(gap)
            continue
        regions = []
        for c in gap.regions:
            total = keyed.get((REGION, c.area, gap.metric.id, gap.due_year))
            planned = total.value if total else None
            comparison = gap.ambition.comparison
            regions.append(
                Contribution(c.area, planned, c.share, signed_gap(comparison, planned, c.share))
            )
        out.append(replace(gap, regions=tuple(regions)))
    return out


@dataclass(frozen=True)
class ByFootprint(Rollup):
    """A roll-up whose region totals (and the regions' parts of each ambition) follow the
    footprint of each plan year; its system rows, national totals and fair shares are the
    roll-up's own."""

    unmoved: Rollup | None = field(default=None, repr=False, compare=False)

    @cached_property
    def gaps(self) -> list[AmbitionGap]:
        assert self.unmoved is not None
        return moved_gaps(self.unmoved.gaps, self.totals)


def by_footprint(
    rollup: Rollup,
    moves: Sequence[PlanMove],
    regions: Mapping[str, str],
    kinds: Mapping[str, str],
) -> Rollup:
    """`rollup` by the footprint of each plan year (itself when no move crosses a region)."""
    totals = moved_totals(rollup.totals, rollup.rows, moves, regions, kinds)
    if all(a is b for a, b in zip(totals, rollup.totals, strict=True)):
        return rollup
    return ByFootprint(rollup.pack, rollup.plans, rollup.rows, totals, None, rollup)
