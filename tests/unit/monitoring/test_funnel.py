"""Funnel limits against values worked out by hand, and independently of scipy."""

from __future__ import annotations

import math

import pytest

from ltpif.monitoring import funnel as f


def exact_limit(p: float, n: int, theta: float) -> float:
    """Spiegelhalter's interpolated binomial limit from the binomial sums (no scipy)."""
    cdf, r = 0.0, -1
    while cdf < p:
        r += 1
        below = cdf
        cdf += math.comb(n, r) * theta**r * (1 - theta) ** (n - r)
    alpha = (cdf - p) / (cdf - below)
    return (r - alpha) / n


UNITS = [f.Unit("A", 80, 100), f.Unit("B", 150, 200), f.Unit("C", 90, 100), f.Unit("D", 440, 600)]
# pooled proportion: (80 + 150 + 90 + 440) / (100 + 200 + 100 + 600) = 760 / 1000


def test_normal_limits_by_hand():
    result = f.funnel(UNITS, method="normal-approximation")
    assert result.centre == pytest.approx(0.76)
    sd = math.sqrt(0.76 * 0.24 / 100)  # units A and C: n = 100
    limits = result.limits[0]
    assert limits.lower["95"] == pytest.approx(0.76 - 1.959964 * sd, abs=1e-6)
    assert limits.upper["95"] == pytest.approx(0.76 + 1.959964 * sd, abs=1e-6)
    assert limits.lower["99.8"] == pytest.approx(0.76 - 3.090232 * sd, abs=1e-6)
    assert limits.upper["99.8"] == pytest.approx(0.76 + 3.090232 * sd, abs=1e-6)
    # C: 0.90 > 0.76 + 3.09 × 0.0427 = 0.892; B: 0.75 inside 0.76 ± 0.059
    assert dict(zip("ABCD", result.flags, strict=True)) == {
        "A": "within",
        "B": "within",
        "C": "above-99.8",
        "D": "within",
    }


def test_exact_limits_match_the_binomial_sums():
    result = f.funnel(UNITS, method="exact-binomial")
    for unit, limits in zip(UNITS, result.limits, strict=True):
        n = int(unit.denominator)
        for name, tail in f.LEVELS:
            assert limits.lower[name] == pytest.approx(exact_limit(tail, n, 0.76), abs=1e-9)
            assert limits.upper[name] == pytest.approx(exact_limit(1 - tail, n, 0.76), abs=1e-9)


def test_exact_and_normal_limits_converge_for_large_denominators():
    exact = f.limits_at(100_000, 0.3, "exact-binomial")
    normal = f.limits_at(100_000, 0.3, "normal-approximation")
    assert exact.upper["99.8"] == pytest.approx(normal.upper["99.8"], abs=2e-4)


def test_the_exact_limits_are_the_default_and_named():
    assert f.funnel(UNITS).method == "exact-binomial"
    assert f.funnel(UNITS, method="normal-approximation").method == "normal-approximation"


def test_overdispersion_widens_limits_by_root_phi():
    units = [f.Unit(str(i), 500 + 40 * (i % 5), 1000) for i in range(10)]
    plain = f.funnel(units, method="normal-approximation")
    wide = f.funnel(units, method="normal-approximation", overdispersion=True)
    centre = plain.centre
    sd = math.sqrt(centre * (1 - centre) / 1000)
    z = sorted((u.proportion - centre) / sd for u in units)
    # winsorised at the 10th and 90th percentiles of 10 values: between the 1st/2nd, 9th/10th
    low, high = z[0] + 0.9 * (z[1] - z[0]), z[8] + 0.1 * (z[9] - z[8])
    phi = sum(min(max(v, low), high) ** 2 for v in z) / 10
    assert wide.phi == pytest.approx(phi)
    assert wide.limits[0].upper["95"] - centre == pytest.approx(
        math.sqrt(phi) * (plain.limits[0].upper["95"] - centre)
    )


@pytest.mark.parametrize(
    "units", [[], [f.Unit("A", 5, 0)], [f.Unit("A", 6, 5)], [f.Unit("A", -1, 5)]]
)
def test_impossible_proportions_are_refused(units):
    with pytest.raises(ValueError):
        f.funnel(units, method="normal-approximation")


def test_the_curve_spans_the_denominators():
    result = f.funnel(UNITS, method="normal-approximation")
    curve = f.curve(result, points=5)
    assert curve[0].denominator == pytest.approx(50)
    assert curve[-1].denominator == pytest.approx(720)
    widths = [c.upper["95"] - c.lower["95"] for c in curve]
    assert widths == sorted(widths, reverse=True)


@pytest.mark.parametrize(
    ("flag", "polarity", "direction"),
    [
        ("within", "higher_is_better", None),
        ("within", "neutral", None),
        ("above-95", "higher_is_better", "improvement"),
        ("above-99.8", "higher_is_better", "improvement"),
        ("below-95", "higher_is_better", "concern"),
        ("below-99.8", "higher_is_better", "concern"),
        ("above-95", "lower_is_better", "concern"),
        ("below-99.8", "lower_is_better", "improvement"),
        ("above-99.8", "neutral", "neither"),
        ("below-95", "neutral", "neither"),
    ],
)
def test_a_flag_reads_through_the_polarity(flag, polarity, direction):
    assert f.direction(flag, polarity) == direction


# centre (70 + 90 + 800) / (100 + 100 + 1000) = 0.8; at n = 100 the sd is √(0.8 × 0.2 / 100)
# = 0.04, so the 95% limits are 0.8 ± 1.96 × 0.04 = 0.7216–0.8784 and the 99.8% limits
# 0.8 ± 3.09 × 0.04 = 0.6764–0.9236: A (0.70) is below the 95%, B (0.90) above; C (0.80) within.
SIDES = [f.Unit("A", 70, 100), f.Unit("B", 90, 100), f.Unit("C", 800, 1000)]


@pytest.mark.parametrize(
    ("polarity", "directions"),
    [
        ("higher_is_better", ["concern", "improvement", None]),
        ("lower_is_better", ["improvement", "concern", None]),
        ("neutral", ["neither", "neither", None]),
    ],
)
def test_flagged_systems_by_hand_in_each_polarity(polarity, directions):
    result = f.funnel(SIDES, method="normal-approximation")
    assert result.flags == ("below-95", "above-95", "within")
    assert [f.direction(flag, polarity) for flag in result.flags] == directions


# Additive random effects (Spiegelhalter 2005 s.3.5; NHS-R FunnelPlotR's proportions), by hand.
# Five systems; θ = 8300 / 11000 = 0.754545; asin √θ = 1.051737 radians.
# z = (asin √p − asin √θ) · 2√n:
#   A 800/1000  p 0.80   z =  3.4587      B 1500/2000 p 0.75  z = −0.4709
#   C 900/1000  p 0.90   z = 12.4330      D 4400/6000 p 0.733 z = −3.7653
#   E 700/1000  p 0.70   z = −3.8773
# sorted: −3.8773, −3.7653, −0.4709, 3.4587, 12.4330; 10th percentile (position 0.4) =
# −3.8773 + 0.4 × 0.1120 = −3.8325; 90th (position 3.6) = 3.4587 + 0.6 × 8.9744 = 8.8433.
# winsorised squares: 11.9627 + 0.2217 + 78.2044 + 14.1777 + 14.6882 = 119.2538; φ = 23.8508.
# w = 4n: 4000, 8000, 4000, 24000, 4000; Σw = 44000, Σw² = 688,000,000;
# τ² = (5 × 23.8508 − 4) / (44000 − 688e6 / 44000) = 115.2538 / 28363.64 = 0.0040634.
# limits for n = 1000: s = √(1/4000 + 0.0040634) = 0.065676;
#   95%:   sin²(1.051737 ∓ 1.959964 × 0.065676) = 0.63658 … 0.85573
#   99.8%: sin²(1.051737 ∓ 3.090232 × 0.065676) = 0.56393 … 0.90379
ADDITIVE = [
    f.Unit("A", 800, 1000),
    f.Unit("B", 1500, 2000),
    f.Unit("C", 900, 1000),
    f.Unit("D", 4400, 6000),
    f.Unit("E", 700, 1000),
]


@pytest.mark.parametrize(
    ("asked", "adjustment", "flags"),
    [
        # C (0.90) lies between the 95% (0.8557) and 99.8% (0.9038) upper limits
        ("additive", "additive", ["within", "within", "above-95", "within", "within"]),
        ("auto", "additive", ["within", "within", "above-95", "within", "within"]),
        # without the adjustment every system but B is outside the exact 99.8% limits
        ("none", "none", ["above-99.8", "within", "above-99.8", "below-99.8", "below-99.8"]),
    ],
)
def test_additive_random_effects_by_hand(asked, adjustment, flags):
    result = f.funnel(ADDITIVE, overdispersion=asked)
    assert result.centre == pytest.approx(0.754545, abs=1e-6)
    assert result.adjustment == adjustment
    assert list(result.flags) == flags
    assert list(result.unadjusted_flags) == [
        "above-99.8",
        "within",
        "above-99.8",
        "below-99.8",
        "below-99.8",
    ]
    if adjustment == "additive":
        assert result.phi == pytest.approx(23.8508, abs=1e-4)
        assert result.tau2 == pytest.approx(0.0040634, abs=1e-7)
        a = result.limits[0]
        assert a.lower["95"] == pytest.approx(0.63658, abs=1e-5)
        assert a.upper["95"] == pytest.approx(0.85573, abs=1e-5)
        assert a.lower["99.8"] == pytest.approx(0.56393, abs=1e-5)
        assert a.upper["99.8"] == pytest.approx(0.90379, abs=1e-5)


def test_auto_keeps_the_plain_limits_when_the_systems_are_not_overdispersed():
    # z on the arcsine scale: −0.23, 0.0, +0.23: φ ≈ 0.03, kφ < k − 1, so τ² = 0
    units = [f.Unit("A", 75, 100), f.Unit("B", 76, 100), f.Unit("C", 77, 100)]
    result = f.funnel(units, overdispersion="auto")
    assert result.adjustment == "none" and result.tau2 == 0 and result.phi == 1
    assert result.limits == f.funnel(units).limits


def test_an_unknown_adjustment_is_refused():
    with pytest.raises(ValueError, match="unknown overdispersion adjustment 'wide'"):
        f.funnel(UNITS, overdispersion="wide")
