"""The ambition gap: do the plans together reach each national ambition, year by year?

A national-total ambition compares the national total of its metric with the ambition from
the year it falls due (before that, with a straight glide path from the national baseline);
each region and system contributes its planned value, set against its fair share. An
every-system ambition counts the systems meeting the standard each year against all systems.

Gaps are signed so that a surplus is positive and a shortfall negative, whichever way the
ambition points (`at_most` ambitions count a value below the target as surplus).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ltpif.framework import schema as s
from ltpif.framework.fairshare import BasisError
from ltpif.framework.pack import Pack
from ltpif.rollup.fairshare import FairShares, fair_shares, glide_path
from ltpif.rollup.table import NATIONAL, REGION, Row, Total, meets

FURTHEST = 5  # systems listed as furthest from their fair share


@dataclass(frozen=True)
class GapYear:
    year: str
    planned: float | None  # national total; for every-system ambitions, systems meeting it
    target: float | None  # the ambition from its due year on; None before
    glide: float | None  # national-total ambitions: the straight path from the baseline
    gap: float | None  # planned against target (or glide before the due year): + is surplus
    reported: int
    expected: int
    missing: tuple[str, ...] = ()
    not_meeting: tuple[str, ...] = ()  # every-system ambitions: reporting systems short of it

    @property
    def complete(self) -> bool:
        return self.reported == self.expected


@dataclass(frozen=True)
class Contribution:
    """A region's or system's planned value in the due year, against its fair share."""

    area: str
    planned: float | None
    share: float | None
    gap: float | None  # planned against share: + is surplus

    @property
    def relative_gap(self) -> float | None:
        if self.gap is None or not self.share:
            return None
        return self.gap / abs(self.share)


@dataclass(frozen=True)
class AmbitionGap:
    ambition: s.Ambition
    metric: s.Metric
    due_year: str
    years: tuple[GapYear, ...]
    regions: tuple[Contribution, ...] = ()
    systems: tuple[Contribution, ...] = ()
    shares: FairShares | None = None
    shares_unavailable: str = ""  # why there are no fair shares, when there are none

    @property
    def at_due(self) -> GapYear:
        return next(year for year in self.years if year.year == self.due_year)

    @property
    def status(self) -> str:
        """At the due year: "reached", "short", "incomplete" (systems missing) or "no plans"."""
        due = self.at_due
        if due.gap is None:
            return "no plans"
        if not due.complete:
            return "incomplete"
        return "reached" if due.gap >= 0 else "short"

    @property
    def furthest(self) -> tuple[Contribution, ...]:
        """The systems furthest below their fair share, relative to the share."""
        short = [c for c in self.systems if c.relative_gap is not None and c.relative_gap < 0]
        return tuple(sorted(short, key=lambda c: (c.relative_gap, c.area))[:FURTHEST])


def signed_gap(comparison: str, planned: float | None, target: float | None) -> float | None:
    if planned is None or target is None:
        return None
    return target - planned if comparison == "at_most" else planned - target


def _totals_by_key(totals: Iterable[Total]) -> dict[tuple[str, str, str, str], Total]:
    return {total.key: total for total in totals}


def _national_gap(
    pack: Pack,
    ambition: s.Ambition,
    rows: Sequence[Row],
    totals: dict[tuple[str, str, str, str], Total],
    basis_rows: Sequence[Row] = (),
) -> AmbitionGap:
    """`basis_rows`: the rows of the ambition's fair_share_metric, when it names one."""
    metric = pack.metric_by_id[ambition.metric]
    years, due = pack.plan_years, pack.due_year(ambition)
    national = {year: totals.get((NATIONAL, NATIONAL, metric.id, year)) for year in years}
    baseline = national[years[0]]
    glides = {}
    if baseline is not None and baseline.value is not None:
        glides = dict(glide_path(years, baseline.value, ambition.value, due))
    gap_years = []
    for k, year in enumerate(years):
        total = national[year]
        planned = total.value if total else None
        target = ambition.value if k >= years.index(due) else None
        glide = glides.get(year)
        gap_years.append(
            GapYear(
                year,
                planned,
                target,
                glide,
                signed_gap(ambition.comparison, planned, target if target is not None else glide),
                total.reported if total else 0,
                total.expected if total else 0,
                total.missing if total else (),
            )
        )
    shares, why = None, ""
    for glide in (True, False):  # with a glide path when every plan gives a baseline
        try:
            shares = fair_shares(pack, ambition, rows=[*rows, *basis_rows], glide=glide)
            break
        except BasisError as exc:
            named = f" ({', '.join(exc.systems)})" if exc.systems else ""
            why = f"{exc}{named}"
    why = "" if shares else why
    by_system = shares.by_system() if shares else {}
    planned_in = {row.system: row.value for row in rows if row.year == due}
    system_share = {code: share.share for code, share in by_system.items()}
    systems = tuple(
        Contribution(
            code,
            planned_in.get(code),
            system_share.get(code),
            signed_gap(ambition.comparison, planned_in.get(code), system_share.get(code)),
        )
        for code in sorted({row.system for row in rows})
    )
    region_share: dict[str, float] = defaultdict(float)
    region_of = {x.code: x.region for x in pack.geography.system}
    for code, part in system_share.items():
        region_share[region_of[code]] += part
    regions = []
    for region in sorted(r.code for r in pack.geography.region):
        total = totals.get((REGION, region, metric.id, due))
        planned = total.value if total else None
        share = region_share.get(region) if shares else None
        regions.append(
            Contribution(region, planned, share, signed_gap(ambition.comparison, planned, share))
        )
    return AmbitionGap(
        ambition, metric, due, tuple(gap_years), tuple(regions), systems, shares, why
    )


def _every_system_gap(pack: Pack, ambition: s.Ambition, rows: Sequence[Row]) -> AmbitionGap:
    metric = pack.metric_by_id[ambition.metric]
    years, due = pack.plan_years, pack.due_year(ambition)
    by_year: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_year[row.year].append(row)
    gap_years = []
    for k, year in enumerate(years):
        reported = [row for row in by_year[year] if row.value is not None]
        short = tuple(
            sorted(
                row.system
                for row in reported
                if row.value is not None
                and not meets(ambition.comparison, row.value, ambition.value)
            )
        )
        meeting = len(reported) - len(short)
        expected = len(by_year[year])
        target = float(expected) if k >= years.index(due) else None
        gap_years.append(
            GapYear(
                year,
                float(meeting) if reported else None,
                target,
                None,
                None if target is None or not reported else meeting - target,
                len(reported),
                expected,
                tuple(sorted(row.system for row in by_year[year] if row.value is None)),
                short,
            )
        )
    return AmbitionGap(ambition, metric, due, tuple(gap_years))


def _gap(
    pack: Pack, ambition: s.Ambition, by_metric: Mapping[str, Sequence[Row]], totals: dict
) -> AmbitionGap:
    own = by_metric.get(ambition.metric, ())
    if ambition.scope == "every_system":
        return _every_system_gap(pack, ambition, own)
    basis = by_metric.get(ambition.fair_share_metric, ()) if ambition.fair_share_metric else ()
    return _national_gap(pack, ambition, own, totals, basis)


def _by_metric(rows: Iterable[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.metric].append(row)
    return grouped


def ambition_gap(
    pack: Pack, ambition: s.Ambition, rows: Sequence[Row], totals: Iterable[Total]
) -> AmbitionGap:
    """The gap for one ambition; `rows` may be all rows or only those of its metrics."""
    return _gap(pack, ambition, _by_metric(rows), _totals_by_key(totals))


def ambition_gaps(pack: Pack, rows: Sequence[Row], totals: Iterable[Total]) -> list[AmbitionGap]:
    """The gap of every ambition of the pack, in pack order."""
    by_metric, keyed = _by_metric(rows), _totals_by_key(totals)
    return [_gap(pack, a, by_metric, keyed) for a in pack.ambitions]
