"""Fair shares: a national ambition split into system shares that add up to it exactly.

The basis is named by the ambition (`fair_share_basis`): the pack's need-weighted or registered
population of each system, or `baseline`, each plan's value in the baseline year of the
ambition's `fair_share_metric` (default: its own metric; for a ratio metric, its denominator:
the activity the ratio is a share of). The bases and the split itself are the pack's:
ltpif.framework.fairshare.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ltpif.framework import schema as s
from ltpif.framework.fairshare import (
    BASES,
    DEFAULT_BASIS,
    Basis,
    BasisError,
    population_weights,
    split,
)
from ltpif.framework.pack import Pack
from ltpif.rollup.table import Row

# The registry of bases lives beside the pack (`ltpif.framework.fairshare`), where the pack's
# own checks can reach it; the roll-up answers for it under its own name too.
__all__ = [
    "BASES",
    "Basis",
    "BasisError",
    "FairShares",
    "SystemShare",
    "basis_weights",
    "fair_shares",
    "find_ambition",
    "glide_path",
]


@dataclass(frozen=True)
class SystemShare:
    system: str
    weight: float
    quota: float  # the exact share, weight / total weight × ambition
    share: float  # the rounded share (whole for an integral ambition)
    baseline: float | None = None  # the plan's value in the baseline year
    planned: float | None = None  # the plan's value in the year the ambition is due
    glide: tuple[tuple[str, float], ...] = ()  # (year, target) from baseline to the due year

    @property
    def distance(self) -> float | None:
        """Planned minus share, in the metric's units (None without a plan value)."""
        return None if self.planned is None else self.planned - self.share


@dataclass(frozen=True)
class FairShares:
    ambition: s.Ambition
    basis: str
    due_year: str
    shares: tuple[SystemShare, ...]

    @property
    def total(self) -> float:
        return math.fsum(share.share for share in self.shares)

    def by_system(self) -> dict[str, SystemShare]:
        return {share.system: share for share in self.shares}


def _plan_values(rows: list[Row], metric: s.Metric, year: str, by: str) -> dict[str, float]:
    """Each system's value of the metric in the year (a ratio's denominator when `by`)."""
    values = {}
    for row in rows:
        if row.metric == metric.id and row.year == year:
            value = row.denominator if by == "denominator" else row.value
            if value is not None:
                values[row.system] = value
    return values


def basis_weights(
    pack: Pack, basis: str, metric: s.Metric, rows: list[Row] | None
) -> dict[str, float]:
    """Each system's weight under a basis; BasisError naming systems that have none."""
    systems = sorted(x.code for x in pack.geography.system)
    weighed = population_weights(pack, basis)
    if weighed is not None:
        return weighed
    if rows is None:
        raise BasisError("the baseline basis needs the plans (their baseline-year values)")
    year = pack.meta.plan_period.baseline
    part = "denominator" if metric.rollup == "ratio_of_sums" else "value"
    weights = _plan_values(rows, metric, year, part)
    missing = tuple(code for code in systems if code not in weights)
    if missing:
        raise BasisError(f"no {year} value of {metric.id} to share by", missing)
    if not any(weights.values()):
        raise BasisError(f"every system's {year} value of {metric.id} is zero: nothing to share by")
    return weights


def glide_path(
    years: list[str], baseline: float, target: float, due: str
) -> tuple[tuple[str, float], ...]:
    """Straight from the baseline (the first year) to the target in the due year, then level."""
    steps = years.index(due)
    return tuple(
        (year, target if k >= steps else baseline + (target - baseline) * k / steps)
        for k, year in enumerate(years)
    )


def fair_shares(
    pack: Pack,
    ambition: s.Ambition,
    *,
    rows: list[Row] | None = None,
    basis: str | None = None,
    weights: Mapping[str, float] | None = None,
    glide: bool = False,
) -> FairShares:
    """The ambition's shares by its basis (or `basis`, or explicit `weights` per system code),
    with each plan's baseline and planned values when `rows` are given, and the glide path."""
    metric = pack.metric_by_id[ambition.metric]
    basis = basis or ambition.fair_share_basis or DEFAULT_BASIS.id
    if weights is None:
        basis_metric = pack.metric_by_id[ambition.fair_share_metric or ambition.metric]
        weights = basis_weights(pack, basis, basis_metric, rows)
    systems = sorted(x.code for x in pack.geography.system)
    missing = tuple(code for code in systems if code not in weights)
    if missing:
        raise BasisError(f"the {basis} basis has no weight for some systems", missing)
    weights = {code: weights[code] for code in systems}
    quotas, shares = split(ambition.value, weights, basis)
    due = pack.due_year(ambition)
    years = pack.plan_years
    baselines = _plan_values(rows, metric, years[0], "value") if rows else {}
    planned = _plan_values(rows, metric, due, "value") if rows else {}
    if glide:
        no_baseline = tuple(code for code in systems if code not in baselines)
        if no_baseline:
            raise BasisError(f"no {years[0]} value of {metric.id} to glide from", no_baseline)
    return FairShares(
        ambition,
        basis,
        due,
        tuple(
            SystemShare(
                code,
                weights[code],
                quotas[code],
                shares[code],
                baselines.get(code),
                planned.get(code),
                glide_path(years, baselines[code], shares[code], due) if glide else (),
            )
            for code in systems
        ),
    )


def find_ambition(pack: Pack, ambition_id: str) -> s.Ambition | None:
    return next((a for a in pack.ambitions if a.id == ambition_id), None)
