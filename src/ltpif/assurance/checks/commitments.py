"""Checks on commitments: leads, trajectories, standards, and direction of travel."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from itertools import pairwise
from typing import Literal, TypedDict

from ltpif.assurance import wording
from ltpif.assurance.findings import Issue, Severity
from ltpif.assurance.registry import CheckContext, Series, register
from ltpif.assurance.wording import amount
from ltpif.framework import schema as s
from ltpif.framework.schema import Id
from ltpif.framework.typed import record


class About(TypedDict):
    """Where an issue belongs in the report: its commitment and plan section."""

    commitment: str
    section: str


@record
class NamedLeadParams:
    """`scope`: "clinical" for every commitment with clinical implications (a local one only
    when the plan takes it up), "commitments" for those listed in `commitments`,
    "local_priorities" for every local priority of the plan, "plan" for the plan as a whole
    `commitments`: the commitments in scope when `scope` is "commitments"
    """

    scope: Literal["clinical", "commitments", "local_priorities", "plan"]
    commitments: list[Id] = field(default_factory=list)


@register("named-lead", NamedLeadParams, reads=("clinical_lead", "local_priorities"))
def named_lead(ctx: CheckContext, params: NamedLeadParams) -> Iterable[Issue]:
    """Every commitment in scope names its senior lead in the plan (with scope "plan": the
    plan names the senior clinician who leads it as a whole).

    A local commitment the plan leaves out needs no lead: whether it may be left out is the
    local-pace check's to say."""
    pack = ctx.pack
    if params.scope == "plan":
        if ctx.plan.clinical_lead is None:
            message = "No senior clinician is named to lead the plan as a whole."
            yield Issue(("clinical_lead",), message)
        return
    if params.scope == "local_priorities":
        for index, priority in enumerate(ctx.plan.local_priorities):
            if priority.clinical_lead is None:
                at = ("local_priorities", index, "clinical_lead")
                yield Issue(at, f"No named lead for the local priority “{priority.title}”.")
        return
    if params.scope == "clinical":
        targets = [
            c
            for c in pack.commitments
            if c.clinical_implications and (c.kind == "foundational" or ctx.taken_up(c.id))
        ]
    else:
        targets = [pack.commitment_by_id[i] for i in params.commitments]
    for commitment in targets:
        found = ctx.commitment_plan(commitment.id)
        where = ("commitments",) if found is None else ("commitments", found[0], "clinical_lead")
        if found is None or found[1].clinical_lead is None:
            yield Issue(
                where,
                f"No named senior lead for “{commitment.title}”.",
                commitment=commitment.id,
                section=commitment.sections[0],
            )


@record
class KindParams:
    """`kind`: which commitments: "foundational" (every system delivers them) or "local"
    (scale and pace are the system's to choose)
    """

    kind: Literal["foundational", "local"]


@register("trajectory-complete", KindParams, reads=(), each_commitment=True)
def trajectory_complete(
    ctx: CheckContext, params: KindParams, commitment: s.Commitment | None
) -> Iterable[Issue]:
    """Every commitment of the kind is in the plan, with a value for every year of each metric.

    A local commitment the plan leaves out (or does not list) is the local-pace check's: a
    system may leave one out of the plan period with a justification."""
    if commitment is None or commitment.kind != params.kind:
        return
    about: About = {"commitment": commitment.id, "section": commitment.sections[0]}
    found = ctx.commitment_plan(commitment.id)
    if commitment.kind == "local" and ctx.taken_up(commitment.id) is None:
        return
    if found is None:
        yield Issue(("commitments",), f"“{commitment.title}” is not in the plan.", **about)
        return
    for metric in commitment.metric:
        series = ctx.series(metric.id)
        if series is None:
            where = ("commitments", found[0], "trajectories")
            yield Issue(where, f"No trajectory for {metric.name}.", **about)
            continue
        missing = [year for year in ctx.years if year not in series.values]
        if missing:
            message = f"{metric.name} has no value for {', '.join(missing)}."
            yield Issue(series.path, message, **about)


def _meets(comparison: str, value: float, target: float) -> bool:
    return value >= target if comparison == "at_least" else value <= target


def _value_path(ctx: CheckContext, metric: s.Metric, path: tuple, year: str) -> tuple:
    part = "numerator" if metric.rollup == "ratio_of_sums" else "values"
    return (*path, part, year)


@register("standard-met", KindParams, reads=(), each_commitment=True)
def standard_met(
    ctx: CheckContext, params: KindParams, commitment: s.Commitment | None
) -> Iterable[Issue]:
    """Every-system standards of the kind are met from their due year on.

    A local commitment's shortfall with a written local justification is information: the
    framework leaves scale and pace to local discretion. A local commitment phased later
    (`later_by_years`) is held to the standard that many years after its due year.
    """
    if commitment is None or commitment.kind != params.kind:
        return
    found = ctx.taken_up(commitment.id)
    justification = found[1].local_justification.strip() if found else ""
    later = found[1].later_by_years if found and commitment.kind == "local" else 0
    for ambition in commitment.ambition:
        if ambition.scope != "every_system" or ambition.comparison == "up_to":
            continue
        metric = ctx.pack.metric_by_id[ambition.metric]
        series = ctx.series(metric.id)
        if series is None:
            continue
        start = ctx.years.index(ctx.pack.due_year(ambition)) + later
        short = [
            year
            for year in ctx.years[start:]
            if year in series.values
            and not _meets(ambition.comparison, series.values[year], ambition.value)
        ]
        if not short:
            continue
        year = short[0]
        target = wording.target(ambition, metric)
        message = (
            f"{metric.name} is {amount(metric, series.values[year])} in {year}"
            f"{f' (and {len(short) - 1} later year(s))' if len(short) > 1 else ''}; "
            f"the standard is {target} by {ambition.by}."
        )
        severity: Severity | None = None
        if params.kind == "local" and justification:
            severity = "info"
            message += f" Local justification: {justification}"
        yield Issue(
            _value_path(ctx, metric, series.path, year),
            message,
            severity=severity,
            commitment=commitment.id,
            section=commitment.sections[0],
        )


@record
class MetricParams:
    """`metric`: the metric whose planned values are checked"""

    metric: Id


def _direction(ctx: CheckContext, metric_id: str) -> tuple[s.Metric, Series | None, About]:
    metric = ctx.pack.metric_by_id[metric_id]
    commitment = ctx.pack.commitment_of_metric[metric_id]
    return (
        metric,
        ctx.series(metric_id),
        {"commitment": commitment.id, "section": commitment.sections[0]},
    )


@register("increases-each-year", MetricParams, reads=())
def increases_each_year(ctx: CheckContext, params: MetricParams) -> Iterable[Issue]:
    """The metric rises every year from the baseline on."""
    metric, series, about = _direction(ctx, params.metric)
    if series is None:
        return
    years = [year for year in ctx.years if year in series.values]
    for before, year in pairwise(years):
        if series.values[year] <= series.values[before]:
            change = (
                f"{amount(metric, series.values[before])} → {amount(metric, series.values[year])}"
            )
            message = f"{metric.name} does not rise in {year} ({change}); it must rise every year."
            yield Issue(_value_path(ctx, metric, series.path, year), message, **about)


@register("falls-over-period", MetricParams, reads=())
def falls_over_period(ctx: CheckContext, params: MetricParams) -> Iterable[Issue]:
    """The metric ends the plan period lower than its baseline."""
    metric, series, about = _direction(ctx, params.metric)
    first, last = ctx.years[0], ctx.years[-1]
    if series is None or first not in series.values or last not in series.values:
        return
    if series.values[last] >= series.values[first]:
        start, end = amount(metric, series.values[first]), amount(metric, series.values[last])
        message = f"{metric.name} goes from {start} in {first} to {end} in {last}; it must fall."
        yield Issue(_value_path(ctx, metric, series.path, last), message, **about)
