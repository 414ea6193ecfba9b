"""The stochastic simulator and the stock-and-flow projection: exact cases and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ltpif.modelling.waiting_list import (
    MAX_SIMULATED_PATIENTS,
    ModelInputError,
    project_waiting_list,
    simulate_band,
    simulate_waiting_list,
)

PLENTY = 1e6  # a capacity no week's referrals can reach


def test_a_start_list_is_spread_over_the_weeks_it_took_to_build() -> None:
    # 4 patients at 2 a week: ages ⌊(4 − i) / 2⌋ for i = 0..3 → 2, 1, 1, 0 weeks. With capacity
    # to spare all are treated in week 0 with those waits, and every later referral the week
    # it arrives (a wait of 0).
    run = simulate_waiting_list(2, PLENTY, 5, start_size=4, seed=1)
    assert list(run.waits[:4]) == [2, 1, 1, 0]
    assert not run.waits[4:].any()
    assert not run.size.any()


def test_with_little_capacity_the_list_grows_and_ages() -> None:
    # capacity of about 0.001 a week: in 60 weeks almost no one is treated, so the list at the
    # end is almost every referral, and those referred in weeks 0–6 have waited over 52
    run = simulate_waiting_list(20, 0.001, 60, seed=3)
    assert run.size[-1] == pytest.approx(20 * 60, rel=0.1)
    assert run.over_52_weeks[-1] == pytest.approx(20 * 7, rel=0.3)
    assert run.over_18_weeks[-1] == pytest.approx(20 * 41, rel=0.1)
    assert (run.over_52_weeks <= run.over_18_weeks).all()
    assert (run.over_18_weeks <= run.size).all()


def test_the_same_seed_gives_the_same_run() -> None:
    first = simulate_waiting_list(50, 52, 100, start_size=500, seed=7)
    again = simulate_waiting_list(50, 52, 100, start_size=500, seed=7)
    other = simulate_waiting_list(50, 52, 100, start_size=500, seed=8)
    assert np.array_equal(first.size, again.size)
    assert np.array_equal(first.waits, again.waits)
    assert not np.array_equal(first.size, other.size)


def test_priority_treats_the_urgent_class_first() -> None:
    # demand 100 (20 urgent, 80 routine) on capacity 90: the urgent never wait long, the
    # routine absorb the shortfall, so the long waiters are routine and the list grows ~10 a
    # week either way
    plain = simulate_waiting_list(100, 90, 104, seed=2)
    urgent_first = simulate_waiting_list(100, 90, 104, priorities=(0.2, 0.8), seed=2)
    assert urgent_first.size[-1] == pytest.approx(plain.size[-1], rel=0.15)
    assert np.quantile(urgent_first.waits, 0.2) == 0  # a fifth of patients: urgent, this week


def test_the_band_spans_the_runs() -> None:
    band = simulate_band(100, 100, 104, runs=20, start_size=2_000, seed=5)
    low, middle, high = band.size[:, -1]
    assert low <= middle <= high
    assert low < high  # repeated runs differ
    assert band.over_52_weeks.shape == (3, 104)
    assert band.mean_wait.shape == (3,)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: simulate_waiting_list(0, 10, 10), "demand"),
        (lambda: simulate_waiting_list(10, -1, 10), "capacity"),
        (lambda: simulate_waiting_list(10, 10, 0), "weeks"),
        (lambda: simulate_waiting_list(10, 10, 10, start_size=-5), "start_size"),
        (lambda: simulate_waiting_list(10, 10, 10, priorities=()), "priorities"),
        (lambda: simulate_waiting_list(10, 10, 10, priorities=(1, 0)), "priorities[1]"),
        (lambda: simulate_band(10, 10, 10, runs=1), "runs"),
    ],
)
def test_bad_input_names_the_argument(call, argument: str) -> None:
    with pytest.raises(ModelInputError) as caught:
        call()
    assert caught.value.argument == argument


def test_a_run_too_long_to_finish_in_seconds_is_refused_with_the_reason() -> None:
    demand = MAX_SIMULATED_PATIENTS / 520 * 1.5  # 1.5 times the limit over ten years
    with pytest.raises(ModelInputError) as caught:
        simulate_waiting_list(demand, demand, 520)
    assert caught.value.argument == "weeks"
    assert "a few seconds" in str(caught.value)
    with pytest.raises(ModelInputError) as caught:
        simulate_band(demand / 2, demand / 2, 520, runs=10)
    assert caught.value.argument == "runs"


@settings(max_examples=25, deadline=None)
@given(
    demand=st.floats(5, 300),
    load=st.floats(0.5, 0.97),
    priorities=st.sampled_from([(1.0,), (0.3, 0.7), (0.1, 0.3, 0.6)]),
    seed=st.integers(0, 2**32 - 1),
)
def test_littles_law_holds_on_the_simulated_list(demand, load, priorities, seed) -> None:
    """Mean list size = throughput × mean wait (L = λW), within sampling error: the patients
    still waiting at the end count in the list but have no wait yet."""
    run = simulate_waiting_list(demand, demand / load, 1_000, priorities=priorities, seed=seed)
    expected = run.throughput * run.mean_wait
    still_waiting = run.size[-1] / len(run.size)  # at most their share of the mean size
    assert run.mean_size == pytest.approx(expected, rel=0.02, abs=still_waiting + 0.5)


flows = st.lists(st.floats(0, 1e6), min_size=0, max_size=60)


@given(start=st.floats(0, 1e7), referrals=flows, treated=st.floats(0, 1))
def test_completions_matching_referrals_less_removals_keep_the_list_flat(start, referrals, treated):
    """Each period a share `treated` of the referrals completes and the rest leave otherwise."""
    completions = [treated * added for added in referrals]
    removals = [added - done for added, done in zip(referrals, completions, strict=True)]
    sizes = project_waiting_list(start, referrals, completions, removals)
    assert sizes == pytest.approx([start] * len(referrals), rel=1e-9, abs=1e-3)
