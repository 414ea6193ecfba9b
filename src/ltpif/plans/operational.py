"""Operational plans: an agreed plan's operational year phased by month, metric by metric.

The framework asks for "the final submission of operational plans by the end of March 2020"
(pack calendar.toml, deadline `operational-plans`); the operational year is the financial
year that begins the day after that deadline (2020/21), unless another is named.

Each trajectory metric of the plan that has a value for the year is phased over its twelve
months (the pack's year convention: April to March) by a profile of 12 weights (flat: all
equal; seasonal: the metric's monthly actuals; or entered by the planner). How depends on the
metric's roll-up kind in the pack:
- `sum` (a count, £ million, whole-time equivalents): the months add up EXACTLY to the annual
  value. Each month is rounded to the metric's precision (DECIMALS, by unit, or finer when the
  annual value itself has more decimals, up to MOST_DECIMALS: an annual value with more is
  first rounded to that many) by the largest-remainder method: every month gets
  the floor of its share, then the months with the largest remainders get one unit more
  (ties: the earlier month) until the total is reached.
- `ratio_of_sums` and `coverage` (a rate, a share): a rate does not add up over months, so
  each month carries the annual rate; a planner may enter monthly rates (no sum is asked of
  them).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from ltpif.framework.pack import Pack
from ltpif.framework.schema import FinancialYear, Id
from ltpif.framework.typed import Pattern, record
from ltpif.plans.document import Plan

OPERATIONAL_FORMAT: Literal[1] = 1
#: the pack calendar's deadline of the operational plans: the year after it is phased
DEADLINE_ID = "operational-plans"
MONTHS = 12
#: decimal places a month's value is rounded to, by the metric's unit
DECIMALS: dict[str, int] = {
    "count": 0,
    "flag": 0,
    "wte": 2,
    "gbp_m": 3,  # £ thousand
    "days": 1,
    "hours": 1,
    "weeks": 1,
    "proportion": 4,
}
#: decimals at most: a float holds 15 significant digits
MOST_DECIMALS = 6

Month = Annotated[str, Pattern(r"\d{4}-(0[1-9]|1[0-2])", "a month like '2020-04'")]
Sha256 = Annotated[str, Pattern(r"[0-9a-f]{64}", "a SHA-256 in 64 lower-case hex digits")]
Profile = Literal["flat", "seasonal", "planner"]
Phasing = Literal["sum", "rate"]


@record
class PhasedMetric:
    metric: Id
    annual: float  # the agreed plan's value for the year
    phasing: Phasing  # sum: the months add up to `annual`; rate: each month is a rate
    profile: Profile  # where the months came from
    months: dict[Month, float]
    note: str = ""  # e.g. why a seasonal profile fell back to flat


@record
class OperationalPlan:
    ltpif_operational_plan: Literal[1]
    pack: Id
    pack_version: str
    system: str
    year: FinancialYear
    plan_sha256: Sha256  # the agreed plan version it phases
    metrics: list[PhasedMetric]


def phasing_of(rollup: str) -> Phasing:
    return "sum" if rollup == "sum" else "rate"


def decimals_for(unit: str, annual: float) -> int:
    """The metric's precision, or the annual value's own if finer (so the months can add up
    to it exactly)."""
    exponent = Decimal(repr(annual)).normalize().as_tuple().exponent
    own = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return min(max(DECIMALS.get(unit, 0), own), MOST_DECIMALS)


def phase_sum(annual: float, weights: Sequence[float], decimals: int) -> list[float]:
    """`annual` split in proportion to `weights` (≥ 0, not all zero), each part a multiple of
    10^-decimals, adding up exactly to `annual` at that precision (largest remainder)."""
    if len(weights) == 0 or any(w < 0 or not math.isfinite(w) for w in weights):
        raise ValueError("weights must be finite and not negative")
    total_weight = sum(Fraction(w) for w in weights)
    if total_weight == 0:
        raise ValueError("the weights are all zero")
    units = int(rounded(annual, decimals).scaleb(decimals))
    shares = [Fraction(units) * Fraction(w) / total_weight for w in weights]
    floors = [math.floor(s) for s in shares]
    left = units - sum(floors)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return [float(Decimal(n).scaleb(-decimals)) for n in floors]


def operational_year(pack: Pack) -> str:
    """The financial year an operational plan phases: the one after the pack's deadline."""
    deadline = next(d for d in pack.calendar.deadline if d.id == DEADLINE_ID)
    return pack.year_calendar.year_of(deadline.date + dt.timedelta(days=1))


def annual_values(plan: Plan, year: str) -> dict[str, float]:
    """Each trajectory metric's value for the year (the rate for a ratio given as parts)."""
    found: dict[str, float] = {}
    for entry in plan.commitments:
        for trajectory in entry.trajectories:
            if year in trajectory.values:
                found[trajectory.metric] = trajectory.values[year]
            elif trajectory.denominator.get(year) and year in trajectory.numerator:
                found[trajectory.metric] = trajectory.numerator[year] / trajectory.denominator[year]
    return found


def phase_metric(
    pack: Pack,
    metric: str,
    annual: float,
    months: Sequence[str],
    weights: Sequence[float] | None,
    profile: Profile,
    note: str = "",
) -> PhasedMetric:
    """One metric phased: by `weights` (None: flat) if it sums, else the rate each month."""
    definition = pack.metric_by_id[metric]
    phasing = phasing_of(definition.rollup)
    if phasing == "rate":
        values = [annual] * len(months)
    else:
        decimals = decimals_for(definition.unit, annual)
        values = phase_sum(annual, weights or [1.0] * len(months), decimals)
    return PhasedMetric(
        metric=metric,
        annual=annual,
        phasing=phasing,
        profile=profile,
        months=dict(zip(months, values, strict=True)),
        note=note,
    )


def phase_plan(
    pack: Pack,
    plan: Plan,
    plan_sha256: str,
    year: str,
    weights: Mapping[str, Sequence[float]] | None = None,
    notes: Mapping[str, str] | None = None,
    profile: Profile = "flat",
) -> OperationalPlan:
    """The operational plan of `plan` for `year`: every metric flat, or by its `weights`
    where given (the others flat, with their `notes` saying why)."""
    months = pack.year_calendar.months(year)
    weights, notes = weights or {}, notes or {}
    phased = []
    for metric, annual in annual_values(plan, year).items():
        own = weights.get(metric)
        used: Profile = profile if own is not None else "flat"
        phased.append(phase_metric(pack, metric, annual, months, own, used, notes.get(metric, "")))
    return OperationalPlan(
        ltpif_operational_plan=OPERATIONAL_FORMAT,
        pack=plan.pack,
        pack_version=plan.pack_version,
        system=plan.system,
        year=year,
        plan_sha256=plan_sha256,
        metrics=phased,
    )


def months_total(months: Mapping[str, float]) -> Decimal:
    """The months added up exactly, as written (no float error)."""
    return sum((Decimal(repr(v)) for v in months.values()), Decimal(0))


def rounded(annual: float, decimals: int) -> Decimal:
    """The annual value at the precision its months are written to."""
    return (Decimal(repr(annual)) * 10**decimals).to_integral_value().scaleb(-decimals)


def shortfall(phased: PhasedMetric, unit: str) -> Decimal | None:
    """How far a summed metric's months fall short of its annual value (negative: over), at
    the precision the months are written to; None when they add up, or for a rate."""
    if phased.phasing != "sum":
        return None
    annual = rounded(phased.annual, decimals_for(unit, phased.annual))
    difference = annual - months_total(phased.months)
    return difference if difference != 0 else None


def month_problems(phased: PhasedMetric, year_months: Sequence[str]) -> Iterator[str]:
    """Months missing from, or outside, the operational year."""
    missing = [m for m in year_months if m not in phased.months]
    extra = [m for m in phased.months if m not in year_months]
    if missing:
        yield f"no value for {', '.join(missing)}"
    if extra:
        yield f"{', '.join(extra)} is not a month of the year"


def seasonal_weights(by_month: Mapping[str, float], start_month: int) -> list[float] | str:
    """A profile of 12 weights (the first month of the year first) from monthly actuals keyed
    "YYYY-MM": each month's mean over the years loaded. Or why there is none: a month of the
    year with no actuals, a negative value, or all zero."""
    seen: list[list[float]] = [[] for _ in range(MONTHS)]
    for month, value in by_month.items():
        number = int(month[5:7])
        seen[(number - start_month) % MONTHS].append(value)
    missing = [i for i, values in enumerate(seen) if not values]
    if missing:
        names = ", ".join(_MONTH_NAMES[(start_month - 1 + i) % MONTHS] for i in missing)
        return f"no monthly actuals for {names}"
    weights = [sum(values) / len(values) for values in seen]
    if any(w < 0 for w in weights):
        return "a month's actuals are negative"
    if not any(weights):
        return "the monthly actuals are all zero"
    return weights


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
