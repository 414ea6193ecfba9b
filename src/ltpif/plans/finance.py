"""Finance measures of a plan, per organisation and for the system, per year.

The five financial tests and the investment checks read these; the system is the sum of its
organisations, and its productivity is total efficiency over total expenditure (a ratio of
sums, never an average of the organisations' percentages).
"""

from __future__ import annotations

from dataclasses import dataclass

from ltpif.plans.document import FinanceYear, OrganisationFinance, Plan

SYSTEM = "system"
LINES = (
    "income",
    "expenditure",
    "cash_releasing_efficiency",
    "admin_costs",
    "mental_health_spend",
    "primary_community_spend",
    "capital",
)


@dataclass(frozen=True)
class YearMeasures:
    organisation: str  # an organisation code, or SYSTEM
    year: str
    income: float | None
    expenditure: float | None
    cash_releasing_efficiency: float | None
    admin_costs: float | None
    mental_health_spend: float | None
    primary_community_spend: float | None
    capital: float | None
    in_deficit_before: bool  # in deficit in the year before (providers earn the +0.5% then)

    @property
    def surplus(self) -> float | None:
        if self.income is None or self.expenditure is None:
            return None
        return self.income - self.expenditure

    @property
    def productivity(self) -> float | None:
        if self.cash_releasing_efficiency is None or not self.expenditure:
            return None
        return self.cash_releasing_efficiency / self.expenditure


def _line(year: FinanceYear | None, line: str) -> float | None:
    return None if year is None else getattr(year, line)


def _deficit(year: FinanceYear | None) -> bool:
    return year is not None and year.surplus < 0


def organisation_measures(org: OrganisationFinance, years: list[str]) -> list[YearMeasures]:
    out = []
    for index, year in enumerate(years):
        this = org.years.get(year)
        before = org.years.get(years[index - 1]) if index else None
        values = {line: _line(this, line) for line in LINES}
        out.append(YearMeasures(org.code, year, **values, in_deficit_before=_deficit(before)))
    return out


def _total(values: list[float | None]) -> float | None:
    """A total only when every organisation gave the line: a gap stays a gap, never zero."""
    given = [value for value in values if value is not None]
    return sum(given) if values and len(given) == len(values) else None


def system_measures(plan: Plan, years: list[str]) -> list[YearMeasures]:
    per_org = [organisation_measures(org, years) for org in plan.finance.organisations]
    return system_totals(per_org, years)


def system_totals(per_org: list[list[YearMeasures]], years: list[str]) -> list[YearMeasures]:
    """The system's measures from its organisations' (`organisation_measures` of each)."""
    out: list[YearMeasures] = []
    for index, year in enumerate(years):
        rows = [measures[index] for measures in per_org]
        values = {line: _total([getattr(row, line) for row in rows]) for line in LINES}
        previous = out[-1] if out else None
        in_deficit = previous is not None and (previous.surplus or 0) < 0
        out.append(YearMeasures(SYSTEM, year, **values, in_deficit_before=in_deficit))
    return out
