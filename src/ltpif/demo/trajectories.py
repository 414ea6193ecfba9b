"""The metric trajectories of the demo plans: every metric of the pack, for every plan year.

Shapes (per-head rates, ramps) are synthetic; the levels that matter come from the pack: every
every-system ambition is met from its due year on, and every national-total ambition reaches
the system's fair share plus a margin. Finance and workforce metrics come from those sections.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

from ltpif.demo.figures import (
    due_index,
    every_system_ambitions,
    national_targets,
    per_100k,
    spread,
    unit,
)
from ltpif.framework import schema as s
from ltpif.framework.pack import Pack
from ltpif.plans.document import Trajectory

# Ratio metrics: denominator per 100,000 registered people, share at baseline, share at the end.
RATIOS = {
    "community-staff-mobile-access": (240.0, 0.45, 1.0),
    "cyber-security-compliance": (0.7, 0.4, 1.0),
    "nhs-app-practices-connected": (11.9, 0.1, 1.0),
    "pcn-mdt-coverage": (2.1, 0.0, 0.9),
    "ld-health-check-coverage": (400.0, 0.52, 0.8),
    "crisis-response-2h-coverage": (100_000.0, 0.25, 1.0),
    "reablement-2d-coverage": (100_000.0, 0.4, 1.0),
    "practices-offering-online-video": (11.9, 0.3, 1.0),
    "cancer-early-stage-diagnosis": (480.0, 0.53, 0.62),
    "cancer-screening-uptake": (35_000.0, 0.70, 0.76),
    "adult-crisis-24-7-coverage": (79_000.0, 0.45, 1.0),
    "cyp-crisis-coverage": (21_000.0, 0.3, 1.0),
    "bme-leadership-share": (40.0, 0.08, 0.15),
}
DEFAULT_RATIO = (1_000.0, 0.5, 0.7)
RATIO_MARGIN = (0.02, 0.03)  # proportion ambitions below 1: plan this far above the value
DENOMINATOR_GROWTH = 0.005
# Count metrics: per 100,000 registered people at baseline, multiple of baseline by year.
COUNTS = {
    "fax-machines-in-use": (25.0, (1, 0.3, 0)),
    "ld-autism-inpatients": (4.0, (1, 0.9, 0.8, 0.72, 0.66, 0.62)),
    "research-participants": (1_500.0, (1, 1.04, 1.08, 1.13, 1.18, 1.23)),
    "nhs-volunteers": (140.0, (1, 1.05, 1.1, 1.16, 1.22, 1.28)),
    "emergency-admissions": (10_500.0, (1, 1.012, 1.02, 1.026, 1.03, 1.033)),
    "social-prescribing-referrals": (150.0, (1, 2.5, 4.5, 6.5, 8.5, 10)),
    "personal-health-budgets": (120.0, (1, 1.4, 1.8, 2.2, 2.6, 3)),
    "perinatal-mh-access": (55.0, (1, 1.25, 1.5, 1.7, 1.85, 2)),
    "elective-surgery-spells": (6_800.0, (1, 1.02, 1.045, 1.07, 1.095, 1.12)),
    "rtt-waiting-list": (7_450.0, (1, 1.01, 0.99, 0.97, 0.95, 0.92)),
    "rtt-52-week-waiters": (2.0, (1, 0)),
    "rtt-referrals": (45_000.0, (1, 1.015, 1.03, 1.045, 1.06, 1.075)),
}
DEFAULT_COUNT = (100.0, (1,))
OUTPATIENT_VISITS_PER_HEAD = 2.0  # face-to-face outpatient visits a year at baseline
OUTPATIENT_VISITS = "outpatient-visits-avoided"
OUTPATIENT_SHARE = "outpatient-face-to-face-replaced"

# The metrics the deliberate failings bend, and by how much.
CRISIS = "adult-crisis-24-7-coverage"
CRISIS_SHORTFALL = 0.08  # below the ambition, in its due year
LD_CHECKS = "ld-health-check-coverage"
LD_SHORTFALL = 0.05
LONG_WAITS = "rtt-52-week-waiters"
LONG_WAITS_LEFT = 0.4  # of the baseline 52-week waiters, still waiting in the year due
SURGERY_DIP_YEAR, SURGERY_DIP = 2, 0.02  # 2020/21 falls 2% below 2019/20
WAITING_LIST_RISING = (1, 1.015, 1.03, 1.04, 1.05, 1.06)
FEASIBLE_LIST = "waiting-list-feasible"  # the rule whose metrics tie the list to its flows
FEW_REFERRALS = 0.55  # of the usual referrals: too few for the list to clear 52-week waits


def rule_metric(pack: Pack, check: str) -> str:
    """The metric a rule of this check kind tests (rising surgery, falling waiting list)."""
    return str(next(r for r in pack.rules.rule if r.check == check).params["metric"])


def build_trajectories(
    pack: Pack, system: s.System, failings: Sequence[str], derived: dict[str, Trajectory]
) -> dict[str, Trajectory]:
    """metric id → trajectory, for every metric of the pack; `derived` come first."""
    targets = national_targets(pack, system)
    trajectories: dict[str, Trajectory] = {}
    for metric in pack.metric_by_id.values():
        if metric.id == OUTPATIENT_SHARE:
            continue  # derived from the visits avoided, below
        if metric.id in derived:
            trajectories[metric.id] = derived[metric.id]
        elif metric.id in targets:
            trajectories[metric.id] = _ramp(pack, metric, *targets[metric.id])
        elif metric.rollup == "coverage":
            trajectories[metric.id] = _flag(pack, system, metric.id)
        elif metric.rollup == "ratio_of_sums":
            trajectories[metric.id] = _ratio(pack, system, metric.id, failings)
        else:
            trajectories[metric.id] = _count(pack, system, metric, failings)
    _list_flows(pack, system, trajectories, failings)
    if OUTPATIENT_SHARE in pack.metric_by_id and OUTPATIENT_VISITS in trajectories:
        visits = trajectories[OUTPATIENT_VISITS]
        trajectories[OUTPATIENT_SHARE] = _outpatient_share(pack, system, visits)
    return trajectories


def _list_flows(
    pack: Pack, system: s.System, trajectories: dict[str, Trajectory], failings: Sequence[str]
) -> None:
    """Completed pathways that take the planned list where it is planned to go: the referrals
    less the other removals, plus the fall in the list (the stock and flow the rule tests).
    The failings keep completions at the baseline's, or referrals too few for the list."""
    rule = next((r for r in pack.rules.rule if r.check == FEASIBLE_LIST), None)
    if rule is None:
        return
    params = rule.params
    share = float(str(params["other_removals_share"]))
    list_id, referrals_id = str(params["waiting_list"]), str(params["referrals"])
    completions_id = str(params["completions"])
    referrals = dict(trajectories[referrals_id].values)
    if "long-waits-unclearable" in failings:
        referrals = {y: float(round(v * FEW_REFERRALS)) for y, v in referrals.items()}
        trajectories[referrals_id] = Trajectory(metric=referrals_id, values=referrals)
    sizes = trajectories[list_id].values
    years = pack.plan_years
    completed = {years[0]: float(round(referrals[years[0]] * (1 - share)))}
    for before, year in pairwise(years):
        flat = completed[years[0]] if "list-outruns-capacity" in failings else None
        needed = referrals[year] * (1 - share) + sizes[before] - sizes[year]
        completed[year] = float(round(needed if flat is None else flat))
    trajectories[completions_id] = Trajectory(metric=completions_id, values=completed)


def _rounded(metric: s.Metric, value: float) -> float:
    return float(round(value)) if metric.unit == "count" else round(value, 2)


def _ramp(pack: Pack, metric: s.Metric, level: float, due: int) -> Trajectory:
    """An increase over the baseline (so 0 in it) growing steadily to `level` by `due`."""
    years = pack.plan_years
    values = {y: _rounded(metric, level * k / max(due, 1)) for k, y in enumerate(years)}
    return Trajectory(metric=metric.id, values=values)


def _flag(pack: Pack, system: s.System, metric_id: str) -> Trajectory:
    """0 until the system gets there, then 1: by the due year, a year early for some."""
    years = pack.plan_years
    ambitions = every_system_ambitions(pack, metric_id)
    on = due_index(pack, ambitions[0].by) if ambitions else len(years) - 1
    if on > 1 and unit(system.code, metric_id, "early") < 0.4:
        on -= 1
    values = {y: 1.0 if k >= on else 0.0 for k, y in enumerate(years)}
    _enforce(pack, ambitions, values)
    return Trajectory(metric=metric_id, values=values)


def _meets(ambition: s.Ambition, value: float) -> bool:
    return value >= ambition.value if ambition.comparison == "at_least" else value <= ambition.value


def _goal(system: s.System, ambition: s.Ambition) -> float:
    """The share planned in the due year: the value, with a margin unless it is all or none."""
    margin = spread(RATIO_MARGIN, system.code, ambition.id)
    if ambition.comparison == "at_least":
        return ambition.value if ambition.value >= 1 else min(1.0, ambition.value + margin)
    return ambition.value if ambition.value <= 0 else max(0.0, ambition.value - margin)


def _ratio(pack: Pack, system: s.System, metric_id: str, failings: Sequence[str]) -> Trajectory:
    years = pack.plan_years
    last = len(years) - 1
    rate, start, end = RATIOS.get(metric_id, DEFAULT_RATIO)
    ambitions = every_system_ambitions(pack, metric_id)
    due, goal, final = last, end, end
    if ambitions:
        due, goal = due_index(pack, ambitions[0].by), _goal(system, ambitions[0])
        final = end if _meets(ambitions[0], end) else goal
    justified = metric_id == LD_CHECKS and ambitions and "ld-checks-justified" in failings
    if justified:  # short of the ambition, with a local justification in the plan
        goal = ambitions[0].value - LD_SHORTFALL
    base = per_100k(system, rate)
    numerator, denominator = {}, {}
    for k, year in enumerate(years):
        if k <= due:
            share = goal if due == 0 else start + (goal - start) * k / due
        else:
            share = goal + (final - goal) * (k - due) / (last - due)
        people = max(1, round(base * (1 + DENOMINATOR_GROWTH) ** k))
        denominator[year] = float(people)
        numerator[year] = float(round(people * share))
    if not justified:
        _enforce(pack, ambitions, numerator, denominator)
    if metric_id == CRISIS and ambitions and "crisis-coverage-short" in failings:
        year = years[due]
        short = ambitions[0].value - CRISIS_SHORTFALL
        numerator[year] = float(math.floor(denominator[year] * short))
    return Trajectory(metric=metric_id, numerator=numerator, denominator=denominator)


def _count(pack: Pack, system: s.System, metric: s.Metric, failings: Sequence[str]) -> Trajectory:
    years = pack.plan_years
    rate, shape = COUNTS.get(metric.id, DEFAULT_COUNT)
    if metric.id == rule_metric(pack, "falls-over-period") and "waiting-list-rises" in failings:
        shape = WAITING_LIST_RISING
    base = per_100k(system, rate) * (0.9 + 0.2 * unit(system.code, metric.id))
    values = {
        y: _rounded(metric, base * shape[min(k, len(shape) - 1)]) for k, y in enumerate(years)
    }
    ambitions = every_system_ambitions(pack, metric.id)
    _enforce(pack, ambitions, values)
    if metric.id == rule_metric(pack, "increases-each-year") and "surgery-dips" in failings:
        before, dip = years[SURGERY_DIP_YEAR - 1], years[SURGERY_DIP_YEAR]
        values[dip] = _rounded(metric, values[before] * (1 - SURGERY_DIP))
    if metric.id == LONG_WAITS and ambitions and "long-waits" in failings:
        due = years[due_index(pack, ambitions[0].by)]
        values[due] = max(1.0, _rounded(metric, values[years[0]] * LONG_WAITS_LEFT))
    return Trajectory(metric=metric.id, values=values)


def _enforce(
    pack: Pack,
    ambitions: list[s.Ambition],
    values: dict[str, float],
    denominator: dict[str, float] | None = None,
) -> None:
    """Raise or lower values (ratio numerators) so every ambition holds from its due year on."""
    years = pack.plan_years
    for ambition in ambitions:
        for year in years[due_index(pack, ambition.by) :]:
            scale = denominator[year] if denominator else 1.0
            wanted = ambition.value * scale
            if ambition.comparison == "at_least" and values[year] < wanted:
                values[year] = float(math.ceil(wanted)) if denominator else wanted
            elif ambition.comparison != "at_least" and values[year] > wanted:
                values[year] = float(math.floor(wanted)) if denominator else wanted


def _outpatient_share(pack: Pack, system: s.System, visits: Trajectory) -> Trajectory:
    """Visits replaced over the baseline visits, kept within any 'up to' ambition."""
    ambitions = every_system_ambitions(pack, OUTPATIENT_SHARE)
    caps = [a.value for a in ambitions if a.comparison != "at_least" and a.value > 0]
    baseline = OUTPATIENT_VISITS_PER_HEAD * system.population.need_weighted
    most = max(visits.values.values())
    if caps:
        baseline = max(baseline, most / min(caps))
    years = pack.plan_years
    return Trajectory(
        metric=OUTPATIENT_SHARE,
        numerator=dict(visits.values),
        denominator={y: float(math.ceil(baseline)) for y in years},
    )
