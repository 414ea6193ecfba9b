"""The Feasibility tab's tables beyond the waiting list by year: the list the planned capacity
leaves with the simulator's band, the capacity needed against planned, the finance bridge and
the workforce against activity. Each is rows of plain numbers (a chart is drawn from them, and
its CSV holds exactly them); a capacity what-if replaces a year's completed pathways.

The flows are those of the pack's waiting-list-feasible rule; the activity is that of its
workforce-supports-activity rule: no threshold or share is written here.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ltpif.assurance.checks.feasibility import (
    WEEKS_A_YEAR,
    WaitingListParams,
    WorkforceParams,
    pay_years,
)
from ltpif.assurance.registry import CheckContext
from ltpif.framework.numbers import BadNumber, is_blank, parse_number
from ltpif.framework.pack import Pack
from ltpif.framework.typed import parse
from ltpif.modelling.waiting_list import project_waiting_list, simulate_band
from ltpif.plans.document import Plan

# The band's budget: the patients simulated for one plan's page, all years and runs together.
# Well under a second: the simulator runs several million patients a second on one core.
BAND_PATIENTS = 4_500_000
BAND_RUNS = (3, 5)  # the fewest runs a band is drawn from, and the most
BAND_QUANTILES = (0.1, 0.5, 0.9)


def _rule_params(pack: Pack, check: str, record: type) -> object | None:
    rule = next((r for r in pack.rules.rule if r.check == check), None)
    return None if rule is None else parse(record, rule.params)


@dataclass(frozen=True)
class Flows:
    """The plan's list, referrals and completed pathways by year, and the other removals'
    share of referrals (the waiting-list-feasible rule's)."""

    years: list[str]
    sizes: dict[str, float]
    referrals: dict[str, float]
    completions: dict[str, float]
    other_removals_share: float


def flows(pack: Pack, plan: Plan) -> Flows | None:
    params = _rule_params(pack, "waiting-list-feasible", WaitingListParams)
    if not isinstance(params, WaitingListParams):
        return None
    ctx = CheckContext(pack, plan)
    found = [ctx.series(m) for m in (params.waiting_list, params.referrals, params.completions)]
    if any(series is None for series in found):
        return None
    sizes, referred, completed = (series.values for series in found if series is not None)
    return Flows(ctx.years, sizes, referred, completed, params.other_removals_share)


# --- the list the planned capacity leaves, with the simulator's band --------------------------


@dataclass(frozen=True)
class ProjectedYear:
    """One year of the list as planned and as the planned flows leave it, chained from the
    first year's list; the simulator's band (None where it was not run) is of the same flows."""

    year: str
    planned: float | None
    referrals: float
    completions: float
    projected: float
    low: float | None = None
    median: float | None = None
    high: float | None = None
    over_18_weeks: float | None = None
    over_52_weeks: float | None = None


@dataclass(frozen=True)
class Projection:
    rows: list[ProjectedYear]
    runs: int  # 0: the band was not simulated
    note: str  # why not, or how


def projection(
    pack: Pack, plan: Plan, completions: Mapping[str, float] | None = None, *, seed: int = 0
) -> Projection:
    """The list year by year from the first year's list, with the year's referrals less the
    other removals and its completed pathways (`completions` replaces the plan's in the years
    it gives: the capacity what-if); and the simulator's band around it: each year simulated
    week by week from the last year's simulated median, in 3 to 5 seeded runs as the budget
    allows (only the last year when every year would take too long)."""
    found = flows(pack, plan)
    if found is None or found.years[0] not in found.sizes:
        return Projection([], 0, "The plan gives no waiting list, referrals and completions.")
    done = {**found.completions, **(completions or {})}
    years = [y for y in found.years[1:] if y in found.referrals and y in done]
    kept = 1 - found.other_removals_share
    start = found.sizes[found.years[0]]
    net = [found.referrals[y] * kept for y in years]
    removed = [found.referrals[y] * found.other_removals_share for y in years]
    sizes = project_waiting_list(
        start, [found.referrals[y] for y in years], [done[y] for y in years], removed
    )
    rows = [
        ProjectedYear(y, found.sizes.get(y), found.referrals[y], done[y], size)
        for y, size in zip(years, sizes, strict=True)
    ]
    if any(n <= 0 for n in net) or any(done[y] <= 0 for y in years):
        why = "A year has no referrals or no completions to simulate"
        return Projection(rows, 0, f"{why}: the projection is shown without its band.")
    starts = [start, *sizes[:-1]]
    simulated, runs = _band_years(starts, net)
    if not simulated:
        why = "The list is too large to simulate within the page's time"
        return Projection(rows, 0, f"{why}: the projection is shown without its band.")
    banded, size = [], starts[simulated[0]]
    for k, row in enumerate(rows):
        if k not in simulated:
            banded.append(row)
            continue
        band = simulate_band(
            net[k] / WEEKS_A_YEAR,
            row.completions / WEEKS_A_YEAR,
            WEEKS_A_YEAR,
            runs=runs,
            start_size=round(size),
            seed=seed + k,
            quantiles=BAND_QUANTILES,
        )
        low, median, high = (float(round(v)) for v in band.size[:, -1])
        banded.append(
            dataclasses.replace(
                row,
                low=low,
                median=median,
                high=high,
                over_18_weeks=float(round(band.over_18_weeks[1, -1])),
                over_52_weeks=float(round(band.over_52_weeks[1, -1])),
            )
        )
        size = median
    which = (
        "each year started from the last year's median"
        if len(simulated) == len(rows)
        else f"{rows[-1].year} only (a list this size takes too long to simulate every year), "
        "started from the list the capacity leaves the year before"
    )
    note = (
        f"The band is the 10th to 90th percentile of {runs} seeded runs of the simulator "
        f"(Poisson referrals and treatments, first come first served), {which}."
    )
    return Projection(banded, runs, note)


def _band_years(starts: Sequence[float], net: Sequence[float]) -> tuple[list[int], int]:
    """Which years to simulate and how many runs, within BAND_PATIENTS: every year if the
    budget allows the fewest runs, else the last year alone, else none."""
    low, high = BAND_RUNS
    for years in (list(range(len(net))), [len(net) - 1]):
        patients = sum(starts[k] + net[k] for k in years)
        runs = min(high, int(BAND_PATIENTS // max(patients, 1)))
        if runs >= low:
            return years, runs
    return [], 0


# --- capacity needed against planned ----------------------------------------------------------


def capacity_rows(pack: Pack, plan: Plan) -> list[dict]:
    """Per year after a planned year: the completed pathways planned and those the planned
    list needs (the year's referrals less other removals, plus the fall in the list), a year
    and a week, the shortfall, and the queue load (demand over the capacity planned)."""
    found = flows(pack, plan)
    if found is None:
        return []
    kept = 1 - found.other_removals_share
    out = []
    for before, year in pairwise(found.years):
        if before not in found.sizes or not all(
            year in v for v in (found.sizes, found.referrals, found.completions)
        ):
            continue
        demand = found.referrals[year] * kept
        needed = demand + found.sizes[before] - found.sizes[year]
        planned = found.completions[year]
        out.append(
            {
                "year": year,
                "demand": round(demand),
                "planned": round(planned),
                "needed": round(needed),
                "shortfall": round(max(0.0, needed - planned)),
                "planned_a_week": round(planned / WEEKS_A_YEAR, 1),
                "needed_a_week": round(needed / WEEKS_A_YEAR, 1),
                "queue_load": round(demand / planned, 3) if planned > 0 else None,
            }
        )
    return out


# --- the finance bridge -----------------------------------------------------------------------


def finance_rows(pack: Pack, plan: Plan) -> list[dict]:
    """Per year: the system's income, expenditure, balance, cash-releasing efficiency and the
    control total the pack sets (None where none), £ million."""
    ctx = CheckContext(pack, plan)
    totals = {t.year: t.surplus for t in pack.finance.control_total if t.system == plan.system}
    return [
        {
            "year": row.year,
            "income": _money(row.income),
            "expenditure": _money(row.expenditure),
            "surplus": _money(row.surplus),
            "efficiency": _money(row.cash_releasing_efficiency),
            "control_total": totals.get(row.year),
        }
        for row in ctx.system_measures
        if row.income is not None and row.expenditure is not None
    ]


def finance_bridge(rows: Sequence[dict]) -> list[dict]:
    """From the first year's balance to the last's: what the income adds, what the spending
    takes (of which the efficiency saved is already out), £ million."""
    if len(rows) < 2:
        return []
    first, last = rows[0], rows[-1]
    return [
        {"step": f"Balance in {first['year']}", "amount": first["surplus"]},
        {"step": "Income grows by", "amount": _money(last["income"] - first["income"])},
        {
            "step": "Spending grows by (taken off)",
            "amount": _money(-(last["expenditure"] - first["expenditure"])),
        },
        {"step": f"Balance in {last['year']}", "amount": last["surplus"]},
    ]


def _money(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# --- the workforce against activity -----------------------------------------------------------


def workforce_rows(pack: Pack, plan: Plan) -> list[dict]:
    """Per year every staff group gives: the WTE, the pay bill (None where not given), the
    activity of the workforce-supports-activity rule, and each as an index (first year 100)."""
    params = _rule_params(pack, "workforce-supports-activity", WorkforceParams)
    ctx = CheckContext(pack, plan)
    activity = ctx.series(params.activity) if isinstance(params, WorkforceParams) else None
    groups = plan.workforce
    pay = {row.year: row.pay_cost for row in pay_years(ctx)}
    years = [y for y in ctx.years if groups and all(y in g.wte for g in groups)]
    out: list[dict] = []
    for year in years:
        wte = round(sum(g.wte[year] for g in groups), 1)
        done = None if activity is None else activity.values.get(year)
        out.append({"year": year, "wte": wte, "pay_cost": _money(pay.get(year)), "activity": done})
    if out:
        base = out[0]
        for row in out:
            for key in ("wte", "pay_cost", "activity"):
                row[f"{key}_index"] = _index(row[key], base[key])
    return out


def _index(value: float | None, base: float | None) -> float | None:
    return None if value is None or not base else round(100 * value / base, 1)


# --- CSV --------------------------------------------------------------------------------------


def rows_csv(columns: Sequence[str], rows: Sequence[Mapping]) -> str:
    """Rows as CSV under `columns` (their keys): a header alone when there are none; a missing
    value is an empty cell; whole numbers without a decimal point."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


PROJECTION_COLUMNS = (
    "year",
    "planned_list",
    "list_the_capacity_leaves",
    "simulated_low",
    "simulated_median",
    "simulated_high",
    "simulated_over_18_weeks",
    "simulated_over_52_weeks",
)


def projection_dicts(result: Projection) -> list[dict]:
    return [
        {
            "year": r.year,
            "planned_list": r.planned,
            "list_the_capacity_leaves": float(round(r.projected)),
            "simulated_low": r.low,
            "simulated_median": r.median,
            "simulated_high": r.high,
            "simulated_over_18_weeks": r.over_18_weeks,
            "simulated_over_52_weeks": r.over_52_weeks,
        }
        for r in result.rows
    ]


CAPACITY_COLUMNS = (
    "year",
    "demand",
    "planned",
    "needed",
    "shortfall",
    "planned_a_week",
    "needed_a_week",
    "queue_load",
)
FINANCE_COLUMNS = ("year", "income", "expenditure", "surplus", "efficiency", "control_total")
WORKFORCE_COLUMNS = (
    "year",
    "wte",
    "pay_cost",
    "activity",
    "wte_index",
    "pay_cost_index",
    "activity_index",
)


# --- the capacity what-if ---------------------------------------------------------------------

Errors = list[tuple[str, str]]


def what_if_years(pack: Pack, plan: Plan) -> list[str]:
    """The years whose completed pathways a what-if may change: those the projection runs."""
    return [row.year for row in projection_rows_only(pack, plan)]


def projection_rows_only(pack: Pack, plan: Plan) -> list[ProjectedYear]:
    """The projection without the simulator (for the what-if's form)."""
    found = flows(pack, plan)
    if found is None or found.years[0] not in found.sizes:
        return []
    return [
        ProjectedYear(y, found.sizes.get(y), found.referrals[y], found.completions[y], 0.0)
        for y in found.years[1:]
        if y in found.referrals and y in found.completions
    ]


def read_capacity(years: Sequence[str], given: Mapping[str, object]) -> tuple[dict, Errors]:
    """Completed pathways by year from {year: text}: each a count of at least 1 (a list
    with no treatment is not a plan to simulate); an empty year keeps the plan's."""
    read: dict[str, float] = {}
    errors: Errors = []
    for year in years:
        raw = given.get(year)
        field = f"completions__{year}"
        if is_blank(raw):
            continue
        try:
            value = parse_number(raw, unit="count")
        except BadNumber as exc:
            errors.append((field, f"Completed pathways in {year}: {exc.message}"))
            continue
        if value < 1:
            errors.append((field, f"Completed pathways in {year} must be at least 1"))
            continue
        read[year] = value
    return read, errors


@dataclass(frozen=True)
class WhatIfYear:
    year: str
    planned_list: float | None
    completions_before: float
    completions_after: float
    list_before: float
    list_after: float
    over_52_before: float | None
    over_52_after: float | None


def capacity_what_if(
    pack: Pack, plan: Plan, completions: Mapping[str, float]
) -> tuple[list[WhatIfYear], Projection, Projection]:
    """The projected list and simulated 52-week waiters with the plan's completed pathways
    and with `completions` in their place (nothing saved)."""
    before, after = projection(pack, plan), projection(pack, plan, completions)
    rows = [
        WhatIfYear(
            b.year,
            b.planned,
            b.completions,
            a.completions,
            float(round(b.projected)),
            float(round(a.projected)),
            b.over_52_weeks,
            a.over_52_weeks,
        )
        for b, a in zip(before.rows, after.rows, strict=True)
    ]
    return rows, before, after
