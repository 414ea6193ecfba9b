"""The split of a national ambition into system shares, worked by hand."""

from __future__ import annotations

import pytest

from ltpif.framework.fairshare import BasisError, population_weights, split
from ltpif.framework.loader import load_pack


@pytest.mark.parametrize(
    ("value", "weights", "quotas", "shares"),
    [
        # 10 × 1/4 = 2.5 and 10 × 3/4 = 7.5; whole parts 2 + 7 leave 1, the tie goes to "a"
        (10, {"a": 1, "b": 3}, {"a": 2.5, "b": 7.5}, {"a": 3, "b": 7}),
        # 290 × 2/5 = 116, 290 × 3/5 = 174: already whole
        (290, {"a": 2, "b": 3}, {"a": 116, "b": 174}, {"a": 116, "b": 174}),
        # not a whole ambition: the shares are the exact quotas, 1.5 × 1/3 and × 2/3
        (1.5, {"a": 1, "b": 2}, {"a": 0.5, "b": 1.0}, {"a": 0.5, "b": 1.0}),
    ],
)
def test_split(value, weights, quotas, shares):
    got_quotas, got_shares = split(value, weights, "test")
    assert got_quotas == pytest.approx(quotas)
    assert got_shares == shares


def test_split_refuses_weights_of_nothing():
    with pytest.raises(BasisError, match="the test weights must be zero or more"):
        split(10, {"a": 0, "b": 0}, "test")


def test_population_weights_are_the_packs_and_the_baseline_needs_plans():
    pack = load_pack()
    weights = population_weights(pack, "need_weighted_population")
    assert weights is not None and len(weights) == len(pack.geography.system)
    assert population_weights(pack, "baseline") is None
    with pytest.raises(BasisError, match="unknown fair-share basis 'elsewhere'"):
        population_weights(pack, "elsewhere")
