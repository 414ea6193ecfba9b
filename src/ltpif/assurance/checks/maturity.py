"""Checks on the system's ICS maturity self-assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ltpif.assurance.findings import Issue
from ltpif.assurance.registry import CheckContext, NoParams, register
from ltpif.assurance.wording import day
from ltpif.framework.schema import Id
from ltpif.framework.typed import record
from ltpif.plans.maturity import system_levels


@record
class MaturityParams:
    """`level`: the maturity level to reach (an id in `maturity.toml`)
    `date`: when; the self-assessment for its financial year is the one checked
    """

    level: Id
    date: dt.date


@register("maturity-by", MaturityParams, reads=("maturity",))
def maturity_by(ctx: CheckContext, params: MaturityParams) -> Iterable[Issue]:
    """The self-assessment reaches the level by the date."""
    ranks = {level.id: level.rank for level in ctx.pack.maturity.level}
    year = ctx.pack.due_year(params.date)
    assessed = system_levels(ctx.pack, ctx.plan).get(year)
    where = ("maturity", "self_assessment")
    target = f"“{params.level}” by {day(params.date)}"
    if assessed is None:
        message = f"No maturity self-assessment for {year}: the plan must show {target}."
        yield Issue(where, message, section="service-changes")
    elif ranks[assessed] < ranks[params.level]:
        message = f"The system assesses itself “{assessed}” in {year}; it must be {target}."
        yield Issue((*where, year), message, section="service-changes")


@register("maturity-evidence", NoParams, reads=("maturity",))
def maturity_evidence(ctx: CheckContext, params: NoParams) -> Iterable[Issue]:
    """The maturity self-assessment gives its evidence."""
    given = any(
        text.strip()
        for entry in ctx.plan.maturity.characteristics
        for text in entry.evidence.values()
    )
    if not ctx.plan.maturity.evidence.strip() and not given:
        message = "The maturity self-assessment gives no evidence."
        yield Issue(("maturity", "evidence"), message, section="service-changes")
