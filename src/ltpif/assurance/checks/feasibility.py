"""Feasibility: whether a plan's trajectories fit together, through ltpif.modelling.

Each check reads several trajectories of one plan and asks whether the queueing models let
them all come true: a waiting list falling with the completions planned, 52-week waits
cleared with a list short enough for its demand, activity growing with the staff to do it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from ltpif.assurance import wording
from ltpif.assurance.findings import Issue
from ltpif.assurance.registry import CheckContext, NoParams, Series, register
from ltpif.framework.schema import Id
from ltpif.framework.typed import record
from ltpif.modelling.waiting_list import project_waiting_list, relief_capacity, target_queue_size

WEEKS_A_YEAR = 52  # the models' time unit is the week; plans give years
# the check kinds whose findings `ltpif feasibility` reports: this module's and finance-compounds
KINDS = (
    "waiting-list-feasible",
    "long-waits-clearable",
    "workforce-supports-activity",
    "finance-compounds",
    "workforce-funded",
    "control-total-met",
)


@record
class WaitingListParams:
    """`waiting_list`: the metric of the list at each year's end
    `referrals`: the metric of referrals (clock starts) in each year
    `completions`: the metric of pathways completed in each year
    `other_removals_share`: the share of referrals leaving the list other than by treatment
    `tolerance`: how far, as a share of the projection, a planned list may sit below it
    """

    waiting_list: Id
    referrals: Id
    completions: Id
    other_removals_share: float
    tolerance: float


@dataclass(frozen=True)
class ListYear:
    """One plan year of the list: as planned, as its flows leave it, and the completions the
    planned list needs."""

    year: str
    planned: float
    referrals: float
    completions: float
    projected: float
    completions_needed: float


def list_years(ctx: CheckContext, params: WaitingListParams) -> list[ListYear]:
    """Each plan year whose list, referrals and completions are planned, after a planned year."""
    list_, referrals, completions = (
        ctx.series(m) for m in (params.waiting_list, params.referrals, params.completions)
    )
    if list_ is None or referrals is None or completions is None:
        return []
    sizes, referred, completed = list_.values, referrals.values, completions.values
    out = []
    for before, year in pairwise(ctx.years):
        if before not in sizes or not all(
            year in values for values in (sizes, referred, completed)
        ):
            continue
        removed = params.other_removals_share * referred[year]
        (projected,) = project_waiting_list(
            sizes[before], [referred[year]], [completed[year]], [removed]
        )
        weekly_demand = (referred[year] - removed) / WEEKS_A_YEAR
        needed = WEEKS_A_YEAR * relief_capacity(
            weekly_demand, sizes[before], sizes[year], WEEKS_A_YEAR
        )
        out.append(ListYear(year, sizes[year], referred[year], completed[year], projected, needed))
    return out


@register("waiting-list-feasible", WaitingListParams, reads=())
def waiting_list_feasible(ctx: CheckContext, params: WaitingListParams) -> Iterable[Issue]:
    """Each year's planned waiting list is what the last year's list, the year's referrals
    and its completed pathways leave (less the other removals), or more: a list planned well
    below it cannot fall as planned with the capacity planned."""
    metric = ctx.pack.metric_by_id[params.waiting_list]
    completions = ctx.series(params.completions)
    for row in list_years(ctx, params):
        if row.planned >= row.projected * (1 - params.tolerance):
            continue
        count = wording.quantity
        message = (
            f"{metric.name} is planned at {count(row.planned, 'count')} at the end of {row.year},"
            f" but {count(row.referrals, 'count')} referrals and "
            f"{count(row.completions, 'count')} completed pathways leave about "
            f"{count(round(row.projected), 'count')}; reaching the plan needs about "
            f"{count(round(row.completions_needed), 'count')} completed pathways."
        )
        yield ctx.metric_issue(_year_path(completions, row.year), message, params.waiting_list)


def _year_path(series: Series | None, year: str) -> tuple:
    return ("commitments",) if series is None else (*series.path, "values", year)


@record
class LongWaitParams:
    """`waiting_list`: the metric of the list at each year's end
    `referrals`: the metric of referrals (clock starts) in each year
    `long_waiters`: the metric of patients waiting longer than `long_wait_weeks`
    `long_wait_weeks`: the wait no patient should exceed, in weeks
    `factor`: the target wait over the mean wait that keeps nearly every wait within it
    `other_removals_share`: the share of referrals leaving the list other than by treatment
    """

    waiting_list: Id
    referrals: Id
    long_waiters: Id
    long_wait_weeks: float
    factor: float
    other_removals_share: float


@register("long-waits-clearable", LongWaitParams, reads=())
def long_waits_clearable(ctx: CheckContext, params: LongWaitParams) -> Iterable[Issue]:
    """In a year planned with no one over the long wait, the list is at most the size whose
    mean wait keeps nearly every patient within it (Little's law: the weekly demand times the
    long wait over the factor)."""
    sizes, referred, waiters = (
        ctx.series(m) for m in (params.waiting_list, params.referrals, params.long_waiters)
    )
    if sizes is None or referred is None or waiters is None:
        return
    for year in ctx.years:
        if waiters.values.get(year) != 0 or year not in sizes.values or year not in referred.values:
            continue
        demand = referred.values[year] * (1 - params.other_removals_share) / WEEKS_A_YEAR
        if demand <= 0:
            continue
        largest = target_queue_size(demand, params.long_wait_weeks, params.factor)
        if sizes.values[year] <= largest:
            continue
        size = sizes.values[year]
        mean_wait = size / demand
        message = (
            f"No one is planned to wait over {params.long_wait_weeks:g} weeks at the end of "
            f"{year}, but a list of {wording.quantity(size, 'count')} with about "
            f"{wording.quantity(round(demand), 'count')} patients a week to treat has a mean "
            f"wait of {mean_wait:.1f} weeks; nearly all within {params.long_wait_weeks:g} weeks "
            f"needs a list of at most {wording.quantity(round(largest), 'count')}."
        )
        yield ctx.metric_issue(_year_path(waiters, year), message, params.long_waiters)


@record
class WorkforceParams:
    """`activity`: the metric of the activity the workforce delivers
    `productivity_growth`: how much faster than the workforce, a year, activity may grow
    """

    activity: Id
    productivity_growth: float


def _yearly_growth(first: float, last: float, years: int) -> float | None:
    return None if first <= 0 or years <= 0 else (last / first) ** (1 / years) - 1


@register("workforce-supports-activity", WorkforceParams, reads=("workforce",))
def workforce_supports_activity(ctx: CheckContext, params: WorkforceParams) -> Iterable[Issue]:
    """Over the plan, activity grows no faster a year than the workforce (the WTE of every
    staff group) plus the productivity growth allowed."""
    activity = ctx.series(params.activity)
    first, last = ctx.years[0], ctx.years[-1]
    groups = ctx.plan.workforce
    if (
        activity is None
        or not groups
        or any(first not in g.wte or last not in g.wte for g in groups)
    ):
        return
    if first not in activity.values or last not in activity.values:
        return
    span = len(ctx.years) - 1
    grows = _yearly_growth(activity.values[first], activity.values[last], span)
    staff = _yearly_growth(
        sum(g.wte[first] for g in groups), sum(g.wte[last] for g in groups), span
    )
    if grows is None or staff is None:
        return
    if (1 + grows) <= (1 + staff) * (1 + params.productivity_growth):
        return
    metric = ctx.pack.metric_by_id[params.activity]
    percent = wording.percent
    left = (1 + grows) / ((1 + staff) * (1 + params.productivity_growth)) - 1
    message = (
        f"{metric.name} grows {percent(grows, signed=True)} a year from {first} to {last} while "
        f"the workforce changes by {percent(staff, signed=True)} a year; with productivity "
        f"growth of {percent(params.productivity_growth)} a year, {percent(left)} a year of "
        "the growth has no staff to deliver it."
    )
    yield Issue(("workforce",), message, section="infrastructure")


@record
class WorkforceFundedParams:
    """`max_pay_share_rise`: how far, as a share of the system's expenditure, the pay bill's
    share may rise above its share in the baseline year
    `max_pay_per_wte_fall`: how far a year the pay bill per WTE may fall while the WTE grow
    """

    max_pay_share_rise: float
    max_pay_per_wte_fall: float


@dataclass(frozen=True)
class PayYear:
    """One year of the workforce against the money: every staff group's WTE and pay bill, and
    the system's expenditure (None where an organisation gives none)."""

    year: str
    wte: float
    pay_cost: float
    expenditure: float | None

    @property
    def pay_share(self) -> float | None:
        return None if not self.expenditure else self.pay_cost / self.expenditure


def pay_years(ctx: CheckContext) -> list[PayYear]:
    """Each year every staff group gives both its WTE and its pay bill; none when a group
    gives no pay bill at all."""
    groups = ctx.plan.workforce
    if not groups or any(g.pay_cost is None for g in groups):
        return []
    spent = {row.year: row.expenditure for row in ctx.system_measures}
    return [
        PayYear(
            year,
            sum(g.wte[year] for g in groups),
            sum((g.pay_cost or {})[year] for g in groups),
            spent.get(year),
        )
        for year in ctx.years
        if all(year in g.wte and year in (g.pay_cost or {}) for g in groups)
    ]


@register("workforce-funded", WorkforceFundedParams, reads=("finance", "workforce"))
def workforce_funded(ctx: CheckContext, params: WorkforceFundedParams) -> Iterable[Issue]:
    """The workforce the plan grows is paid for: each year the pay bill of every staff group
    is no larger a share of the system's expenditure than in the first year given, plus the
    rise allowed; and where the WTE grow over the plan, the pay bill per WTE falls no faster a
    year than allowed (more staff for less money is growth the finance does not cost)."""
    rows = pay_years(ctx)
    if not rows:
        return
    first = rows[0]
    percent = wording.percent
    if first.pay_share is not None:
        for row in rows[1:]:
            share = row.pay_share
            if share is None or share <= first.pay_share + params.max_pay_share_rise:
                continue
            message = (
                f"The pay bill is {wording.money(row.pay_cost)} in {row.year}, "
                f"{percent(share)} of the system's expenditure ({wording.money(row.expenditure)}),"
                f" up from {percent(first.pay_share)} in {first.year}: the finance does not fund "
                f"the workforce planned (a rise of at most "
                f"{percent(params.max_pay_share_rise)} of expenditure is allowed)."
            )
            yield Issue(("workforce",), message, section="infrastructure")
    last = rows[-1]
    span = ctx.years.index(last.year) - ctx.years.index(first.year)
    if span <= 0 or last.wte <= first.wte or first.wte <= 0 or last.wte <= 0:
        return
    per_wte = _yearly_growth(first.pay_cost / first.wte, last.pay_cost / last.wte, span)
    if per_wte is None or per_wte >= -params.max_pay_per_wte_fall:
        return
    message = (
        f"The workforce grows from {wording.quantity(first.wte, 'wte')} in {first.year} to "
        f"{wording.quantity(last.wte, 'wte')} in {last.year}, but the pay bill per WTE "
        f"changes by {percent(per_wte, signed=True)} a year ({wording.money(first.pay_cost)} to "
        f"{wording.money(last.pay_cost)}): the growth is not costed."
    )
    yield Issue(("workforce",), message, section="infrastructure")


@register("control-total-met", NoParams, reads=("finance", "system"))
def control_total_met(ctx: CheckContext, params: NoParams) -> Iterable[Issue]:
    """The system's planned balance (its organisations' income less expenditure) meets the
    control total the pack sets it (finance.toml `control_total`) every year one is set; a
    system the pack sets none is not judged."""
    totals = {
        t.year: t.surplus for t in ctx.pack.finance.control_total if t.system == ctx.plan.system
    }
    for row in ctx.system_measures:
        target = totals.get(row.year)
        if target is None or row.surplus is None or row.surplus >= target:
            continue
        message = (
            f"The system plans {_balance(row.surplus)} in {row.year}; its control total is "
            f"{_balance(target)}, so it falls short by {wording.money(target - row.surplus)}."
        )
        yield Issue(("finance", "organisations"), message, section="financial-balance")


def _balance(value: float) -> str:
    return (
        f"a deficit of {wording.money(-value)}"
        if value < 0
        else f"a surplus of {wording.money(value)}"
    )
