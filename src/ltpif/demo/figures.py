"""The numbers of the demo plans: finance, workforce and metric trajectories.

Figures are synthetic but plausible: per-head rates and growth rates are the named constants
below, scaled by each system's population. Every threshold (ambition values, the productivity
test) is read from the pack, so the plans follow the pack rather than copies of its numbers.
Variety between systems comes from hashing their codes, never from random numbers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ltpif.framework import schema as s
from ltpif.framework.pack import Pack
from ltpif.plans.document import (
    Finance,
    FinanceYear,
    OrganisationFinance,
    StaffGroup,
    Trajectory,
)

T = TypeVar("T")

# --- Plausibility factors: synthetic, per head of population or per year ---------------------

COMMISSIONER_INCOME_PER_HEAD = 1_500.0  # £ per need-weighted head
PROVIDER_INCOME_PER_HEAD = 1_250.0  # £ per need-weighted head, all the system's providers
INCOME_GROWTH = 0.034
SURPLUS_RATE = (0.002, 0.004)  # (lowest, spread) as a share of income: a small surplus
PRODUCTIVITY_MARGIN = (0.002, 0.004)  # cash-releasing efficiency above the pack's minimum
COMMISSIONER_ADMIN_SHARE = 0.016
PROVIDER_ADMIN_SHARE = 0.04
MINIMUM_ADMIN_CUT = 0.1  # admin costs fall by at least this share even without an ambition
MENTAL_HEALTH_SHARE = 0.135  # of commissioner income at baseline
PRIMARY_COMMUNITY_SHARE = 0.24
INVESTMENT_EXTRA_GROWTH = 0.006  # investment lines grow at least this much faster than income
CAPITAL_SHARE = (0.024, 0.012)  # of provider income
COMMISSIONER_CAPITAL_SHARE = 0.001
SHARE_MARGIN = (0.05, 0.10)  # national-total ambitions: plan this far above the fair share
HEADCOUNT_PER_WTE = 1.18
# the pay bill's share of the organisations' income added up (commissioners' spending
# included, so well below the ~60% of a provider's that goes on staff)
PAY_SHARE = 0.35
PAY_OUTRUN = 0.03  # how much faster a year the pay bill grows, in the "workforce-unfunded" failing
RETENTION = (0.86, 0.89)  # staff retention at baseline and in the last year

# Providers: name pattern ({a}, {b} are places of the system), share of provider income, and
# the shares of its own income spent on mental health and on primary and community services.
PROVIDERS = (
    ("{a} Hospitals NHS Foundation Trust", 0.50, 0.02, 0.06),
    ("{system} Partnership NHS Foundation Trust", 0.16, 0.80, 0.12),
    ("{b} Community Health NHS Trust", 0.12, 0.08, 0.85),
    ("{b} Teaching Hospitals NHS Trust", 0.35, 0.02, 0.04),
)
# Staff group, WTE per 100,000 registered people at baseline, yearly growth.
STAFF_GROUPS = (
    ("Nurses and health visitors", 620.0, 0.024),
    ("Doctors", 210.0, 0.02),
    ("Allied health professionals", 150.0, 0.03),
    ("Healthcare assistants and support staff", 520.0, 0.015),
    ("Managers and infrastructure support", 330.0, -0.004),
    ("Scientific, therapeutic and technical", 270.0, 0.02),  # only some systems list it
)
STAFF_SHRINKING = -0.03  # every staff group, a year, in the "staff-shrink" failing
# Metrics the finance section determines.
CASH_RELEASING = "cash-releasing-productivity"
MENTAL_HEALTH = "mental-health-spend"
PRIMARY_COMMUNITY = "primary-community-spend"
ADMIN_TOTAL = "admin-cost-savings"
ADMIN_COMMISSIONERS = "admin-cost-savings-commissioners"
ADMIN_PROVIDERS = "admin-cost-savings-providers"

# --- The deliberate failings' numbers (which year, by how much) ------------------------------

LOW_PRODUCTIVITY_YEAR, LOW_PRODUCTIVITY_FACTOR = 2, 0.6  # 2020/21, at 60% of the minimum
PROVIDER_SAVINGS_SHORT = 0.5  # "admin-savings-short": providers save half their fair share
SAVINGS_OVERCLAIM = 1.25  # "savings-overclaimed": the last year's claim over what is saved
DEFICIT_YEAR, DEFICIT_RATE = 3, 0.006  # 2021/22, beyond wiping out every surplus
MENTAL_HEALTH_SHORT_YEAR, MENTAL_HEALTH_SHORTFALL = 4, 0.01  # 2022/23, below income growth


def unit(*parts: str) -> float:
    """A stable number in [0, 1) from text: variety that is the same on every run."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def pick(options: Sequence[T], *parts: str) -> T:
    return options[int(unit(*parts) * len(options))]


def spread(bounds: tuple[float, float], *parts: str) -> float:
    low, width = bounds
    return low + width * unit(*parts)


def due_index(pack: Pack, by: str | dt.date) -> int:
    """The index in pack.plan_years of the year an ambition falls due.

    A date is due in the year that ends before it, so "by 1 April 2021" is 2020/21.
    """
    calendar, years = pack.year_calendar, pack.plan_years
    day = calendar.end_of(by) - dt.timedelta(days=1)
    year = calendar.year_of(day)
    if year in years:
        return years.index(year)
    return 0 if day < pack.window[0] else len(years) - 1


def every_system_ambitions(pack: Pack, metric_id: str) -> list[s.Ambition]:
    found = [a for a in pack.ambitions if a.metric == metric_id and a.scope == "every_system"]
    return sorted(found, key=lambda a: due_index(pack, a.by))


def fair_share(pack: Pack, system: s.System, ambition: s.Ambition) -> float:
    """The system's need-weighted share of a national-total ambition."""
    national = sum(x.population.need_weighted for x in pack.geography.system)
    return ambition.value * system.population.need_weighted / national


def national_targets(pack: Pack, system: s.System) -> dict[str, tuple[float, int]]:
    """metric → (level planned, year index due) for each national-total ambition."""
    targets: dict[str, tuple[float, int]] = {}
    for ambition in pack.ambitions:
        if ambition.scope != "national_total" or ambition.comparison != "at_least":
            continue
        margin = 1 + spread(SHARE_MARGIN, system.code, ambition.id)
        level = fair_share(pack, system, ambition) * margin
        if level > targets.get(ambition.metric, (0.0, 0))[0]:
            targets[ambition.metric] = (level, due_index(pack, ambition.by))
    return targets


def money(value: float) -> float:
    return round(value, 2)


def per_100k(system: s.System, rate: float) -> float:
    return rate * system.population.registered / 100_000


# --- Finance ---------------------------------------------------------------------------------


@dataclass
class _Org:
    code: str
    name: str
    kind: str
    base_income: float
    admin_share: float
    capital_share: float
    line_shares: tuple[float, float]  # mental health, primary and community: share of income
    income: list[float] = field(default_factory=list)
    expenditure: list[float] = field(default_factory=list)
    efficiency: list[float] = field(default_factory=list)
    admin: list[float] = field(default_factory=list)
    lines: dict[str, list[float]] = field(default_factory=dict)  # mental health, primary care

    def finance(self, years: list[str]) -> OrganisationFinance:
        def line(metric_id: str, k: int) -> float | None:
            values = self.lines.get(metric_id)
            return money(values[k]) if values else None

        return OrganisationFinance(
            code=self.code,
            name=self.name,
            kind="commissioner" if self.kind == "commissioner" else "provider",
            years={
                year: FinanceYear(
                    income=money(self.income[k]),
                    expenditure=money(self.expenditure[k]),
                    cash_releasing_efficiency=money(self.efficiency[k]),
                    admin_costs=money(self.admin[k]),
                    mental_health_spend=line(MENTAL_HEALTH, k),
                    primary_community_spend=line(PRIMARY_COMMUNITY, k),
                    capital=money(self.income[k] * self.capital_share),
                )
                for k, year in enumerate(years)
            },
        )


def _organisations(system: s.System, places: tuple[str, str]) -> list[_Org]:
    """One commissioner and two to four providers, sized by need-weighted population."""
    millions = system.population.need_weighted / 1e6  # £ per head × millions of heads = £m
    commissioner = _Org(
        f"DEMO-{system.ods}-01",
        f"NHS {system.name} Clinical Commissioning Groups",
        "commissioner",
        COMMISSIONER_INCOME_PER_HEAD * millions,
        COMMISSIONER_ADMIN_SHARE,
        COMMISSIONER_CAPITAL_SHARE,
        (MENTAL_HEALTH_SHARE, PRIMARY_COMMUNITY_SHARE),
    )
    chosen = PROVIDERS[: 2 + int(unit(system.code, "providers") * (len(PROVIDERS) - 1))]
    total_weight = sum(weight for _, weight, _, _ in chosen)
    providers = []
    for number, (pattern, weight, *line_shares) in enumerate(chosen, start=2):
        name = pattern.format(a=places[0], b=places[-1], system=system.name)
        income = PROVIDER_INCOME_PER_HEAD * millions * weight / total_weight
        capital = spread(CAPITAL_SHARE, system.code, name)
        code = f"DEMO-{system.ods}-{number:02d}"
        shares = (line_shares[0], line_shares[1])
        org = _Org(code, name, "provider", income, PROVIDER_ADMIN_SHARE, capital, shares)
        providers.append(org)
    return [commissioner, *providers]


def _admin_cuts(pack: Pack, system: s.System) -> tuple[tuple[float, int], tuple[float, int]]:
    """(saving, year due) for the commissioner and for all providers together."""
    targets, last = national_targets(pack, system), (0.0, len(pack.plan_years) - 1)
    commissioners, due = targets.get(ADMIN_COMMISSIONERS, last)
    providers, due_providers = targets.get(ADMIN_PROVIDERS, last)
    total = targets.get(ADMIN_TOTAL, last)[0]
    if commissioners + providers < total:  # the parts must add up to the whole
        scale = total / max(commissioners + providers, 1e-9)
        commissioners, providers = commissioners * scale, providers * scale
    return (commissioners, due), (providers, due_providers)


def _admin_lines(pack: Pack, system: s.System, orgs: list[_Org], failings: Sequence[str]) -> None:
    """Each organisation's administration costs, falling by its part of the system's savings."""
    n = len(pack.plan_years)
    commissioner, providers = orgs[0], orgs[1:]
    (cut_commissioner, due), (cut_providers, due_providers) = _admin_cuts(pack, system)
    provider_income = sum(org.base_income for org in providers)
    for org in orgs:
        base = org.base_income * org.admin_share
        if org is commissioner:
            cut, by = cut_commissioner, due
        else:
            cut, by = cut_providers * org.base_income / provider_income, due_providers
        cut = max(cut, base * MINIMUM_ADMIN_CUT)
        if org is not commissioner and "admin-savings-short" in failings:
            cut = cut_providers * PROVIDER_SAVINGS_SHORT * org.base_income / provider_income
        org.admin = [base - cut * k / max(by, 1) for k in range(n)]


def build_finance(
    pack: Pack, system: s.System, places: tuple[str, str], failings: Sequence[str]
) -> tuple[Finance, dict[str, Trajectory]]:
    """The finance section, and the trajectories of the metrics it determines."""
    years = pack.plan_years
    n = len(years)
    test = next(r for r in pack.rules.rule if r.check == "productivity-growth")
    min_growth = float(str(test.params["min_growth"]))
    orgs = _organisations(system, places)
    commissioner, providers = orgs[0], orgs[1:]
    for org in orgs:
        org.income = [org.base_income * (1 + INCOME_GROWTH) ** k for k in range(n)]
        rate = spread(SURPLUS_RATE, org.code, "surplus")
        org.expenditure = [income * (1 - rate) for income in org.income]
    if "deficit-2021-22" in failings:  # the commissioner overspends by more than all surpluses
        k, income = DEFICIT_YEAR, commissioner.income[DEFICIT_YEAR]
        surpluses = sum(org.income[k] - org.expenditure[k] for org in providers)
        commissioner.expenditure[k] = income + surpluses + income * DEFICIT_RATE
    for org in orgs:
        org.efficiency = [
            spent * (min_growth + spread(PRODUCTIVITY_MARGIN, org.code, years[k]))
            for k, spent in enumerate(org.expenditure)
        ]
    if "low-productivity" in failings:  # the smallest provider saves too little one year
        k, smallest = LOW_PRODUCTIVITY_YEAR, orgs[-1]
        smallest.efficiency[k] = smallest.expenditure[k] * min_growth * LOW_PRODUCTIVITY_FACTOR

    _admin_lines(pack, system, orgs, failings)

    # Investment lines grow at one rate in every organisation: fast enough for the
    # commissioner's increase to reach the national-total share, and faster than income.
    targets = national_targets(pack, system)
    for line, metric_id in enumerate((MENTAL_HEALTH, PRIMARY_COMMUNITY)):
        extra, by = targets.get(metric_id, (0.0, n - 1))
        base = commissioner.base_income * commissioner.line_shares[line]
        needed = (1 + extra / base) ** (1 / max(by, 1)) - 1
        rate = max(INCOME_GROWTH + INVESTMENT_EXTRA_GROWTH, needed)
        for org in orgs:
            base = org.base_income * org.line_shares[line]
            org.lines[metric_id] = [base * (1 + rate) ** k for k in range(n)]
    if "mh-investment-short" in failings:  # one year grows too little; the next catches up
        k = MENTAL_HEALTH_SHORT_YEAR
        for org in orgs:
            spend = org.lines[MENTAL_HEALTH]
            spend[k] = spend[k - 1] * (1 + INCOME_GROWTH - MENTAL_HEALTH_SHORTFALL)

    finance = Finance(organisations=[org.finance(years) for org in orgs])
    metrics = _finance_metrics(finance, years)
    if "savings-overclaimed" in failings:
        claimed = metrics[ADMIN_TOTAL].values
        claimed[years[-1]] = money(claimed[years[-1]] * SAVINGS_OVERCLAIM)
    return finance, metrics


def _finance_metrics(finance: Finance, years: list[str]) -> dict[str, Trajectory]:
    """Metrics computed from the finance section as written, so that the two always agree."""
    orgs = finance.organisations
    first = years[0]

    def total(group: list[OrganisationFinance], line: str, year: str) -> float:
        return money(sum(getattr(org.years[year], line) or 0.0 for org in group))

    def increase(metric_id: str, group: list[OrganisationFinance], line: str) -> Trajectory:
        base = {org.code: getattr(org.years[first], line) or 0.0 for org in group}
        values = {y: money(total(group, line, y) - sum(base.values())) for y in years}
        return Trajectory(metric=metric_id, values=values)

    def saved(metric_id: str, group: list[OrganisationFinance]) -> Trajectory:
        values = {
            y: money(total(group, "admin_costs", first) - total(group, "admin_costs", y))
            for y in years
        }
        return Trajectory(metric=metric_id, values=values)

    providers = [org for org in orgs if org.kind == "provider"]
    commissioners = [org for org in orgs if org.kind == "commissioner"]
    return {
        CASH_RELEASING: Trajectory(
            metric=CASH_RELEASING,
            numerator={y: total(orgs, "cash_releasing_efficiency", y) for y in years},
            denominator={y: total(orgs, "expenditure", y) for y in years},
        ),
        # The national investment commitments are about commissioners' spending.
        MENTAL_HEALTH: increase(MENTAL_HEALTH, commissioners, "mental_health_spend"),
        PRIMARY_COMMUNITY: increase(PRIMARY_COMMUNITY, commissioners, "primary_community_spend"),
        ADMIN_COMMISSIONERS: saved(ADMIN_COMMISSIONERS, commissioners),
        ADMIN_PROVIDERS: saved(ADMIN_PROVIDERS, providers),
        ADMIN_TOTAL: saved(ADMIN_TOTAL, orgs),
    }


# --- Workforce -------------------------------------------------------------------------------


def build_workforce(
    pack: Pack, system: s.System, failings: Sequence[str] = ()
) -> tuple[list[StaffGroup], dict[str, Trajectory]]:
    """Staff groups by year, and the workforce metrics computed from them."""
    years = pack.plan_years
    groups = STAFF_GROUPS if unit(system.code, "staff groups") < 0.5 else STAFF_GROUPS[:-1]
    workforce = []
    for name, rate, planned_growth in groups:
        growth = STAFF_SHRINKING if "staff-shrink" in failings else planned_growth
        base = per_100k(system, rate) * (0.95 + 0.1 * unit(system.code, name))
        wte = {y: round(base * (1 + growth) ** k, 1) for k, y in enumerate(years)}
        workforce.append(StaffGroup(staff_group=name, wte=wte))
    totals = {y: round(sum(group.wte[y] for group in workforce), 1) for y in years}
    start, end = RETENTION
    headcount = {y: float(round(totals[y] * HEADCOUNT_PER_WTE)) for y in years}
    retained = {
        y: float(round(headcount[y] * (start + (end - start) * k / (len(years) - 1))))
        for k, y in enumerate(years)
    }
    metrics = {
        "total-workforce-wte": Trajectory(metric="total-workforce-wte", values=totals),
        "staff-retention": Trajectory(
            metric="staff-retention", numerator=retained, denominator=headcount
        ),
    }
    return workforce, metrics


def with_pay_costs(
    pack: Pack, workforce: list[StaffGroup], finance: Finance, failings: Sequence[str] = ()
) -> list[StaffGroup]:
    """The staff groups with their pay bills: the system's income times the pay share, split
    by WTE (so the share of spending holds nearly steady); 3% a year more in
    "workforce-unfunded"."""
    years = pack.plan_years
    spent = {y: sum(o.years[y].income for o in finance.organisations) for y in years}
    wte = {y: sum(g.wte[y] for g in workforce) for y in years}
    outrun = PAY_OUTRUN if "workforce-unfunded" in failings else 0.0
    return [
        dataclasses.replace(
            group,
            pay_cost={
                y: round(PAY_SHARE * spent[y] * group.wte[y] / wte[y] * (1 + outrun) ** k, 2)
                for k, y in enumerate(years)
            },
        )
        for group in workforce
    ]
