"""The 42 demo plans, assured by the real engine: each shows exactly its deliberate failings."""

from __future__ import annotations

import pytest

from ltpif.assurance.engine import run_rules
from ltpif.demo import DEMO_TODAY
from ltpif.demo.plans import FAILINGS, demo_plans
from ltpif.framework.loader import load_pack

# What each deliberate failing must trip, as (rule, severity).
FAILING_FINDINGS = {
    "no-clinical-lead": {("clinical-leads-named", "error")},
    "low-productivity": {("productivity-growth", "error")},
    "no-hwb-discussion": {("hwb-dedicated-discussion", "error")},
    "crisis-coverage-short": {("foundational-standards-met", "error")},
    "deficit-2021-22": {("financial-balance", "error"), ("financial-balance", "query")},
    "waiting-list-rises": {("waiting-list-falls", "error")},
    "surgery-dips": {("planned-surgery-increases", "error")},
    "missing-section": {("sections-complete", "error")},
    "la-concerns": {("partner-sign-offs", "query")},
    "late-footprint-change": {("footprint-change-notice", "error")},
    "ld-checks-justified": {("local-standards-met", "info")},
    "not-mature-by-2021": {("ics-mature-by-april-2021", "error")},
    "mh-investment-short": {("mental-health-investment-standard", "error")},
    "long-waits": {("foundational-standards-met", "error")},
    "list-outruns-capacity": {("waiting-list-feasible", "query")},
    "long-waits-unclearable": {("long-waits-clearable", "query")},
    "staff-shrink": {("workforce-supports-activity", "query")},
    "admin-savings-short": {("finance-compounds", "query")},
    "savings-overclaimed": {("finance-compounds", "query")},
    "local-pace-justified": {("local-pace-justified", "query")},
    "omission-justified": {("local-pace-justified", "query")},
    "no-plan-lead": {("plan-clinical-lead", "error")},
    "workforce-unfunded": {("workforce-funded", "query")},
}
PACK = load_pack()
PLANS = demo_plans(PACK)


def test_every_failing_has_its_expected_findings():
    assert set(FAILING_FINDINGS) == set(FAILINGS)


@pytest.mark.parametrize(
    ("system", "failings", "plan"), PLANS, ids=[system.code for system, _, _ in PLANS]
)
def test_demo_plan_findings(system, failings, plan):
    expected = set().union(*(FAILING_FINDINGS[f] for f in failings))
    if plan.landscape_changes:
        expected.add(("landscape-fast-track", "info"))
    assert {(f.rule, f.severity) for f in run_rules(PACK, plan, today=DEMO_TODAY)} == expected


def test_about_half_the_systems_are_ready_to_submit():
    ready = sum(
        1
        for _, _, plan in PLANS
        if not any(f.severity == "error" for f in run_rules(PACK, plan, today=DEMO_TODAY))
    )
    assert 15 <= ready <= 30
