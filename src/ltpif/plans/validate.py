"""A plan checked against its pack: names, periods and duplicates that would make it meaningless.

These are input problems (the plan cannot be read as meant), not assurance findings (the plan
can be read and falls short): unknown system, commitment, metric, section, partner or level;
a year outside the pack; an entry given twice; a ratio with a zero denominator; a value outside
its metric's unit (a negative count, a proportion above 100%), in the number parser's words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from ltpif.framework.numbers import RATIO_PART_UNIT, BadNumber, parse_number, shown
from ltpif.framework.pack import Pack
from ltpif.framework.problems import quoted
from ltpif.framework.schema import Metric
from ltpif.framework.toml_lines import Path as KeyPath
from ltpif.plans.document import CommitmentPlan, EngagementEvent, Plan, SignOff, Trajectory
from ltpif.plans.maturity import validate_maturity

Report = Callable[[KeyPath, str], None]


def _years(pack: Pack, years: Iterable[str], at: KeyPath, report: Report) -> None:
    allowed = pack.plan_years
    for year in years:
        if year not in allowed:
            report((*at, year), f"{year} is outside the pack's years ({allowed[0]}–{allowed[-1]})")


def _date(pack: Pack, day: dt.date | None, at: KeyPath, report: Report) -> None:
    first, last = pack.window
    if day is not None and not first <= day <= last:
        report(at, f"{day} is outside the plan period ({first} to {last})")


def _duplicates(values: list[str], at: KeyPath, field: str, what: str, report: Report) -> None:
    counts = Counter(values)
    for index, value in enumerate(values):
        if counts[value] > 1:
            report((*at, index, field), f"{what} {quoted(value)} is given more than once")


def _trajectory(pack: Pack, trajectory: Trajectory, at: KeyPath, report: Report) -> None:
    metric = pack.metric_by_id.get(trajectory.metric)
    if metric is None:
        return
    if metric.rollup == "ratio_of_sums":
        if trajectory.values:
            report((*at, "values"), "a ratio metric takes `numerator` and `denominator`")
        if set(trajectory.numerator) != set(trajectory.denominator):
            report((*at, "denominator"), "numerator and denominator must cover the same years")
        for year, denominator in trajectory.denominator.items():
            if denominator == 0:
                report((*at, "denominator", year), "a denominator of zero: the ratio is undefined")
    elif trajectory.numerator or trajectory.denominator:
        report(at, f"{metric.id} is not a ratio: give `values`, not numerator and denominator")
    for part in ("values", "numerator", "denominator"):
        _years(pack, getattr(trajectory, part), (*at, part), report)
    _in_unit(metric, trajectory, at, report)


def _in_unit(metric: Metric, trajectory: Trajectory, at: KeyPath, report: Report) -> None:
    """Every value within its unit's range (the number parser's), and no ratio of a proportion
    above 100%."""
    for part in ("values", "numerator", "denominator"):
        for year, value in getattr(trajectory, part).items():
            try:
                parse_number(value, unit=part_unit(metric, part))
            except BadNumber as exc:
                report((*at, part, year), exc.message)
    if metric.unit == "proportion":
        for year, numerator in trajectory.numerator.items():
            denominator = trajectory.denominator.get(year)
            if denominator is not None and 0 < denominator < numerator:
                message = (
                    f"the numerator ({shown(numerator)}) is more than the denominator "
                    f"({shown(denominator)}): a proportion cannot be above 100%"
                )
                report((*at, "numerator", year), message)


def part_unit(metric: Metric, part: str) -> str:
    """The unit of a trajectory's `values`, `numerator` or `denominator` for `metric`."""
    return metric.unit if part == "values" else RATIO_PART_UNIT


def _commitment(pack: Pack, entry: CommitmentPlan, at: KeyPath, report: Report) -> None:
    commitment = pack.commitment_by_id.get(entry.commitment)
    if commitment is None:
        report((*at, "commitment"), f"unknown commitment {quoted(entry.commitment)} in {pack.id}")
        return
    own_metrics = {m.id for m in commitment.metric}
    for index, trajectory in enumerate(entry.trajectories):
        where = (*at, "trajectories", index)
        if trajectory.metric not in own_metrics:
            known = ", ".join(sorted(own_metrics)) or "none"
            metric = quoted(trajectory.metric)
            message = f"unknown metric {metric} for {commitment.id} (its metrics: {known})"
            report((*where, "metric"), message)
        _trajectory(pack, trajectory, where, report)
    metrics = [t.metric for t in entry.trajectories]
    _duplicates(metrics, (*at, "trajectories"), "metric", "metric", report)
    for index, milestone in enumerate(entry.milestones):
        _date(pack, milestone.date, (*at, "milestones", index, "date"), report)


def _finance_and_workforce(pack: Pack, plan: Plan, report: Report) -> None:
    organisations = plan.finance.organisations
    codes = [org.code for org in organisations]
    _duplicates(codes, ("finance", "organisations"), "code", "organisation", report)
    for index, org in enumerate(organisations):
        _years(pack, org.years, ("finance", "organisations", index, "years"), report)
    groups = [group.staff_group for group in plan.workforce]
    _duplicates(groups, ("workforce",), "staff_group", "staff group", report)
    for index, group in enumerate(plan.workforce):
        _years(pack, group.wte, ("workforce", index, "wte"), report)


def _partners(pack: Pack, plan: Plan, report: Report) -> None:
    known = {org.id for org in pack.geography.organisation_type}
    entries: dict[str, Sequence[EngagementEvent | SignOff]] = {
        "engagement": plan.engagement,
        "sign_offs": plan.sign_offs,
    }
    for name, items in entries.items():
        for index, item in enumerate(items):
            if item.partner not in known:
                report((name, index, "partner"), f"unknown partner type {quoted(item.partner)}")
    for index, event in enumerate(plan.engagement):
        _date(pack, event.date, ("engagement", index, "date"), report)
    change = plan.footprint.change_request
    if change is not None:
        _date(pack, change.date, ("footprint", "change_request", "date"), report)


def _maturity(pack: Pack, plan: Plan, report: Report) -> None:
    levels = {level.id for level in pack.maturity.level}
    assessment = plan.maturity.self_assessment
    _years(pack, assessment, ("maturity", "self_assessment"), report)
    for year, level in assessment.items():
        if level not in levels:
            names = ", ".join(sorted(levels))
            report(
                ("maturity", "self_assessment", year), f"unknown level {quoted(level)} ({names})"
            )


def validate_plan(plan: Plan, pack: Pack, report: Report) -> None:

    if plan.pack_version != pack.meta.version:
        message = f"written for {plan.pack} {plan.pack_version}; this is {pack.meta.version}"
        report(("pack_version",), message)
    if plan.system not in pack.system_by_code:
        report(("system",), f"unknown system code {quoted(plan.system)}")
    sections = {section.id for section in pack.sections.section}
    for section in plan.narrative.sections:
        if section not in sections:
            report(("narrative", "sections", section), f"unknown plan section {quoted(section)}")
    for index, entry in enumerate(plan.commitments):
        _commitment(pack, entry, ("commitments", index), report)
    ids = [entry.commitment for entry in plan.commitments]
    _duplicates(ids, ("commitments",), "commitment", "commitment", report)
    _finance_and_workforce(pack, plan, report)
    _partners(pack, plan, report)
    _maturity(pack, plan, report)
    validate_maturity(pack, plan, report)
