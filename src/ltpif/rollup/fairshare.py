"""Fair shares: a national ambition split into system shares that add up to it exactly.

The basis is named by the ambition (`fair_share_basis`): the pack's need-weighted or registered
population of each system, or `baseline`, each plan's value in the baseline year of the
ambition's `fair_share_metric` (default: its own metric; for a ratio metric, its denominator:
the activity the ratio is a share of).
An integral ambition is split by largest remainder, in exact rational arithmetic, so the
shares are whole numbers, add up to the ambition and each is within 1 of its exact quota
(ties go to the lower system code). Any other ambition gets its exact quotas.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from ltpif.framework import schema as s
from ltpif.framework.pack import Pack
from ltpif.rollup.table import Row


@dataclass(frozen=True)
class Basis:
    """A way of weighing systems against each other to share a national ambition."""

    id: s.FairShareBasis
    name: str  # in words, as pages, tables and the publication say it
    needs_plans: bool  # weighed by the plans' own values, so only with every plan at hand


BASES: dict[str, Basis] = {
    basis.id: basis
    for basis in (
        Basis("need_weighted_population", "need-weighted population", needs_plans=False),
        Basis("registered_population", "registered population", needs_plans=False),
        Basis("baseline", "baseline activity", needs_plans=True),
    )
}
DEFAULT_BASIS = BASES["need_weighted_population"]


class BasisError(ValueError):
    """A basis that cannot share an ambition: systems without a weight, or weights of zero."""

    def __init__(self, message: str, systems: tuple[str, ...] = ()):
        super().__init__(message)
        self.systems = systems


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


def largest_remainder(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Whole shares of `total` in proportion to `weights`, adding up to `total` exactly."""
    return dict(_largest_remainder(total, tuple(weights.items())))


# Kept by value: every roll-up shares the same ambitions by the same population weights, and
# the exact arithmetic takes a few milliseconds an ambition (equal weights give equal shares).
@lru_cache(maxsize=256)
def _largest_remainder(total: int, weights: tuple[tuple[str, float], ...]) -> tuple:
    whole = sum(Fraction(w) for _, w in weights)
    if any(w < 0 for _, w in weights) or whole <= 0:
        raise BasisError("weights must be zero or more, and not all zero")
    quotas = {key: Fraction(total) * Fraction(w) / whole for key, w in weights}
    shares = {key: math.floor(quota) for key, quota in quotas.items()}
    left = total - sum(shares.values())
    order = sorted(quotas, key=lambda key: (-(quotas[key] - shares[key]), key))
    for key in order[:left]:
        shares[key] += 1
    return tuple(shares.items())


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
    if basis == "need_weighted_population":
        return {x.code: x.population.need_weighted for x in pack.geography.system}
    if basis == "registered_population":
        return {x.code: x.population.registered for x in pack.geography.system}
    if basis not in BASES:
        raise BasisError(f"unknown fair-share basis {basis!r}")
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
    whole = math.fsum(weights.values())
    if whole <= 0 or any(w < 0 for w in weights.values()):
        raise BasisError(f"the {basis} weights must be zero or more, and not all zero")
    quotas = {code: ambition.value * w / whole for code, w in weights.items()}
    if float(ambition.value).is_integer():
        rounded = largest_remainder(int(ambition.value), weights)
        shares = {code: float(share) for code, share in rounded.items()}
    else:
        shares = quotas
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
