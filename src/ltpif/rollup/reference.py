"""The reference roll-up: plain Python, small enough to be obviously right.

The Ibis roll-up (ibis_rollup.py) must give the same totals on every engine; the spec tests and
the Hypothesis comparisons hold it to this one. The rule for missing values is in table.py.
Like the Ibis expression, it totals each region from its systems and the nation from the
regions: every part of a total is a sum or a count, so that is the same as from the systems.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ltpif.rollup.table import NATIONAL, REGION, MetricKind, Row, Total, meets


def _sum(values: Iterable[float | None]) -> float | None:
    """The sum of the known values; None when none is known (never zero for nothing)."""
    known = [float(v) for v in values if v is not None]
    return sum(known) if known else None


def _value(
    kind: MetricKind,
    total: float | None,
    num: float | None,
    den: float | None,
    reported: int,
    met: int,
) -> float | None:
    if kind.rollup == "ratio_of_sums":
        return num / den if num is not None and den else None
    if kind.rollup == "coverage":
        return float(met) if reported else None
    return total


def _region(key: tuple[str, str, str], rows: Sequence[Row], kind: MetricKind) -> Total:
    region, metric, year = key
    reported = [row for row in rows if row.value is not None]
    ratio, coverage = kind.rollup == "ratio_of_sums", kind.rollup == "coverage"
    num = _sum(row.numerator for row in reported) if ratio else None
    den = _sum(row.denominator for row in reported) if ratio else None
    short = []
    if coverage:
        short = [
            r.system
            for r in rows
            if r.value is not None and not meets(kind.comparison, r.value, kind.threshold)
        ]
    met = len(reported) - len(short) if coverage else None
    total = _sum(row.value for row in reported)
    return Total(
        REGION,
        region,
        metric,
        year,
        _value(kind, total, num, den, len(reported), met or 0),
        num,
        den,
        len(reported),
        len(rows),
        met,
        tuple(sorted(row.system for row in rows if row.value is None)),
        tuple(sorted(short)),
    )


def _national(metric: str, year: str, regions: Sequence[Total], kind: MetricKind) -> Total:
    reported = sum(t.reported for t in regions)
    met = sum(t.met or 0 for t in regions) if kind.rollup == "coverage" else None
    num, den = _sum(t.numerator for t in regions), _sum(t.denominator for t in regions)
    total = _sum(t.value for t in regions) if kind.rollup == "sum" else None
    return Total(
        NATIONAL,
        NATIONAL,
        metric,
        year,
        _value(kind, total, num, den, reported, met or 0),
        num,
        den,
        reported,
        sum(t.expected for t in regions),
        met,
        tuple(sorted(s for t in regions for s in t.missing)),
        tuple(sorted(s for t in regions for s in t.not_meeting)),
    )


def region_totals(rows: Iterable[Row], kinds: Mapping[str, MetricKind]) -> list[Total]:
    """Totals for every region, per metric and year, in the order the rows first name them."""
    by_region: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    for row in rows:
        by_region[(row.region, row.metric, row.year)].append(row)
    return [_region(key, members, kinds[key[1]]) for key, members in by_region.items()]


def national_totals(regions: Iterable[Total], kinds: Mapping[str, MetricKind]) -> list[Total]:
    """Totals for the nation from those of its regions, added in the regions' order."""
    by_metric_year: dict[tuple[str, str], list[Total]] = defaultdict(list)
    for total in regions:
        by_metric_year[(total.metric, total.year)].append(total)
    return [
        _national(metric, year, members, kinds[metric])
        for (metric, year), members in by_metric_year.items()
    ]


def rollup(rows: Iterable[Row], kinds: Mapping[str, MetricKind]) -> list[Total]:
    """Totals for every region and the nation, per metric and year, sorted by key."""
    regions = region_totals(rows, kinds)
    return sorted(regions + national_totals(regions, kinds))
