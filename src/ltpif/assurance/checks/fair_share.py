"""A system's planned contribution to each national total against its fair share of it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field

from ltpif.assurance.findings import Issue
from ltpif.assurance.registry import CheckContext, register
from ltpif.assurance.wording import amount
from ltpif.framework import schema as s
from ltpif.framework.fairshare import BASES, population_weights, split
from ltpif.framework.kept import by_identity
from ltpif.framework.pack import Pack
from ltpif.framework.schema import Id
from ltpif.framework.typed import record


def fair_share(ctx: CheckContext, ambition: s.Ambition) -> tuple[float, str] | None:
    """The system's exact quota of a national total and the basis's name; None without a
    basis or with one that needs every system's plan. The quota, not the rounded share: a
    system is not short of its share by the rounding of another's."""
    found = _quotas(ctx.pack, ambition)
    if found is None or ctx.plan.system not in found[0]:
        return None
    quotas, name = found
    return quotas[ctx.plan.system], name


@by_identity(64)
def _quotas(pack: Pack, ambition: s.Ambition) -> tuple[dict[str, float], str] | None:
    """Every system's exact quota of a national total, and the basis's name: they depend on
    the pack alone, and each plan's checks ask them (once a pack and ambition)."""
    basis = ambition.fair_share_basis
    weights = None if basis is None else population_weights(pack, basis)
    if basis is None or weights is None:
        return None
    quotas, _ = split(ambition.value, weights, basis)
    return quotas, BASES[basis].name


@record
class FairShareParams:
    """`except_ambitions`: national totals this rule leaves to another (by ambition id), as
    where the plan's finances, not its trajectory, are what is held to the share
    """

    except_ambitions: list[Id] = field(default_factory=list)


def _short(ambition: s.Ambition, planned: float, share: float) -> bool:
    if ambition.comparison == "at_least":
        return planned < share
    return ambition.comparison == "at_most" and planned > share


@register("fair-share-met", FairShareParams, reads=("system",))
def fair_share_met(ctx: CheckContext, params: FairShareParams) -> Iterable[Issue]:
    """By each national total's due year the plan's trajectory reaches the system's fair share
    of it, by the ambition's population basis; bases that need every plan are left to the
    roll-up, and a metric with no value that year to the trajectory checks."""
    for ambition in ctx.pack.ambitions:
        if ambition.scope != "national_total" or ambition.id in params.except_ambitions:
            continue
        found, series = fair_share(ctx, ambition), ctx.series(ambition.metric)
        due = ctx.pack.due_year(ambition)
        if found is None or series is None or due not in series.values:
            continue
        share, basis = found
        planned = series.values[due]
        if not _short(ambition, planned, share):
            continue
        metric = ctx.pack.metric_by_id[ambition.metric]
        message = (
            f"{metric.name}: the plan has {amount(metric, planned)} in {due}, short of the "
            f"system's fair share ({amount(metric, share)}, by {basis}) of the national "
            f"{amount(metric, ambition.value)}, by {amount(metric, abs(share - planned))}."
        )
        part = "numerator" if metric.rollup == "ratio_of_sums" else "values"
        where = (*series.path, part, due)
        yield ctx.metric_issue(where, message, ambition.metric)
