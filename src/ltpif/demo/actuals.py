"""Synthetic monthly actuals for the demo: SYNTHETIC DATA, NOT NHS STATISTICS.

`ltpif demo` runs on a fresh machine with no NHS files, yet the monitoring pages need
something to chart. These actuals are made up, deterministically (seeded by system and
metric, so every run gives the same numbers), for all 42 systems and England:
- emergency admissions and the RTT waiting list follow each demo plan's own trajectory (the
  baseline year's level before it, as plans start from their baseline), with noise;
- A&E attendances, the 4-hour share and the RTT 18-week share, which plans do not carry,
  sit at a steady level of their own for each system, with noise.
Noise alone leaves most charts at common cause; `SPECIAL_CAUSES` are planted on purpose so
that the charts show each kind of special cause. Nothing here is a real figure.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ltpif.demo.figures import spread
from ltpif.framework.pack import Pack
from ltpif.monitoring.actuals import Actual
from ltpif.monitoring.periods import parse_period
from ltpif.monitoring.trajectory import expand, plan_trajectory
from ltpif.plans.document import Plan

SOURCE = "SYNTHETIC demo actuals (made up by ltpif demo; not NHS data)"
FORMAT = "synthetic-demo"
SEED = "ltpif-demo-actuals-1"
# April 2016 to August 2019: up to the demo calendar's today (16 September 2019).
FIRST_MONTH, LAST_MONTH = (2016, 4), (2019, 8)
LATEST = "2019-08"
PLANNED = {  # metric: (time basis, noise as a share of the level)
    "emergency-admissions": ("flow", 0.02),
    "rtt-waiting-list": ("stock", 0.01),
}
ATTENDANCES = "ae-attendances"
ATTENDANCES_PER_HEAD = (0.38, 0.1)  # a year, per registered person: (lowest, spread)
ATTENDANCES_NOISE = 0.025  # a share of the level
FOUR_HOURS = "ae-4-hour-performance"
FOUR_HOURS_LEVEL = (0.84, 0.09)
WITHIN_18_WEEKS = "rtt-within-18-weeks"
WITHIN_18_WEEKS_LEVEL = (0.84, 0.07)
SHARE_NOISE = 0.008  # standard deviation of a share, in proportion points
METRICS = (*PLANNED, ATTENDANCES, FOUR_HOURS, WITHIN_18_WEEKS)


@dataclass(frozen=True)
class SpecialCause:
    system_index: int  # position of the system in code order (no system code in code)
    metric: str
    first: str  # first period affected
    last: str  # last period affected
    factor: float  # counts are multiplied by 1 + factor; shares moved by factor points
    what: str


SPECIAL_CAUSES = (
    SpecialCause(
        0, "emergency-admissions", "2018-01", "2018-01", 0.3, "a winter spike beyond the limit"
    ),
    SpecialCause(1, FOUR_HOURS, "2019-01", LATEST, -0.05, "a fall since January 2019"),
    SpecialCause(2, WITHIN_18_WEEKS, "2018-11", LATEST, 0.04, "a lasting improvement"),
)


def months() -> list[str]:
    year, month = FIRST_MONTH
    out = []
    while (year, month) <= LAST_MONTH:
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _noise(system: str, metric: str) -> random.Random:
    return random.Random(f"{SEED}|{system}|{metric}")  # str seeds are stable across runs


def _planned(pack: Pack, plan: Plan, metric: str, periods: list[str]) -> list[float]:
    """The plan's trajectory per month; before the plan's years, its first month's level."""
    time_basis, sd = PLANNED[metric]
    by_year = plan_trajectory(plan, metric)
    calendar = pack.year_calendar
    expected = expand(by_year, [parse_period(p, calendar) for p in periods], time_basis, calendar)
    first = next(expected[p] for p in periods if p in expected)
    noise = _noise(plan.system, metric)
    return [expected.get(p, first) * (1 + noise.gauss(0, sd)) for p in periods]


def _steady(code: str, metric: str, level: float, sd: float, periods: list[str]) -> list[float]:
    noise = _noise(code, metric)
    return [level + noise.gauss(0, sd) for _ in periods]


def _plant(values: list[float], periods: list[str], cause: SpecialCause, share: bool) -> None:
    for i, period in enumerate(periods):
        if cause.first <= period <= cause.last:
            values[i] = values[i] + cause.factor if share else values[i] * (1 + cause.factor)


def demo_actuals(pack: Pack, plans: Mapping[str, Plan], national_code: str) -> list[Actual]:
    """Monthly actuals of `METRICS` for every system (whose plan is in `plans`) and England."""
    periods = months()
    systems = sorted(pack.geography.system, key=lambda s: s.code)
    planted = {(code, c.metric): c for code, c in special_cause_places(pack)}
    out: list[Actual] = []
    for system in systems:
        plan = plans[system.code]
        series = {m: _planned(pack, plan, m, periods) for m in PLANNED}
        per_month = system.population.registered * spread(ATTENDANCES_PER_HEAD, system.code) / 12
        series[ATTENDANCES] = _steady(
            system.code, ATTENDANCES, per_month, per_month * ATTENDANCES_NOISE, periods
        )
        shares = {
            FOUR_HOURS: spread(FOUR_HOURS_LEVEL, system.code, FOUR_HOURS),
            WITHIN_18_WEEKS: spread(WITHIN_18_WEEKS_LEVEL, system.code, WITHIN_18_WEEKS),
        }
        for metric, level in shares.items():
            series[metric] = _steady(system.code, metric, level, SHARE_NOISE, periods)
        for metric, values in series.items():
            if (system.code, metric) in planted:
                _plant(values, periods, planted[(system.code, metric)], metric in shares)
        denominators = {FOUR_HOURS: ATTENDANCES, WITHIN_18_WEEKS: "rtt-waiting-list"}
        for i, period in enumerate(periods):
            counts = {m: float(round(series[m][i])) for m in (*PLANNED, ATTENDANCES)}
            for metric, value in counts.items():
                out.append(Actual("system", system.code, metric, period, value))
            for metric, of in denominators.items():
                share = min(max(series[metric][i], 0.0), 1.0)
                numerator = float(round(counts[of] * share))
                out.append(
                    Actual(
                        "system", system.code, metric, period, numerator / counts[of],
                        numerator, counts[of],
                    )
                )  # fmt: skip
    return sorted(out + national(out, national_code))


def national(actuals: Sequence[Actual], code: str) -> list[Actual]:
    """England: counts added up, shares as Σ numerator / Σ denominator."""
    totals: dict[tuple[str, str], list[float]] = {}
    for a in actuals:
        total = totals.setdefault((a.metric, a.period), [0.0, 0.0, 0.0])
        total[0] += a.value
        if a.denominator is not None:
            total[1] += a.numerator
            total[2] += a.denominator
    return [
        Actual("national", code, metric, period, num / den, num, den)
        if den
        else Actual("national", code, metric, period, value)
        for (metric, period), (value, num, den) in totals.items()
    ]


def content_hash(actuals: Sequence[Actual]) -> str:
    """A SHA-256 of the numbers, standing in for a file's: the same demo loads once."""
    digest = hashlib.sha256(SOURCE.encode())
    for a in sorted(actuals):
        digest.update(repr(tuple(vars(a).values())).encode())
    return digest.hexdigest()


def special_cause_places(pack: Pack) -> list[tuple[str, SpecialCause]]:
    """(system code, cause) for each planted special cause."""
    systems = sorted(s.code for s in pack.geography.system)
    return [(systems[c.system_index], c) for c in SPECIAL_CAUSES]
