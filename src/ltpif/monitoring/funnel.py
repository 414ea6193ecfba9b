"""Funnel plots of a proportion across systems, flagging possible unwarranted variation.

The centre is the pooled proportion θ = Σ numerators / Σ denominators. Control limits for a
system with denominator n contain 95% and 99.8% of proportions a system of that size would
show if its true proportion were θ (two-sided: tail probabilities 2.5% and 0.1%).

Two methods, named in every result:
- "exact-binomial" (the default): Spiegelhalter's limits from
  the binomial distribution, interpolated between counts so that the funnel is smooth:
  r = the p-quantile of Binomial(n, θ), α = (F(r) − p) / (F(r) − F(r − 1)), limit = (r − α)/n
  (D. Spiegelhalter, "Funnel plots for comparing institutional performance", Statistics in
  Medicine 24, 2005, appendix A.1.1);
- "normal-approximation": θ ± z_p √(θ(1 − θ)/n), z_p the standard normal quantile, clipped
  to [0, 1]; close to the exact limits once nθ and n(1 − θ) are both large.

Overdispersion: with denominators as large as a system's A&E attendances almost every system
falls outside limits that allow for chance alone, because systems differ for reasons beyond
chance. Spiegelhalter (2005, sections 3.4–3.5) gives two adjustments, both from z-scores
winsorised at their 10th and 90th percentiles, φ = the mean squared winsorised z-score:
- "multiplicative": the limits widened around θ by √φ (when φ > 1);
- "additive" random effects, as NHS-R's FunnelPlotR draws proportions: on the arcsine
  square-root scale, Y = asin √p with within-system variance s² = 1/(4n) and target
  asin √θ, z = (Y − asin √θ)/s; the between-system variance by DerSimonian and Laird,
  τ² = (kφ − (k − 1)) / (Σw − Σw²/Σw) with w = 1/s² = 4n over the k systems (0 when
  kφ ≤ k − 1, no overdispersion); limits sin²(asin √θ ± z_p √(s² + τ²)).
"auto" (ltpif's default for charts) is the additive adjustment when the systems are
overdispersed (τ² > 0), else the unadjusted limits of the chosen method.

A flagged system's direction is its side of the centre read through the metric's polarity,
as the SPC icons read theirs: "improvement" (better than expected), "concern" (worse) or
"neither" (a neutral metric); None within the limits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

from ltpif.monitoring.icons import judgement

LEVELS = (("95", 0.025), ("99.8", 0.001))  # name, lower tail probability
METHODS = ("exact-binomial", "normal-approximation")
WINSOR = (0.1, 0.9)
# how the limits allow for overdispersion: "auto" is "additive" when the data are overdispersed
ADJUSTMENTS = ("auto", "none", "additive", "multiplicative")


@dataclass(frozen=True)
class Unit:
    code: str
    numerator: float
    denominator: float

    @property
    def proportion(self) -> float:
        return self.numerator / self.denominator


@dataclass(frozen=True)
class Limits:
    denominator: float
    lower: dict[str, float]
    upper: dict[str, float]


@dataclass(frozen=True)
class Funnel:
    centre: float
    method: str
    phi: float  # 1 when no overdispersion adjustment is made
    units: tuple[Unit, ...]
    limits: tuple[Limits, ...]  # one per unit, in the same order
    flags: tuple[str, ...]  # one per unit
    adjustment: str = "none"  # "none", "additive" or "multiplicative": what the limits used
    tau2: float = 0.0  # the additive between-system variance (arcsine scale); 0 otherwise
    unadjusted_flags: tuple[str, ...] = ()  # the flags of the method's plain limits


def funnel(
    units: Sequence[Unit],
    *,
    method: str | None = None,
    overdispersion: bool | str = False,
) -> Funnel:
    """The funnel of `units`; `overdispersion` is one of ADJUSTMENTS (True: multiplicative,
    False: none)."""
    method = method or "exact-binomial"
    if method not in METHODS:
        raise ValueError(f"unknown funnel method {method!r}: use one of {', '.join(METHODS)}")
    if isinstance(overdispersion, bool):
        wanted = "multiplicative" if overdispersion else "none"
    else:
        wanted = overdispersion
    if wanted not in ADJUSTMENTS:
        known = ", ".join(ADJUSTMENTS)
        raise ValueError(f"unknown overdispersion adjustment {wanted!r}: use one of {known}")
    bad = [u.code for u in units if u.denominator <= 0 or not 0 <= u.numerator <= u.denominator]
    if bad:
        raise ValueError(f"needs 0 ≤ numerator ≤ denominator > 0: {', '.join(bad)}")
    if not units:
        raise ValueError("a funnel plot needs at least one unit")
    centre = sum(u.numerator for u in units) / sum(u.denominator for u in units)
    plain = tuple(limits_at(u.denominator, centre, method) for u in units)
    plain_flags = tuple(flag(u.proportion, lim) for u, lim in zip(units, plain, strict=True))
    phi, tau2, adjustment, limits = 1.0, 0.0, "none", plain
    if wanted == "multiplicative":
        phi, adjustment = dispersion(units, centre), "multiplicative"
        limits = tuple(limits_at(u.denominator, centre, method, phi) for u in units)
    elif wanted in ("additive", "auto"):
        arcsine_phi, tau2 = random_effects(units, centre)
        if wanted == "additive" or tau2 > 0:
            phi, adjustment = arcsine_phi, "additive"
            limits = tuple(additive_limits(u.denominator, centre, tau2) for u in units)
    flags = tuple(flag(u.proportion, lim) for u, lim in zip(units, limits, strict=True))
    return Funnel(centre, method, phi, tuple(units), limits, flags, adjustment, tau2, plain_flags)


def arcsine_z(units: Sequence[Unit], centre: float) -> list[float]:
    """z-scores on the arcsine square-root scale: (asin √p − asin √θ) · 2√n."""
    target = math.asin(math.sqrt(centre))
    return [
        (math.asin(math.sqrt(u.proportion)) - target) * 2 * math.sqrt(u.denominator) for u in units
    ]


def random_effects(units: Sequence[Unit], centre: float) -> tuple[float, float]:
    """(φ, τ²): the winsorised overdispersion ratio of the arcsine z-scores and DerSimonian and
    Laird's between-system variance from it (0 when kφ ≤ k − 1), as FunnelPlotR computes them."""
    z = sorted(arcsine_z(units, centre))
    k = len(z)
    low, high = _quantile(z, WINSOR[0]), _quantile(z, WINSOR[1])
    phi = sum(min(max(v, low), high) ** 2 for v in z) / k
    if k * phi <= k - 1:
        return phi, 0.0
    weights = [4 * u.denominator for u in units]  # 1 / s², s² = 1 / (4n)
    spread = sum(weights) - sum(w * w for w in weights) / sum(weights)
    return phi, max(0.0, (k * phi - (k - 1)) / spread) if spread > 0 else 0.0


def additive_limits(n: float, centre: float, tau2: float) -> Limits:
    """sin²(asin √θ ± z_p √(1/(4n) + τ²)), the angle kept within [0, π/2]."""
    target = math.asin(math.sqrt(centre))
    spread = math.sqrt(1 / (4 * n) + tau2)
    lower, upper = {}, {}
    for name, tail in LEVELS:
        z = -NormalDist().inv_cdf(tail)
        lower[name] = math.sin(min(max(target - z * spread, 0.0), math.pi / 2)) ** 2
        upper[name] = math.sin(min(max(target + z * spread, 0.0), math.pi / 2)) ** 2
    return Limits(n, lower, upper)


def limits_at(n: float, centre: float, method: str, phi: float = 1.0) -> Limits:
    lower, upper = {}, {}
    for name, tail in LEVELS:
        low, high = (
            (_exact(tail, n, centre), _exact(1 - tail, n, centre))
            if method == "exact-binomial"
            else (_normal(tail, n, centre), _normal(1 - tail, n, centre))
        )
        widen = math.sqrt(max(phi, 1.0))
        lower[name] = min(max(centre + widen * (low - centre), 0.0), 1.0)
        upper[name] = min(max(centre + widen * (high - centre), 0.0), 1.0)
    return Limits(n, lower, upper)


def _normal(p: float, n: float, centre: float) -> float:
    z = NormalDist().inv_cdf(p)
    return min(max(centre + z * math.sqrt(centre * (1 - centre) / n), 0.0), 1.0)


def _exact(p: float, n: float, centre: float) -> float:
    from scipy.stats import binom

    size = round(n)
    r = float(binom.ppf(p, size, centre))
    at, below = binom.cdf(r, size, centre), binom.cdf(r - 1, size, centre)
    alpha = (at - p) / (at - below) if at > below else 0.0
    return min(max((r - alpha) / size, 0.0), 1.0)


def flag(proportion: float, limits: Limits) -> str:
    """within, or above/below the 95% or the 99.8% limits (the outermost crossed)."""
    for name in ("99.8", "95"):
        if proportion > limits.upper[name]:
            return f"above-{name}"
        if proportion < limits.lower[name]:
            return f"below-{name}"
    return "within"


def direction(flag: str, polarity: str) -> str | None:
    """improvement, concern or neither for a flag outside the limits; None within them."""
    if flag == "within":
        return None
    return judgement("high" if flag.startswith("above") else "low", polarity)


def dispersion(units: Sequence[Unit], centre: float) -> float:
    """Spiegelhalter's multiplicative overdispersion φ from winsorised z-scores."""
    if centre in (0.0, 1.0):
        return 1.0
    z = sorted(
        (u.proportion - centre) / math.sqrt(centre * (1 - centre) / u.denominator) for u in units
    )
    low, high = _quantile(z, WINSOR[0]), _quantile(z, WINSOR[1])
    return sum(min(max(v, low), high) ** 2 for v in z) / len(z)


def _quantile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between order statistics (the usual 'type 7' quantile)."""
    position = (len(ordered) - 1) * q
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def curve(result: Funnel, points: int = 60) -> list[Limits]:
    """The funnel's limits over the range of denominators, evenly spaced on a log scale."""
    sizes = [u.denominator for u in result.units]
    low, high = max(min(sizes) / 2, 1.0), max(sizes) * 1.2
    step = (math.log(high) - math.log(low)) / (points - 1)
    at = [math.exp(math.log(low) + i * step) for i in range(points)]
    if result.adjustment == "additive":
        return [additive_limits(n, result.centre, result.tau2) for n in at]
    return [limits_at(n, result.centre, result.method, result.phi) for n in at]
