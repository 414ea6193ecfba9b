"""What-if: the national gap with one system's trajectory replaced, nothing saved.

Only the metric's rows are rolled up again (42 systems × the plan years, with the reference
roll-up), so the answer is immediate enough for a page to ask on every keystroke.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem, quoted
from ltpif.plans.document import Trajectory
from ltpif.rollup import reference
from ltpif.rollup.gap import AmbitionGap, ambition_gap
from ltpif.rollup.table import Row, metric_kinds

WHAT_IF = "what-if"  # where problems with a what-if request are reported


@dataclass(frozen=True)
class WhatIf:
    """One ambition of the metric, before and after the change."""

    before: AmbitionGap
    after: AmbitionGap


def _replaced(row: Row, trajectory: Trajectory, ratio: bool) -> Row:
    if not ratio:
        return row._replace(value=trajectory.values.get(row.year))
    num = trajectory.numerator.get(row.year)
    den = trajectory.denominator.get(row.year)
    value = num / den if num is not None and den else None
    return row._replace(value=value, numerator=num, denominator=den)


def _check(pack: Pack, system: str, trajectory: Trajectory) -> list[Problem]:
    problems = []
    if system not in pack.system_by_code:
        problems.append(Problem(WHAT_IF, None, "system", f"unknown system code {quoted(system)}"))
    metric = pack.metric_by_id.get(trajectory.metric)
    if metric is None:
        problems.append(
            Problem(WHAT_IF, None, "metric", f"unknown metric {quoted(trajectory.metric)}")
        )
        return problems
    ratio = metric.rollup == "ratio_of_sums"
    parts = ("numerator", "denominator") if ratio else ("values",)
    for part in parts:
        for year in getattr(trajectory, part):
            if year not in pack.plan_years:
                problems.append(Problem(WHAT_IF, None, f"{part}.{year}", "not a plan year"))
    if ratio and any(den == 0 for den in trajectory.denominator.values()):
        problems.append(Problem(WHAT_IF, None, "denominator", "a denominator of zero"))
    return problems


def what_if(pack: Pack, rows: Sequence[Row], system: str, trajectory: Trajectory) -> list[WhatIf]:
    """Every ambition on the trajectory's metric, with the system's values replaced by it.

    `rows` is the long table of the current plans (all metrics or only this one); years the
    trajectory leaves out become missing, as they would in a saved plan.
    """
    problems = _check(pack, system, trajectory)
    if problems:
        raise InputError(problems)
    code = pack.system_by_code[system].code
    metric = pack.metric_by_id[trajectory.metric]
    ratio = metric.rollup == "ratio_of_sums"
    own = [row for row in rows if row.metric == metric.id]
    changed = [_replaced(r, trajectory, ratio) if r.system == code else r for r in own]
    kinds = {metric.id: metric_kinds(pack)[metric.id]}
    before_totals = reference.rollup(own, kinds)
    after_totals = reference.rollup(changed, kinds)
    others = [row for row in rows if row.metric != metric.id]  # e.g. a fair share's basis
    return [
        WhatIf(
            ambition_gap(pack, ambition, rows, before_totals),
            ambition_gap(pack, ambition, [*changed, *others], after_totals),
        )
        for ambition in pack.ambitions
        if ambition.metric == metric.id
    ]
