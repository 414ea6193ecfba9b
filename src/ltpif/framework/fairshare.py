"""The fair-share bases of a pack and the split of a national ambition into system shares.

Here, beside the pack, so that assurance (a system's plan against its share) and the roll-up
(every system's share, and the baseline basis that needs every plan) share one definition.
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


def population_weights(pack: Pack, basis: str) -> dict[str, float] | None:
    """Each system's weight under a population basis; None for a basis that needs the plans."""
    if basis == "need_weighted_population":
        return {x.code: x.population.need_weighted for x in pack.geography.system}
    if basis == "registered_population":
        return {x.code: x.population.registered for x in pack.geography.system}
    if basis not in BASES:
        raise BasisError(f"unknown fair-share basis {basis!r}")
    return None


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


def split(value: float, weights: Mapping[str, float], basis: str) -> tuple[dict, dict]:
    """(exact quotas, shares) of `value` by `weights`; BasisError naming a bad basis."""
    whole = math.fsum(weights.values())
    if whole <= 0 or any(w < 0 for w in weights.values()):
        raise BasisError(f"the {basis} weights must be zero or more, and not all zero")
    quotas = {code: value * w / whole for code, w in weights.items()}
    if float(value).is_integer():
        rounded = largest_remainder(int(value), weights)
        return quotas, {code: float(share) for code, share in rounded.items()}
    return quotas, quotas
