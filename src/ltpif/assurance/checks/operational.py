"""Checks on an operational plan: its monthly phasing of the agreed plan's year."""

from __future__ import annotations

from collections.abc import Iterable

from ltpif.assurance.findings import Issue
from ltpif.assurance.registry import CheckContext, NoParams, register
from ltpif.assurance.wording import exact
from ltpif.plans.operational import months_total, shortfall


@register("phasing-adds-up", NoParams, operational=True)
def phasing_adds_up(ctx: CheckContext, params: NoParams) -> Iterable[Issue]:
    """The months of every summed metric add up to the agreed plan's value for the year."""
    if ctx.operational is None:
        return
    for index, phased in enumerate(ctx.operational.metrics):
        metric = ctx.pack.metric_by_id[phased.metric]
        difference = shortfall(phased, metric.unit)
        if difference is None:
            continue
        total = months_total(phased.months)
        side = "short of" if difference > 0 else "more than"
        yield Issue(
            ("metrics", index, "months"),
            f"The months of {metric.name} add up to {exact(total, metric.unit)}, "
            f"{exact(abs(difference), metric.unit)} {side} the agreed "
            f"{exact(phased.annual, metric.unit)} "
            f"for {ctx.operational.year}.",
            commitment=ctx.pack.commitment_of_metric[phased.metric].id,
        )
