"""Waiting lists as queues: the formulas, a stock-and-flow projection and a simulator.

The formulas are those of Fong et al. (2022), "Understanding waiting list pressures" (medRxiv
2022.08.23.22279117), as the NHS-R community's NHSRwaitinglist package states them. Time is in
weeks throughout: demand and capacity are patients a week, waits are weeks. Every function
refuses an argument outside its domain with `ModelInputError`, which names the argument.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ltpif.framework.problems import quoted

# The simulator's refusal point: about two seconds of work on one core (see
# benchmarks/bench_feasibility.py), far past a system-sized list of ~100,000 over ten years.
MAX_SIMULATED_PATIENTS = 20_000_000
MAX_SIMULATED_WEEKS = 5_200  # a century: longer runs say nothing a plan can use

Counts = npt.NDArray[np.int64]


class ModelInputError(ValueError):
    """An argument a model cannot take; `argument` names it (with its index for a sequence)."""

    def __init__(self, argument: str, message: str):
        self.argument = argument
        super().__init__(f"{argument}: {message}")


def _positive(argument: str, value: float) -> float:
    if not math.isfinite(value) or value <= 0:
        raise ModelInputError(argument, f"must be a number above 0, not {quoted(value)}")
    return value


def _not_negative(argument: str, value: float) -> float:
    if not math.isfinite(value) or value < 0:
        raise ModelInputError(argument, f"must be a number of 0 or more, not {quoted(value)}")
    return value


def _factor(value: float) -> float:
    if not math.isfinite(value) or value < 1:
        raise ModelInputError("factor", f"must be 1 or more, not {quoted(value)}")
    return value


def queue_load(demand: float, capacity: float) -> float:
    """Demand over capacity (Fong et al. 2022; NHSRwaitinglist `calc_queue_load`).

    Above 1 the list grows without limit; below 1 it can settle. Assumes both are rates over
    the same period.
    """
    return _positive("demand", demand) / _positive("capacity", capacity)


def target_mean_wait(target_wait: float, factor: float = 4) -> float:
    """The mean wait that keeps most patients within `target_wait` (Fong et al. 2022;
    NHSRwaitinglist `calc_target_mean_wait`): target_wait / factor.

    Assumes waits are roughly exponential, so a mean of a quarter of the target (factor 4)
    leaves about 2% (e^-4) waiting longer than the target.
    """
    return _positive("target_wait", target_wait) / _factor(factor)


def target_queue_size(demand: float, target_wait: float, factor: float = 4) -> float:
    """The list size whose mean wait is the target mean wait: demand × target_wait / factor
    (Little's law, L = λW; Fong et al. 2022; NHSRwaitinglist `calc_target_queue_size`).

    Assumes a list in equilibrium, where patients leave as fast as they join.
    """
    return _positive("demand", demand) * target_mean_wait(target_wait, factor)


def target_capacity(
    demand: float,
    target_wait: float,
    factor: float = 4,
    cv_demand: float = 1,
    cv_capacity: float = 1,
) -> float:
    """The capacity that holds the list at its target size: demand + ((cv_demand² +
    cv_capacity²) / 2) × (factor / target_wait) (Kingman's approximation for a G/G/1 queue;
    Fong et al. 2022; NHSRwaitinglist `calc_target_capacity`).

    Assumes one queue in heavy traffic; the coefficients of variation are of the weekly
    arrivals and treatments (1 for Poisson).
    """
    spread = (_not_negative("cv_demand", cv_demand) ** 2) + (
        _not_negative("cv_capacity", cv_capacity) ** 2
    )
    mean_wait = target_mean_wait(target_wait, factor)
    return _positive("demand", demand) + (spread / 2) / mean_wait


def relief_capacity(
    demand: float, queue_size: float, target_queue_size: float, weeks_to_target: float = 26
) -> float:
    """The capacity that brings a list to its target size in `weeks_to_target`: demand +
    (queue_size − target_queue_size) / weeks_to_target (Fong et al. 2022; NHSRwaitinglist
    `calc_relief_capacity`).

    Assumes demand stays flat meanwhile and no patient leaves the list but by treatment.
    """
    excess = _not_negative("queue_size", queue_size) - _not_negative(
        "target_queue_size", target_queue_size
    )
    return _positive("demand", demand) + excess / _positive("weeks_to_target", weeks_to_target)


def waiting_list_pressure(mean_wait: float, target_wait: float) -> float:
    """2 × mean_wait / target_wait (Fong et al. 2022; NHSRwaitinglist `waiting_list_pressure`).

    Above 1 the list's mean wait is more than half its target: with the target mean wait at a
    quarter of the target, such a list breaches the target for many patients. Lists of
    different targets compare on this one scale.
    """
    return 2 * _not_negative("mean_wait", mean_wait) / _positive("target_wait", target_wait)


def project_waiting_list(
    start_size: float,
    referrals: Sequence[float],
    completions: Sequence[float],
    other_removals: Sequence[float],
) -> list[float]:
    """The list size at the end of each period: the last size + referrals − completions −
    other removals (a stock and its flows, as NHS England's RTT statistics count them).

    The three flows are per period and of one length. A list cannot fall below zero: flows
    that would take it there are treatments with no patient to treat, so it stops at 0.
    """
    size = _not_negative("start_size", start_size)
    flows = {"referrals": referrals, "completions": completions, "other_removals": other_removals}
    periods = len(referrals)
    for name, values in flows.items():
        if len(values) != periods:
            message = f"has {len(values)} periods; referrals has {periods}"
            raise ModelInputError(name, message)
        for index, value in enumerate(values):
            _not_negative(f"{name}[{index}]", value)
    sizes = []
    for added, treated, removed in zip(referrals, completions, other_removals, strict=True):
        size = max(0.0, size + added - treated - removed)
        sizes.append(size)
    return sizes


@dataclass(frozen=True)
class SimulatedList:
    """One run of the simulator: the list at the end of each week, and every treated
    patient's wait in weeks (in order of treatment)."""

    size: Counts
    over_18_weeks: Counts
    over_52_weeks: Counts
    waits: Counts

    @property
    def mean_size(self) -> float:
        return float(self.size.mean())

    @property
    def throughput(self) -> float:
        """Patients treated a week."""
        return len(self.waits) / len(self.size)

    @property
    def mean_wait(self) -> float:
        return float(self.waits.mean()) if len(self.waits) else 0.0


def _check_run(demand: float, capacity: float, weeks: int, start_size: int, runs: int = 1) -> None:
    _positive("demand", demand)
    _positive("capacity", capacity)
    _not_negative("start_size", start_size)
    if not 1 <= weeks <= MAX_SIMULATED_WEEKS:
        raise ModelInputError("weeks", f"must be from 1 to {MAX_SIMULATED_WEEKS}, not {weeks}")
    patients = (start_size + demand * weeks) * runs
    if patients > MAX_SIMULATED_PATIENTS:
        times = f" × {runs} runs" if runs > 1 else ""
        raise ModelInputError(
            "runs" if runs > 1 else "weeks",
            f"{weeks} weeks at a demand of {demand:,.0f} a week{times} is about "
            f"{patients:,.0f} patients; the simulator stops at {MAX_SIMULATED_PATIENTS:,} "
            "(a few seconds' work): simulate fewer weeks or runs, or project the list with "
            "`project_waiting_list`",
        )


def _shares(priorities: Sequence[float]) -> list[float]:
    if not priorities:
        raise ModelInputError("priorities", "needs at least one priority class")
    for index, share in enumerate(priorities):
        _positive(f"priorities[{index}]", share)
    total = sum(priorities)
    return [share / total for share in priorities]


def simulate_waiting_list(
    demand: float,
    capacity: float,
    weeks: int,
    *,
    start_size: int = 0,
    priorities: Sequence[float] = (1.0,),
    seed: int = 0,
) -> SimulatedList:
    """A waiting list simulated week by week: Poisson referrals at `demand` a week and Poisson
    treatments at `capacity` a week (Fong et al. 2022's M/M/1 view of a list, in discrete weeks).

    `priorities` splits demand into classes, most urgent first: each week's treatments go to
    the first class's longest waiters, then the next class's (strict priority, each class first
    come, first served); one class is plain first come, first served. The `start_size`
    patients on the list at the start are split across the classes in proportion, their ages
    evenly spread over `start_size / demand` weeks (the ages of a list that has kept pace with
    its demand). A patient referred and treated in the same week waits 0 weeks; the list is
    counted at each week's end, so its mean size is the throughput times the mean wait
    (Little's law). The same `seed` gives the same run.
    """
    _check_run(demand, capacity, weeks, start_size)
    shares = _shares(priorities)
    rng = np.random.default_rng(seed)
    treatments = rng.poisson(capacity, weeks)
    queues = [
        _Queue(rng, demand * share, weeks, round(start_size * share), demand) for share in shares
    ]
    size = np.zeros(weeks, dtype=np.int64)
    over_18 = np.zeros(weeks, dtype=np.int64)
    over_52 = np.zeros(weeks, dtype=np.int64)
    for week in range(weeks):
        free = int(treatments[week])
        for queue in queues:
            free = queue.week(week, free)
            size[week] += queue.waiting
            over_18[week] += queue.waited_more_than(week, 18)
            over_52[week] += queue.waited_more_than(week, 52)
    waits = np.concatenate([queue.waits() for queue in queues])
    return SimulatedList(size, over_18, over_52, waits)


class _Queue:
    """One priority class: every patient's referral week, in order, and a head and a tail
    into them (the list is the patients between)."""

    def __init__(self, rng: np.random.Generator, rate: float, weeks: int, start: int, pace: float):
        ages = np.floor((start - np.arange(start)) / pace).astype(np.int64)
        arrivals = np.repeat(np.arange(weeks, dtype=np.int64), rng.poisson(rate, weeks))
        self.referred = np.concatenate([-ages, arrivals])
        self.treated = np.full(len(self.referred), -1, dtype=np.int64)
        self.head, self.tail = 0, start

    @property
    def waiting(self) -> int:
        return self.tail - self.head

    def week(self, week: int, free: int) -> int:
        """Take this week's referrals and treat up to `free`; return the capacity left."""
        self.tail = int(np.searchsorted(self.referred, week, side="right"))
        treated = min(free, self.waiting)
        self.treated[self.head : self.head + treated] = week
        self.head += treated
        return free - treated

    def waited_more_than(self, week: int, weeks: int) -> int:
        oldest = int(np.searchsorted(self.referred, week - weeks, side="left"))
        return max(0, oldest - self.head)

    def waits(self) -> Counts:
        done = self.treated[: self.head]
        return done - self.referred[: self.head]


@dataclass(frozen=True)
class SimulatedBand:
    """Repeated runs summarised week by week: the low, middle and high quantiles (`quantiles`)
    of the list size and of the patients over 18 and 52 weeks."""

    runs: int
    quantiles: tuple[float, float, float]
    size: npt.NDArray[np.float64]  # (3, weeks)
    over_18_weeks: npt.NDArray[np.float64]
    over_52_weeks: npt.NDArray[np.float64]
    mean_wait: npt.NDArray[np.float64]  # the three quantiles of the runs' mean waits


def simulate_band(
    demand: float,
    capacity: float,
    weeks: int,
    *,
    runs: int,
    start_size: int = 0,
    priorities: Sequence[float] = (1.0,),
    seed: int = 0,
    quantiles: tuple[float, float, float] = (0.1, 0.5, 0.9),
) -> SimulatedBand:
    """`runs` seeded runs of `simulate_waiting_list` (independent streams spawned from `seed`)
    and their spread: how sure the estimate of the patients over 18 and 52 weeks is."""
    if runs < 2:
        raise ModelInputError("runs", f"must be 2 or more for a spread, not {runs}")
    _check_run(demand, capacity, weeks, start_size, runs)
    streams = np.random.SeedSequence(seed).spawn(runs)
    results = [
        simulate_waiting_list(
            demand,
            capacity,
            weeks,
            start_size=start_size,
            priorities=priorities,
            seed=int(stream.generate_state(1)[0]),
        )
        for stream in streams
    ]

    def band(values: list[Counts] | list[float]) -> npt.NDArray[np.float64]:
        return np.quantile(np.asarray(values, dtype=np.float64), quantiles, axis=0)

    return SimulatedBand(
        runs,
        quantiles,
        band([r.size for r in results]),
        band([r.over_18_weeks for r in results]),
        band([r.over_52_weeks for r in results]),
        band([r.mean_wait for r in results]),
    )
