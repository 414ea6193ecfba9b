"""The demo plans: deterministic, valid, and compliant except for their deliberate failings.

`findings` below is an independent reading of what the pack asks of a plan, written from the
pack's ambitions and rule parameters; each deliberate failing must be the only thing it finds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from itertools import pairwise

import pytest

from ltpif.demo.plans import FAILINGS, build_plan, demo_assignments, demo_plans, write_demo_plans
from ltpif.framework.loader import load_pack
from ltpif.framework.pack import Pack
from ltpif.plans.document import Plan, Trajectory
from ltpif.plans.files import read_plan

# Metrics whose every-system ambition a failing breaks on purpose.
AMBITION_FAILINGS = {
    "adult-crisis-24-7-coverage": "crisis-coverage-short",
    "ld-health-check-coverage": "ld-checks-justified",
    "rtt-52-week-waiters": "long-waits",
}
# National totals whose fair share a failing misses on purpose.
SHARE_FAILINGS = {
    "admin-cost-savings": "admin-savings-short",
    "admin-cost-savings-providers": "admin-savings-short",
}


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack()


@pytest.fixture(scope="module")
def plans(pack):
    return demo_plans(pack)


def rule_params(pack: Pack, check: str) -> list[dict]:
    return [rule.params for rule in pack.rules.rule if rule.check == check]


def due_year(pack: Pack, by: str | dt.date) -> int:
    """Index of the year an ambition is due (the rule itself is tested in test_due_year)."""
    return pack.plan_years.index(pack.due_year(by))


def value(trajectory: Trajectory, year: str) -> float:
    if trajectory.denominator:
        return trajectory.numerator[year] / trajectory.denominator[year]
    return trajectory.values[year]


def fair_share(pack: Pack, plan: Plan, ambition) -> float:
    systems = pack.geography.system
    system = pack.system_by_code[plan.system]
    national = sum(x.population.need_weighted for x in systems)
    return ambition.value * system.population.need_weighted / national


def _ambition_findings(pack: Pack, plan: Plan, found: set[str]) -> None:
    years = pack.plan_years
    by_metric = {t.metric: (e, t) for e in plan.commitments for t in e.trajectories}
    for ambition in pack.ambitions:
        entry, trajectory = by_metric[ambition.metric]
        due = due_year(pack, ambition.by)
        if ambition.scope == "national_total":
            if value(trajectory, years[due]) < fair_share(pack, plan, ambition):
                found.add(
                    SHARE_FAILINGS.get(ambition.metric, f"short of fair share: {ambition.id}")
                )
            continue
        for year in years[due:]:
            planned = value(trajectory, year)
            meets = (
                planned >= ambition.value
                if ambition.comparison == "at_least"
                else planned <= ambition.value
            )
            if not meets:
                name = AMBITION_FAILINGS.get(ambition.metric, f"ambition: {ambition.id}")
                if name == "ld-checks-justified" and not entry.local_justification:
                    name = "ld checks short, unjustified"
                found.add(name)


def _finance_findings(pack: Pack, plan: Plan, found: set[str]) -> None:
    years = pack.plan_years
    min_growth = float(rule_params(pack, "productivity-growth")[0]["min_growth"])
    orgs = plan.finance.organisations
    for org in orgs:
        for year in years:
            money = org.years[year]
            if money.income < money.expenditure:
                found.add("deficit-2021-22")
            if money.cash_releasing_efficiency < min_growth * money.expenditure:
                found.add("low-productivity")
            if not money.capital or money.capital <= 0:
                found.add("no capital")
        admin = [org.years[y].admin_costs for y in years]
        if any(later >= earlier for earlier, later in pairwise(admin)):
            found.add("admin costs do not fall")
    claims = {t.metric: t.values for e in plan.commitments for t in e.trajectories}
    saved = sum(org.years[years[0]].admin_costs - org.years[years[-1]].admin_costs for org in orgs)
    tolerance = rule_params(pack, "finance-compounds")[0]["tolerance"]
    if claims["admin-cost-savings"][years[-1]] > saved * (1 + tolerance):
        found.add("savings-overclaimed")

    def total(line: str, year: str) -> float:
        return sum(getattr(org.years[year], line) or 0.0 for org in orgs)

    for line, name in (
        ("mental_health_spend", "mh-investment-short"),
        ("primary_community_spend", "pc short"),
    ):
        for before, year in pairwise(years):
            income_growth = total("income", year) / total("income", before)
            if total(line, year) / total(line, before) <= income_growth:
                found.add(name)


def _partner_findings(pack: Pack, plan: Plan, found: set[str]) -> None:
    """Engagement, sign-off, footprint and maturity."""
    for params in rule_params(pack, "engagement-recorded"):
        partner, kind = params["partner"], params["kind"]
        if not any(e.partner == partner and kind in ("any", e.kind) for e in plan.engagement):
            found.add("no-hwb-discussion" if partner == "health-and-wellbeing-board" else partner)
    signed = {o.partner for o in plan.sign_offs if o.status == "signed"}
    for partner in (p for params in rule_params(pack, "signed-off-by") for p in params["partners"]):
        if partner not in signed:
            found.add("la-concerns" if partner == "local-authority" else f"unsigned: {partner}")
    deadline = pack.deadline_by_id[rule_params(pack, "footprint-change-on-time")[0]["deadline"]]
    change = plan.footprint.change_request
    if change is not None and change.date > deadline.date:
        found.add("late-footprint-change")
    params = rule_params(pack, "maturity-by")[0]
    rank = {level.id: level.rank for level in pack.maturity.level}
    year = pack.plan_years[due_year(pack, dt.date.fromisoformat(params["date"]))]
    if rank[plan.maturity.self_assessment[year]] < rank[params["level"]]:
        found.add("not-mature-by-2021")


def findings(pack: Pack, plan: Plan) -> set[str]:
    """What the pack's ambitions and rules would find wrong with a plan, named as FAILINGS."""
    found: set[str] = set()
    years = pack.plan_years
    officers = {c for p in rule_params(pack, "named-lead") for c in p.get("commitments", [])}
    if plan.clinical_lead is None:
        found.add("no-plan-lead")
    for entry in plan.commitments:
        commitment = pack.commitment_by_id[entry.commitment]
        needs_lead = commitment.clinical_implications or commitment.id in officers
        if needs_lead and entry.clinical_lead is None:
            found.add("no-clinical-lead")
        if entry.local_justification.strip() and entry.later_by_years:
            found.add("local-pace-justified")
        if entry.local_justification.strip() and entry.omitted:
            found.add("omission-justified")
    _ambition_findings(pack, plan, found)
    trajectories = {t.metric: t for e in plan.commitments for t in e.trajectories}
    surgery = trajectories[rule_params(pack, "increases-each-year")[0]["metric"]]
    if any(surgery.values[later] <= surgery.values[earlier] for earlier, later in pairwise(years)):
        found.add("surgery-dips")
    waiting = trajectories[rule_params(pack, "falls-over-period")[0]["metric"]]
    if waiting.values[years[-1]] >= waiting.values[years[0]]:
        found.add("waiting-list-rises")
    sections = plan.narrative.sections
    if any(not sections.get(section.id, "").strip() for section in pack.sections.section):
        found.add("missing-section")
    for field in (p["field"] for p in rule_params(pack, "required-narrative")):
        if not getattr(plan.narrative, field).strip():
            found.add(f"no narrative: {field}")
    _partner_findings(pack, plan, found)
    _finance_findings(pack, plan, found)
    _feasibility_findings(pack, plan, trajectories, found)
    return found


def _feasibility_findings(pack: Pack, plan: Plan, trajectories: dict, found: set) -> None:
    """The flows of the list, its length against its demand, surgery against the staff."""
    years = pack.plan_years
    (flows,) = rule_params(pack, "waiting-list-feasible")
    sizes = trajectories[flows["waiting_list"]].values
    referred = trajectories[flows["referrals"]].values
    completed = trajectories[flows["completions"]].values
    kept = 1 - flows["other_removals_share"]
    for before, year in pairwise(years):
        left = sizes[before] + referred[year] * kept - completed[year]
        if sizes[year] < left * (1 - flows["tolerance"]):
            found.add("list-outruns-capacity")
    (waits,) = rule_params(pack, "long-waits-clearable")
    cleared = [y for y in years if trajectories[waits["long_waiters"]].values[y] == 0]
    weeks = waits["long_wait_weeks"] / waits["factor"]  # the longest mean wait
    if any(sizes[y] > referred[y] * kept / 52 * weeks for y in cleared):
        found.add("long-waits-unclearable")
    (pay,) = rule_params(pack, "workforce-funded")
    spent = {y: sum(o.years[y].expenditure for o in plan.finance.organisations) for y in years}
    bill = {y: sum(g.pay_cost[y] for g in plan.workforce) for y in years}
    first_share = bill[years[0]] / spent[years[0]]
    if any(bill[y] / spent[y] > first_share + pay["max_pay_share_rise"] for y in years):
        found.add("workforce-unfunded")
    (staff,) = rule_params(pack, "workforce-supports-activity")
    surgery = trajectories[staff["activity"]].values
    wte = [sum(group.wte[y] for group in plan.workforce) for y in (years[0], years[-1])]
    allowed = (1 + staff["productivity_growth"]) ** (len(years) - 1)
    if surgery[years[-1]] / surgery[years[0]] > wte[1] / wte[0] * allowed:
        found.add("staff-shrink")


def test_builds_are_deterministic(pack, plans):
    assert demo_assignments(pack) == demo_assignments(pack)
    assert demo_plans(pack) == plans


def test_one_plan_for_each_of_the_42_systems(pack, plans):
    assert len(plans) == 42
    assert [system.code for system, _, _ in plans] == sorted(s.code for s in pack.geography.system)
    for system, _, plan in plans:
        assert (plan.ltpif_plan, plan.pack, plan.pack_version) == (1, pack.id, pack.meta.version)
        assert plan.system == system.code and system.name in plan.title


def test_failings_are_spread_over_the_systems(pack):
    assigned = demo_assignments(pack)
    used = [name for failings in assigned.values() for name in failings]
    assert set(used) == set(FAILINGS)
    compliant = sum(1 for failings in assigned.values() if not failings)
    assert 17 <= compliant <= 25
    assert 1 <= sum(1 for failings in assigned.values() if len(failings) == 2) <= 5
    assert all(len(set(failings)) == len(failings) for failings in assigned.values())


def test_every_plan_round_trips_through_yaml(pack, plans, tmp_path):
    paths = write_demo_plans(pack, tmp_path / "plans")
    assert [p.name for p in paths] == [f"{system.code}.yaml" for system, _, _ in plans]
    for path, (_, _, plan) in zip(paths, plans, strict=True):
        assert read_plan(path).plan == plan


def test_each_plan_shows_exactly_its_failings(pack, plans):
    for system, failings, plan in plans:
        assert findings(pack, plan) == set(failings), system.code


def test_compliant_plans_are_complete(pack, plans):
    years = pack.plan_years
    metrics = [m.id for c in pack.commitments for m in c.metric]
    for _, failings, plan in plans:
        if failings:
            continue
        assert [e.commitment for e in plan.commitments] == [c.id for c in pack.commitments]
        assert all(e.narrative.strip() for e in plan.commitments)
        trajectories = {t.metric: t for e in plan.commitments for t in e.trajectories}
        assert list(trajectories) == metrics
        for metric_id, trajectory in trajectories.items():
            metric = pack.metric_by_id[metric_id]
            planned = [value(trajectory, year) for year in years]  # every year is given
            if metric.unit in ("proportion", "flag"):
                assert all(0 <= v <= 1 for v in planned), metric_id
            assert all(v >= 0 for v in planned), metric_id
        orgs = plan.finance.organisations
        assert [o.kind for o in orgs].count("commissioner") == 1 and 3 <= len(orgs) <= 5
        assert all(list(o.years) == years for o in orgs)
        assert 5 <= len(plan.workforce) <= 6 and len(plan.digital) >= 3
        assert 1 <= len(plan.estates) <= 3
        first, last = dt.date(2019, 4, 1), pack.window[1]
        assert any(e.milestones for e in plan.commitments)
        assert all(first <= m.date <= last for e in plan.commitments for m in e.milestones)


def test_compliant_plans_meet_every_system_ambitions_from_the_pack(pack, plans):
    ambitions = [a for a in pack.ambitions if a.scope == "every_system"]
    assert {a.comparison for a in ambitions} <= {"at_least", "at_most", "up_to"}
    for _, failings, plan in plans:
        if failings:
            continue
        trajectories = {t.metric: t for e in plan.commitments for t in e.trajectories}
        for ambition in ambitions:
            for year in pack.plan_years[due_year(pack, ambition.by) :]:
                planned = value(trajectories[ambition.metric], year)
                if ambition.comparison == "at_least":
                    assert planned >= ambition.value, (plan.system, ambition.id, year)
                else:
                    assert planned <= ambition.value, (plan.system, ambition.id, year)


@pytest.mark.parametrize("failing", sorted(FAILINGS))
def test_a_failing_changes_only_what_it_says(pack, failing):
    assigned = demo_assignments(pack)
    code = next(code for code, failings in sorted(assigned.items()) if failing in failings)
    system = pack.system_by_code[code]
    compliant, failed = build_plan(pack, system), build_plan(pack, system, (failing,))
    assert findings(pack, compliant) == set()
    assert findings(pack, failed) == {failing}
    changed = {
        f.name
        for f in dataclasses.fields(Plan)
        if getattr(compliant, f.name) != getattr(failed, f.name)
    }
    assert changed == CHANGED[failing]
    changed_commitments = {
        a.commitment
        for a, b in zip(compliant.commitments, failed.commitments, strict=True)
        if a != b
    }
    expected = {pack.commitment_of_metric[m].id for m in CHANGED_METRICS.get(failing, ())}
    expected |= CHANGED_COMMITMENTS.get(failing, set())
    if failing == "no-clinical-lead":
        assert len(changed_commitments) == 1
    else:
        assert changed_commitments == expected


CHANGED = {
    "no-clinical-lead": {"commitments"},
    "low-productivity": {"finance", "commitments"},
    "no-hwb-discussion": {"engagement"},
    "crisis-coverage-short": {"commitments"},
    "deficit-2021-22": {"finance", "commitments"},
    "waiting-list-rises": {"commitments"},
    "surgery-dips": {"commitments"},
    "missing-section": {"narrative"},
    "la-concerns": {"sign_offs"},
    "late-footprint-change": {"footprint"},
    "ld-checks-justified": {"commitments"},
    "not-mature-by-2021": {"maturity"},
    "mh-investment-short": {"finance", "commitments"},
    "long-waits": {"commitments"},
    "list-outruns-capacity": {"commitments"},
    "long-waits-unclearable": {"commitments"},
    "staff-shrink": {"workforce", "commitments"},
    "admin-savings-short": {"finance", "commitments"},
    "savings-overclaimed": {"commitments"},
    "local-pace-justified": {"commitments"},
    "omission-justified": {"commitments"},
    "no-plan-lead": {"clinical_lead"},
    "workforce-unfunded": {"workforce"},
}
# The commitments a failing changes other than through their metrics' trajectories.
CHANGED_COMMITMENTS = {
    "local-pace-justified": {"digital-red-book"},
    "omission-justified": {"air-pollution"},
}
# The metrics whose trajectories a failing changes (finance failings: those computed from it).
CHANGED_METRICS = {
    "low-productivity": ["cash-releasing-productivity"],
    "deficit-2021-22": ["cash-releasing-productivity"],
    "mh-investment-short": ["mental-health-spend"],
    "crisis-coverage-short": ["adult-crisis-24-7-coverage"],
    "waiting-list-rises": ["rtt-waiting-list"],
    "surgery-dips": ["elective-surgery-spells"],
    "ld-checks-justified": ["ld-health-check-coverage"],
    "long-waits": ["rtt-52-week-waiters"],
    "list-outruns-capacity": ["rtt-completed-pathways"],
    "long-waits-unclearable": ["rtt-referrals", "rtt-completed-pathways"],
    "staff-shrink": ["total-workforce-wte", "staff-retention"],
    "admin-savings-short": ["admin-cost-savings", "admin-cost-savings-providers"],
    "savings-overclaimed": ["admin-cost-savings"],
}


def test_failings_bend_the_numbers_the_pack_names(pack):
    """Spot checks in the pack's own terms, beyond the findings above."""
    system = pack.geography.system[0]
    years = pack.plan_years

    def trajectory(plan: Plan, metric_id: str) -> Trajectory:
        return next(t for e in plan.commitments for t in e.trajectories if t.metric == metric_id)

    crisis = next(a for a in pack.ambitions if a.metric == "adult-crisis-24-7-coverage")
    short = build_plan(pack, system, ("crisis-coverage-short",))
    due = years[due_year(pack, crisis.by)]
    assert due == "2020/21"
    assert value(trajectory(short, crisis.metric), due) < crisis.value

    ld = next(a for a in pack.ambitions if a.metric == "ld-health-check-coverage")
    justified = build_plan(pack, system, ("ld-checks-justified",))
    assert value(trajectory(justified, ld.metric), "2023/24") < ld.value
    entry = next(e for e in justified.commitments if e.commitment == "learning-disability-autism")
    assert entry.local_justification

    deficit = build_plan(pack, system, ("deficit-2021-22",))
    orgs = deficit.finance.organisations
    assert sum(o.years["2021/22"].income for o in orgs) < sum(
        o.years["2021/22"].expenditure for o in orgs
    )

    with pytest.raises(ValueError, match="unknown demo failings"):
        build_plan(pack, system, ("no-such-failing",))
