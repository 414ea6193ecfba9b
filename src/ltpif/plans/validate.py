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

from ltpif.framework.kept import by_identity
from ltpif.framework.numbers import RATIO_PART_UNIT, BadNumber, parse_number, shown
from ltpif.framework.pack import Pack
from ltpif.framework.problems import quoted
from ltpif.framework.schema import Metric
from ltpif.framework.toml_lines import Path as KeyPath
from ltpif.plans.document import (
    CommitmentPlan,
    EngagementEvent,
    LocalPriority,
    Plan,
    SignOff,
    Trajectory,
)
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
    for path, message in _commitment_problems(entry, pack):
        report((*at, *path), message)


@by_identity(4096)
def _commitment_problems(entry: CommitmentPlan, pack: Pack) -> tuple[tuple[KeyPath, str], ...]:
    """The problems of one commitment's entry, where in it: they depend on the entry and the
    pack alone, and a save makes a new plan that keeps every entry but the one edited (so
    only that one is checked again; entries are immutable)."""
    problems: list[tuple[KeyPath, str]] = []
    _entry(pack, entry, (), lambda path, message: problems.append((path, message)))
    return tuple(problems)


def _entry(pack: Pack, entry: CommitmentPlan, at: KeyPath, report: Report) -> None:
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
    _milestones(pack, entry, at, report)
    if commitment.kind == "foundational" and (entry.omitted or entry.later_by_years):
        field = "omitted" if entry.omitted else "later_by_years"
        report(
            (*at, field),
            f"{commitment.id} is foundational: it keeps its national standard and date, "
            "so it can be neither phased later nor left out",
        )
    elif entry.omitted and entry.trajectories:
        report((*at, "trajectories"), "a commitment left out of the plan has no trajectories")


def _milestones(pack: Pack, entry: CommitmentPlan, at: KeyPath, report: Report) -> None:
    own = {m.id for m in pack.commitment_by_id[entry.commitment].milestone}
    for index, milestone in enumerate(entry.milestones):
        where = (*at, "milestones", index)
        _date(pack, milestone.date, (*where, "date"), report)
        if milestone.milestone is not None and milestone.milestone not in own:
            known = ", ".join(sorted(own)) or "none"
            report(
                (*where, "milestone"),
                f"unknown milestone {quoted(milestone.milestone)} for {entry.commitment} "
                f"(its milestones: {known})",
            )


def _local_priority(pack: Pack, priority: LocalPriority, at: KeyPath, report: Report) -> None:
    if priority.id in pack.commitment_by_id:
        report(
            (*at, "id"),
            f"{quoted(priority.id)} is a commitment of {pack.id}: "
            "give the local priority an id of its own",
        )
    if priority.theme is None:
        themes = ", ".join(sorted(pack.theme_by_id))
        report((*at, "theme"), f"a local priority needs a theme (one of: {themes})")
    elif priority.theme not in pack.theme_by_id:
        themes = ", ".join(sorted(pack.theme_by_id))
        report((*at, "theme"), f"unknown theme {quoted(priority.theme)} (themes: {themes})")
    for index, metric in enumerate(priority.metrics):
        where = (*at, "metrics", index)
        if metric.id in pack.metric_by_id:
            report(
                (*where, "id"), f"{quoted(metric.id)} is a metric of {pack.id}: choose another id"
            )
        if metric.unit is None:
            report((*where, "unit"), f"the metric {quoted(metric.id)} needs a unit")
            continue
        _years(pack, metric.trajectory, (*where, "trajectory"), report)
        if metric.by is not None:
            _years(pack, [metric.by], (*where, "by"), report)
        for year, value in metric.trajectory.items():
            try:
                parse_number(value, unit=metric.unit)
            except BadNumber as exc:
                report((*where, "trajectory", year), exc.message)
    metric_ids = [metric.id for metric in priority.metrics]
    _duplicates(metric_ids, (*at, "metrics"), "id", "metric", report)
    for index, milestone in enumerate(priority.milestones):
        where = (*at, "milestones", index)
        _date(pack, milestone.date, (*where, "date"), report)
        if milestone.milestone is not None:
            report((*where, "milestone"), "a local priority's milestones are its own: no pack id")


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
        if group.pay_cost is not None:
            _years(pack, group.pay_cost, ("workforce", index, "pay_cost"), report)


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


def _query_answers(pack: Pack, plan: Plan, report: Report) -> None:
    """An answer is to a rule of the pack (a rule of any severity may raise a query: a sign-off
    with concerns is one), once for each finding."""
    rules = {rule.id for rule in pack.rules.rule}
    answers = plan.query_answers or []
    for index, answer in enumerate(answers):
        if answer.rule not in rules:
            report(("query_answers", index, "rule"), f"unknown rule {quoted(answer.rule)}")
        if not answer.pointer.startswith("/"):
            report(("query_answers", index, "pointer"), "a finding's JSON pointer starts with '/'")
    keys = [f"{a.rule} {a.pointer}" for a in answers]
    _duplicates(keys, ("query_answers",), "pointer", "an answer to", report)


def _strategy_links(plan: Plan, report: Report) -> None:
    """Each link names exactly one of the plan's commitments or local priorities, once per
    strategy priority. Whether the priority is of a board in the footprint is the partnership's
    to say (plans.strategy.check_links), for the strategies are recorded beside the plan."""
    commitments = {entry.commitment for entry in plan.commitments}
    priorities = {priority.id for priority in plan.local_priorities}
    links = plan.strategy_links or []
    for index, link in enumerate(links):
        at = ("strategy_links", index)
        if (link.commitment is None) == (link.local_priority is None):
            report(at, "a link names either a commitment or a local priority, not both or none")
        elif link.commitment is not None and link.commitment not in commitments:
            report((*at, "commitment"), f"the plan has no commitment {quoted(link.commitment)}")
        elif link.local_priority is not None and link.local_priority not in priorities:
            message = f"the plan has no local priority {quoted(link.local_priority)}"
            report((*at, "local_priority"), message)
    keys = [f"{link.builds} {link.authority} {link.priority}" for link in links]
    _duplicates(keys, ("strategy_links",), "priority", "a link of", report)


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
    for index, priority in enumerate(plan.local_priorities):
        _local_priority(pack, priority, ("local_priorities", index), report)
    priority_ids = [priority.id for priority in plan.local_priorities]
    _duplicates(priority_ids, ("local_priorities",), "id", "local priority", report)
    _finance_and_workforce(pack, plan, report)
    _partners(pack, plan, report)
    _maturity(pack, plan, report)
    _query_answers(pack, plan, report)
    _strategy_links(plan, report)
    validate_maturity(pack, plan, report)
