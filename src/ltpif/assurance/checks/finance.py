"""The financial tests as checks, at organisation and system level, per plan year."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Literal

from ltpif.assurance.findings import Issue
from ltpif.assurance.registry import CheckContext, NoParams, register
from ltpif.assurance.wording import money
from ltpif.framework.typed import record
from ltpif.plans.document import OrganisationFinance
from ltpif.plans.finance import YearMeasures

SECTION = "financial-balance"
ORGANISATIONS = ("finance", "organisations")


def _plan_years(measures: list[YearMeasures]) -> list[YearMeasures]:
    """The plan years: the baseline is history, not a plan."""
    return measures[1:]


def _year_path(index: int, year: str, line: str | None = None) -> tuple:
    path = (*ORGANISATIONS, index, "years", year)
    return (*path, line) if line else path


def _organisations(ctx: CheckContext) -> Iterable[tuple[int, OrganisationFinance, list]]:
    measures = ctx.organisation_measures
    yield from zip(range(len(measures)), ctx.plan.finance.organisations, measures, strict=True)


def _no_finance(ctx: CheckContext) -> Iterable[Issue]:
    if not ctx.plan.finance.organisations:
        yield Issue(
            ("finance",),
            "No financial plan: give each organisation's finances by year.",
            section=SECTION,
        )


@register("financial-balance", NoParams, reads=("finance",))
def financial_balance(ctx: CheckContext, params: NoParams) -> Iterable[Issue]:
    """Test 1: the system is in balance every year; an organisation in deficit is queried."""
    yield from _no_finance(ctx)
    for row in _plan_years(ctx.system_measures):
        if row.surplus is not None and row.surplus < 0:
            message = f"The system is in deficit in {row.year}: {money(-row.surplus)}."
            yield Issue(ORGANISATIONS, message, section=SECTION)
    for index, (org, rows) in enumerate(
        zip(ctx.plan.finance.organisations, ctx.organisation_measures, strict=True)
    ):
        for row in _plan_years(rows):
            if row.surplus is None:
                yield Issue(
                    (*ORGANISATIONS, index, "years"),
                    f"{org.name}: no finances for {row.year}.",
                    section=SECTION,
                )
            elif row.surplus < 0:
                deficit = money(-row.surplus)
                message = (
                    f"{org.name} is in deficit in {row.year} ({deficit}): show its recovery plan."
                )
                yield Issue(_year_path(index, row.year), message, severity="query", section=SECTION)


@record
class ProductivityParams:
    """`min_growth`: the least cash-releasing efficiency each year, as a share of expenditure
    `deficit_extra`: the share added for a provider in deficit the year before
    """

    min_growth: float
    deficit_extra: float


@register("productivity-growth", ProductivityParams, reads=("finance",))
def productivity_growth(ctx: CheckContext, params: ProductivityParams) -> Iterable[Issue]:
    """Test 2: cash-releasing efficiency of at least the minimum share of expenditure each
    year, plus the extra for a provider that was in deficit the year before."""
    for index, (org, rows) in enumerate(
        zip(ctx.plan.finance.organisations, ctx.organisation_measures, strict=True)
    ):
        for row in _plan_years(rows):
            extra = org.kind == "provider" and row.in_deficit_before
            required = params.min_growth + (params.deficit_extra if extra else 0)
            where = _year_path(index, row.year, "cash_releasing_efficiency")
            if row.productivity is None:
                yield Issue(
                    where,
                    f"{org.name}: no cash-releasing efficiency for {row.year}.",
                    section="efficiency",
                )
            elif row.productivity < required:
                why = " (a provider in deficit the year before)" if extra else ""
                message = (
                    f"{org.name}: cash-releasing efficiency is {row.productivity:.2%} of "
                    f"expenditure in {row.year}; at least {required:.2%} is required{why}."
                )
                yield Issue(where, message, section="efficiency")


@register("capital-plan", NoParams, reads=("finance",))
def capital_plan(ctx: CheckContext, params: NoParams) -> Iterable[Issue]:
    """Test 5: capital is planned for every organisation and year."""
    for index, (org, rows) in enumerate(
        zip(ctx.plan.finance.organisations, ctx.organisation_measures, strict=True)
    ):
        missing = [row.year for row in _plan_years(rows) if row.capital is None]
        if missing:
            message = f"{org.name}: no capital plan for {', '.join(missing)}."
            yield Issue(_year_path(index, missing[0]), message, section=SECTION)


@register("admin-costs-fall", NoParams, reads=("finance",))
def admin_costs_fall(ctx: CheckContext, params: NoParams) -> Iterable[Issue]:
    """Administration costs end the period lower than they began."""
    first, last = ctx.system_measures[0], ctx.system_measures[-1]
    if first.admin_costs is None or last.admin_costs is None:
        years = f"{first.year} and {last.year}"
        message = f"Administration costs are not given for every organisation in {years}."
        yield Issue(ORGANISATIONS, message, section="efficiency")
    elif last.admin_costs >= first.admin_costs:
        message = (
            f"Administration costs go from {money(first.admin_costs)} in {first.year} to "
            f"{money(last.admin_costs)} in {last.year}; they should fall."
        )
        yield Issue(ORGANISATIONS, message, section="efficiency")


LINE_NAMES = {
    "mental_health": ("mental_health_spend", "Mental health spending"),
    "primary_community": ("primary_community_spend", "Primary and community health spending"),
}


@record
class InvestmentParams:
    """`line`: the spending line that must grow at least as fast as the system's income"""

    line: Literal["mental_health", "primary_community"]


def _growth(before: float | None, after: float | None) -> float | None:
    return None if not before or after is None else after / before - 1


@register("investment-standard", InvestmentParams, reads=("finance",))
def investment_standard(ctx: CheckContext, params: InvestmentParams) -> Iterable[Issue]:
    """Spending on the line grows at least as fast as the system's income, every year."""
    line, name = LINE_NAMES[params.line]
    rows = ctx.system_measures
    if any(getattr(row, line) is None for row in rows):
        yield Issue(
            ORGANISATIONS, f"{name} is not given for every organisation and year.", section=SECTION
        )
        return
    for before, row in pairwise(rows):
        spend, income = (
            _growth(getattr(before, line), getattr(row, line)),
            _growth(before.income, row.income),
        )
        if spend is not None and income is not None and spend < income:
            message = (
                f"{name} grows {spend:.1%} in {row.year}, "
                f"slower than the system's income ({income:.1%})."
            )
            yield Issue(ORGANISATIONS, message, section=SECTION)
