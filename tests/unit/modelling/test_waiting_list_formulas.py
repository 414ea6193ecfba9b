"""The queueing formulas against values worked out by hand (the arithmetic beside each row)."""

from __future__ import annotations

import math

import pytest

from ltpif.modelling.waiting_list import (
    ModelInputError,
    project_waiting_list,
    queue_load,
    relief_capacity,
    target_capacity,
    target_mean_wait,
    target_queue_size,
    waiting_list_pressure,
)


@pytest.mark.parametrize(
    ("demand", "capacity", "expected"),
    [
        (100, 80, 1.25),  # 100 / 80
        (30, 40, 0.75),  # 30 / 40
        (52, 52, 1.0),
    ],
)
def test_queue_load(demand: float, capacity: float, expected: float) -> None:
    assert queue_load(demand, capacity) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("target_wait", "factor", "expected"),
    [
        (52, 4, 13.0),  # 52 / 4
        (18, 4, 4.5),  # 18 / 4
        (18, 2, 9.0),  # 18 / 2
        (6, 1, 6.0),  # the least factor: the mean is the target
    ],
)
def test_target_mean_wait(target_wait: float, factor: float, expected: float) -> None:
    assert target_mean_wait(target_wait, factor) == pytest.approx(expected)


def test_target_mean_wait_factor_defaults_to_four() -> None:
    assert target_mean_wait(52) == pytest.approx(13.0)


@pytest.mark.parametrize(
    ("demand", "target_wait", "factor", "expected"),
    [
        (100, 52, 4, 1_300.0),  # 100 × 52 / 4
        (30, 18, 2, 270.0),  # 30 × 18 / 2
        (2_000, 18, 4, 9_000.0),  # 2,000 × 18 / 4
    ],
)
def test_target_queue_size(demand: float, target_wait: float, factor: float, expected: float):
    assert target_queue_size(demand, target_wait, factor) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((100, 52), 100 + 1 / 13),  # 100 + ((1² + 1²) / 2) × (4 / 52)
        ((100, 52, 4, 0, 0), 100.0),  # no variation: capacity equals demand
        ((50, 18, 2, 1.5, 0.5), 50 + 1.25 / 9),  # 50 + ((2.25 + 0.25) / 2) × (2 / 18)
        ((10, 4, 4, 1, 0), 10.5),  # 10 + ((1 + 0) / 2) × (4 / 4)
    ],
)
def test_target_capacity(args: tuple, expected: float) -> None:
    assert target_capacity(*args) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((100, 2_600, 1_300, 26), 150.0),  # 100 + (2,600 − 1,300) / 26
        ((100, 1_300, 2_600, 52), 75.0),  # 100 + (1,300 − 2,600) / 52: below target, less
        ((100, 2_600, 1_300), 150.0),  # 26 weeks by default
        ((40, 500, 500, 10), 40.0),  # at its target: capacity equals demand
    ],
)
def test_relief_capacity(args: tuple, expected: float) -> None:
    assert relief_capacity(*args) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("mean_wait", "target_wait", "expected"),
    [
        (13, 52, 0.5),  # 2 × 13 / 52
        (26, 18, 52 / 18),  # 2 × 26 / 18
        (9, 18, 1.0),  # 2 × 9 / 18
        (0, 18, 0.0),
    ],
)
def test_waiting_list_pressure(mean_wait: float, target_wait: float, expected: float) -> None:
    assert waiting_list_pressure(mean_wait, target_wait) == pytest.approx(expected)


def test_project_waiting_list_adds_the_flows_period_by_period() -> None:
    # 100 + 10 − 5 − 1 = 104; 104 + 20 − 30 − 0 = 94; 94 + 0 − 0 − 4 = 90
    assert project_waiting_list(100, [10, 20, 0], [5, 30, 0], [1, 0, 4]) == [104, 94, 90]


def test_project_waiting_list_stops_at_zero() -> None:
    # 10 + 5 − 30 − 0 would be −15: the list is empty; then 0 + 8 − 3 = 5
    assert project_waiting_list(10, [5, 8], [30, 3], [0, 0]) == [0, 5]


def test_project_waiting_list_of_no_periods_is_empty() -> None:
    assert project_waiting_list(10, [], [], []) == []


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: queue_load(0, 10), "demand"),
        (lambda: queue_load(-5, 10), "demand"),
        (lambda: queue_load(10, 0), "capacity"),
        (lambda: queue_load(10, math.nan), "capacity"),
        (lambda: target_mean_wait(0), "target_wait"),
        (lambda: target_mean_wait(18, 0.5), "factor"),
        (lambda: target_queue_size(-1, 18), "demand"),
        (lambda: target_queue_size(10, 0), "target_wait"),
        (lambda: target_capacity(10, 18, 4, -1), "cv_demand"),
        (lambda: target_capacity(10, 18, 4, 1, math.inf), "cv_capacity"),
        (lambda: target_capacity(10, 18, 0.9), "factor"),
        (lambda: relief_capacity(0, 10, 5), "demand"),
        (lambda: relief_capacity(10, -1, 5), "queue_size"),
        (lambda: relief_capacity(10, 10, 5, 0), "weeks_to_target"),
        (lambda: waiting_list_pressure(-1, 18), "mean_wait"),
        (lambda: waiting_list_pressure(5, 0), "target_wait"),
        (lambda: project_waiting_list(-1, [], [], []), "start_size"),
        (lambda: project_waiting_list(0, [1, -2], [0, 0], [0, 0]), "referrals[1]"),
        (lambda: project_waiting_list(0, [1], [0, 0], [0]), "completions"),
        (lambda: project_waiting_list(0, [1], [0], [math.nan]), "other_removals[0]"),
    ],
)
def test_bad_input_names_the_argument(call, argument: str) -> None:
    with pytest.raises(ModelInputError) as caught:
        call()
    assert caught.value.argument == argument
    assert str(caught.value).startswith(f"{argument}: ")
