"""Whether a plan's finance adds up to what it claims: the productivity and the administration
savings its trajectories claim against its organisations' finances, and the savings against
the system's fair share of the national totals.

The yearly financial tests (balance, productivity, the investment standard) are in
checks/finance.py; this module reads the same measures and asks the questions they do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from ltpif.assurance.checks.fair_share import fair_share
from ltpif.assurance.findings import Issue
from ltpif.assurance.registry import CheckContext, Series, register
from ltpif.assurance.wording import money, percent
from ltpif.framework.schema import Id
from ltpif.framework.typed import record
from ltpif.plans.document import OrganisationFinance

ORGANISATIONS = ("finance", "organisations")
Group = Literal["commissioner", "provider", "all"]
GROUP_WORDS = {"commissioner": "commissioners'", "provider": "providers'", "all": "organisations'"}


@record
class FinanceCompoundsParams:
    """`productivity`: the metric of the cash-releasing productivity the plan claims, a ratio of
    efficiency savings to expenditure
    `admin_savings`: the metric of the administration savings all organisations claim
    `commissioner_savings`: the metric of the administration savings commissioners claim
    `provider_savings`: the metric of the administration savings providers claim
    `tolerance`: how far, as a share of what the finances give, a claim may exceed it
    """

    productivity: Id
    admin_savings: Id
    commissioner_savings: Id
    provider_savings: Id
    tolerance: float


def admin_savings(ctx: CheckContext, group: Group) -> dict[str, float]:
    """The fall in the group's administration costs from the first year, per year where every
    organisation of the group gives them in both years."""
    orgs = [o for o in ctx.plan.finance.organisations if group in ("all", o.kind)]
    first = ctx.years[0]

    def total(year: str) -> float | None:
        costs = [_admin(org, year) for org in orgs]
        return None if not orgs or None in costs else sum(c for c in costs if c is not None)

    start = total(first)
    return {
        year: start - end
        for year in ctx.years
        if start is not None and (end := total(year)) is not None
    }


def _admin(org: OrganisationFinance, year: str) -> float | None:
    money_year = org.years.get(year)
    return None if money_year is None else money_year.admin_costs


def _claim_path(series: Series, year: str, part: str = "values") -> tuple:
    return (*series.path, part, year)


def _productivity(ctx: CheckContext, params: FinanceCompoundsParams) -> Iterable[Issue]:
    claimed = ctx.series(params.productivity)
    if claimed is None:
        return
    for row in ctx.system_measures:
        claim, actual = claimed.values.get(row.year), row.productivity
        if claim is None or actual is None or claim <= actual * (1 + params.tolerance):
            continue
        message = (
            f"The plan claims cash-releasing productivity of {percent(claim, 2)} in {row.year}, "
            f"but its organisations' finances give {percent(actual, 2)} "
            f"({money(row.cash_releasing_efficiency)} saved of {money(row.expenditure)} spent)."
        )
        yield ctx.metric_issue(
            _claim_path(claimed, row.year, "numerator"), message, params.productivity
        )


def _savings_claims(ctx: CheckContext, metric: str, group: Group, tolerance: float) -> Iterable:
    claimed = ctx.series(metric)
    if claimed is None:
        return
    saved = admin_savings(ctx, group)
    name = ctx.pack.metric_by_id[metric].name
    for year, claim in claimed.values.items():
        if year not in saved or claim <= max(saved[year], 0) * (1 + tolerance):
            continue
        message = (
            f"{name}: the plan claims {money(claim)} by {year}, but its {GROUP_WORDS[group]} "
            f"administration costs fall by {money(saved[year])} from {ctx.years[0]}."
        )
        yield ctx.metric_issue(_claim_path(claimed, year), message, metric)


def _fair_shares(ctx: CheckContext, metric: str, group: Group) -> Iterable[Issue]:
    saved = admin_savings(ctx, group)
    for ambition in ctx.pack.ambitions:
        if ambition.metric != metric or ambition.scope != "national_total":
            continue
        found, due = fair_share(ctx, ambition), ctx.pack.due_year(ambition)
        if found is None or due not in saved or saved[due] >= found[0]:
            continue
        share, basis = found
        message = (
            f"The {GROUP_WORDS[group]} administration costs fall by {money(saved[due])} by "
            f"{due}, short of the system's fair share ({money(share)}, by {basis}) of the "
            f"national {money(ambition.value)}: {money(share - saved[due])} more is needed."
        )
        yield ctx.metric_issue(ORGANISATIONS, message, metric)


@register("finance-compounds", FinanceCompoundsParams, reads=("finance", "system"))
def finance_compounds(ctx: CheckContext, params: FinanceCompoundsParams) -> Iterable[Issue]:
    """The productivity and administration savings the plan claims are no more than its
    organisations' finances give (efficiency over expenditure; the fall in administration
    costs from the first year, by commissioners, providers and all), and the savings reach the
    system's fair share of each national total, by the ambition's basis, by its date."""
    yield from _productivity(ctx, params)
    groups: tuple[tuple[str, Group], ...] = (
        (params.admin_savings, "all"),
        (params.commissioner_savings, "commissioner"),
        (params.provider_savings, "provider"),
    )
    for metric, group in groups:
        yield from _savings_claims(ctx, metric, group, params.tolerance)
        yield from _fair_shares(ctx, metric, group)
