"""Spec: for every check kind, a plan fragment changed → exactly the findings expected.

Each case starts from a compliant demo plan, makes one change, and lists the findings that
change must produce (rule, severity, JSON pointer) — no more, no fewer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from ltpif.assurance.engine import assure, run_rules
from ltpif.assurance.findings import Finding
from ltpif.assurance.registry import REGISTRY
from ltpif.demo import DEMO_TODAY
from ltpif.demo.plans import build_plan
from ltpif.framework.loader import load_pack
from ltpif.plans.document import (
    ClinicalLead,
    Footprint,
    FootprintChange,
    LandscapeChange,
    LocalMetric,
    LocalPriority,
    Plan,
    PlanMilestone,
    StrategyLink,
)
from ltpif.plans.operational import OperationalPlan, phase_plan
from ltpif.plans.strategy import Board

PACK = load_pack()
SYSTEM = PACK.geography.system[0]
ONE_DAY = dt.timedelta(days=1)
Edit = Callable[[Plan], Plan]


@pytest.fixture(scope="module")
def compliant() -> Plan:
    return build_plan(PACK, SYSTEM)


def _index(plan: Plan, commitment: str) -> int:
    found = plan.commitment_plan(commitment)
    assert found is not None
    return found[0]


def _edit_commitment(commitment: str, **changes) -> Edit:
    def edit(plan: Plan) -> Plan:
        index = _index(plan, commitment)
        entries = list(plan.commitments)
        entries[index] = dataclasses.replace(entries[index], **changes)
        return dataclasses.replace(plan, commitments=entries)

    return edit


def _drop_commitment(commitment: str) -> Edit:
    def edit(plan: Plan) -> Plan:
        entries = [c for c in plan.commitments if c.commitment != commitment]
        return dataclasses.replace(plan, commitments=entries)

    return edit


def _set_value(metric: str, year: str, value: float, part: str = "values") -> Edit:
    """Set a trajectory value; for ratios `part` is numerator and the denominator is kept."""

    def edit(plan: Plan) -> Plan:
        commitment = PACK.commitment_of_metric[metric].id
        index = _index(plan, commitment)
        entry = plan.commitments[index]
        trajectories = list(entry.trajectories)
        n = next(i for i, t in enumerate(trajectories) if t.metric == metric)
        series = dict(getattr(trajectories[n], part))
        scale = trajectories[n].denominator[year] if part == "numerator" else 1
        series[year] = value * scale
        trajectories[n] = dataclasses.replace(trajectories[n], **{part: series})
        entries = list(plan.commitments)
        entries[index] = dataclasses.replace(entry, trajectories=trajectories)
        return dataclasses.replace(plan, commitments=entries)

    return edit


def _drop_year(metric: str, year: str) -> Edit:
    def edit(plan: Plan) -> Plan:
        commitment = PACK.commitment_of_metric[metric].id
        index = _index(plan, commitment)
        entry = plan.commitments[index]
        trajectories = [
            dataclasses.replace(
                t,
                values={y: v for y, v in t.values.items() if y != year},
                numerator={y: v for y, v in t.numerator.items() if y != year},
                denominator={y: v for y, v in t.denominator.items() if y != year},
            )
            if t.metric == metric
            else t
            for t in entry.trajectories
        ]
        entries = list(plan.commitments)
        entries[index] = dataclasses.replace(entry, trajectories=trajectories)
        return dataclasses.replace(plan, commitments=entries)

    return edit


def _narrative(**changes) -> Edit:
    return lambda plan: dataclasses.replace(
        plan, narrative=dataclasses.replace(plan.narrative, **changes)
    )


def _section_text(section: str, text: str) -> Edit:
    def edit(plan: Plan) -> Plan:
        sections = {**plan.narrative.sections, section: text}
        return _narrative(sections=sections)(plan)

    return edit


def _empty_section(section: str) -> Edit:
    return _section_text(section, "")


def _without(attribute: str, keep: Callable[[object], bool]) -> Edit:
    return lambda plan: dataclasses.replace(
        plan, **{attribute: [x for x in getattr(plan, attribute) if keep(x)]}
    )


def _sign_off(partner: str, **changes) -> Edit:
    return lambda plan: dataclasses.replace(
        plan,
        sign_offs=[
            dataclasses.replace(s, **changes) if s.partner == partner else s for s in plan.sign_offs
        ],
    )


def _finance_year(org_index: int, year: str, **changes) -> Edit:
    def edit(plan: Plan) -> Plan:
        orgs = list(plan.finance.organisations)
        years = dict(orgs[org_index].years)
        years[year] = dataclasses.replace(years[year], **changes)
        orgs[org_index] = dataclasses.replace(orgs[org_index], years=years)
        return dataclasses.replace(
            plan, finance=dataclasses.replace(plan.finance, organisations=orgs)
        )

    return edit


def _scale_line(line: str, factor: float, years: list[str]) -> Edit:
    """Multiply one finance line in every organisation for the given years."""

    def edit(plan: Plan) -> Plan:
        for index, org in enumerate(plan.finance.organisations):
            for year in years:
                value = getattr(org.years[year], line)
                plan = _finance_year(index, year, **{line: value * factor})(plan)
        return plan

    return edit


def _efficiency(org_index: int, year: str, share: float) -> Edit:
    """Set an organisation's cash-releasing efficiency to `share` of its expenditure."""

    def edit(plan: Plan) -> Plan:
        expenditure = plan.finance.organisations[org_index].years[year].expenditure
        return _finance_year(org_index, year, cash_releasing_efficiency=expenditure * share)(plan)

    return edit


def _overspend(org_index: int, year: str, factor: float) -> Edit:
    """Set an organisation's expenditure to `factor` times its income."""

    def edit(plan: Plan) -> Plan:
        income = plan.finance.organisations[org_index].years[year].income
        return _finance_year(org_index, year, expenditure=income * factor)(plan)

    return edit


def _footprint_change(day: dt.date) -> Edit:
    change = FootprintChange(date=day, description="Join the neighbour")
    return lambda plan: dataclasses.replace(plan, footprint=Footprint(change_request=change))


def _maturity(**changes) -> Edit:
    return lambda plan: dataclasses.replace(
        plan, maturity=dataclasses.replace(plan.maturity, **changes)
    )


def _index_of(plan: Plan, attribute: str, test: Callable[[object], bool]) -> int:
    return next(i for i, x in enumerate(getattr(plan, attribute)) if test(x))


def _milestone(commitment: str, n: int, **changes) -> Edit:
    def edit(plan: Plan) -> Plan:
        entry = plan.commitments[_index(plan, commitment)]
        milestones = list(entry.milestones)
        milestones[n] = dataclasses.replace(milestones[n], **changes)
        return _edit_commitment(commitment, milestones=milestones)(plan)

    return edit


# A local priority worked by hand: 100 → 300 homes by 2023/24, a milestone in June 2021.
WARM_HOMES = LocalPriority(
    id="local-warm-homes",
    title="Warm homes",
    rationale="Cold homes drive winter admissions.",
    strategy="The joint health and wellbeing strategy",
    theme="housing-independence",
    clinical_lead=ClinicalLead(name="Dr Ada Jones", role="Clinical Lead"),
    metrics=[
        LocalMetric(
            id="warm-homes-improved",
            name="Homes improved",
            unit="count",
            polarity="higher_is_better",
            target=300,
            by="2023/24",
            trajectory={
                "2019/20": 100,
                "2020/21": 150,
                "2021/22": 200,
                "2022/23": 250,
                "2023/24": 300,
            },
        )
    ],
    milestones=[PlanMilestone(date=dt.date(2021, 6, 30), description="Scheme reviewed")],
)


def _priority(**changes) -> Edit:
    return lambda plan: dataclasses.replace(
        plan, local_priorities=[dataclasses.replace(WARM_HOMES, **changes)]
    )


def _priority_metric(**changes) -> Edit:
    metric = dataclasses.replace(WARM_HOMES.metrics[0], **changes)
    return _priority(metrics=[metric])


def _findings(plan: Plan) -> set[tuple[str, str, str]]:
    return {(f.rule, f.severity, f.pointer) for f in run_rules(PACK, plan, today=DEMO_TODAY)}


def test_the_compliant_plan_has_no_findings(compliant):
    assert _findings(compliant) == set()


# (case id, edit, expected findings as (rule, severity, pointer) with {c:commitment} holes)
CASES = [
    (
        "named-lead",
        _edit_commitment("adult-crisis-teams", clinical_lead=None),
        {("clinical-leads-named", "error", "/commitments/{c:adult-crisis-teams}/clinical_lead")},
    ),
    (
        "named-lead-ld-senior-officer",
        _edit_commitment("learning-disability-autism", clinical_lead=None),
        {
            (
                "clinical-leads-named",
                "error",
                "/commitments/{c:learning-disability-autism}/clinical_lead",
            ),
            (
                "ld-autism-senior-officer",
                "error",
                "/commitments/{c:learning-disability-autism}/clinical_lead",
            ),
        },
    ),
    (
        "required-section",
        _empty_section("efficiency"),
        {("sections-complete", "error", "/narrative/sections/efficiency")},
    ),
    (
        "required-narrative",
        _narrative(builds_on_strategies="  "),
        {("builds-on-local-strategies", "query", "/narrative/builds_on_strategies")},
    ),
    (
        "required-narrative-inequalities",
        _narrative(inequalities=""),
        {("inequalities-addressed", "query", "/narrative/inequalities")},
    ),
    (
        # trimmed and in any case: " tbc " is the pack's "TBC"
        "narrative-substance-placeholder-field",
        _narrative(prevention=" tbc "),
        {("no-placeholders", "error", "/narrative/prevention")},
    ),
    (
        # "." is a placeholder (the error) and 1 character of the 100 a section needs (the query)
        "narrative-substance-placeholder-section",
        _section_text("engagement", "."),
        {
            ("no-placeholders", "error", "/narrative/sections/engagement"),
            ("sections-substantial", "query", "/narrative/sections/engagement"),
        },
    ),
    (
        "narrative-substance-placeholder-justification",
        _edit_commitment("air-pollution", local_justification="To follow"),
        {("no-placeholders", "error", "/commitments/{c:air-pollution}/local_justification")},
    ),
    (
        "narrative-substance-placeholder-evidence",
        _maturity(evidence="N/A"),
        {("no-placeholders", "error", "/maturity/evidence")},
    ),
    (
        # 99 characters, one short of the pack's 100; 100 would pass (the next case)
        "narrative-substance-short-section",
        _section_text("efficiency", "x" * 99),
        {("sections-substantial", "query", "/narrative/sections/efficiency")},
    ),
    ("narrative-substance-section-at-minimum", _section_text("efficiency", "x" * 100), set()),
    (
        "trajectory-complete-foundational",
        _drop_year("rtt-52-week-waiters", "2021/22"),
        {
            (
                "foundational-trajectories-complete",
                "error",
                "/commitments/{c:rtt-52-week-standard}/trajectories/0",
            )
        },
    ),
    (
        # a local commitment not listed is no longer "incomplete": the local-pace check says
        # what to write to leave it out (and a clinical one needs no lead when left out)
        "local-pace-missing-commitment",
        _drop_commitment("antimicrobial-resistance"),
        {("local-pace-justified", "query", "/commitments")},
    ),
    (
        "local-pace-later-justified",
        _edit_commitment("digital-red-book", later_by_years=1, local_justification="Record first."),
        {
            (
                "local-pace-justified",
                "query",
                "/commitments/{c:digital-red-book}/local_justification",
            )
        },
    ),
    (
        "local-pace-later-unjustified",
        _edit_commitment("digital-red-book", later_by_years=2),
        {
            (
                "local-pace-justified",
                "query",
                "/commitments/{c:digital-red-book}/local_justification",
            )
        },
    ),
    (
        "local-pace-omitted-justified",
        _edit_commitment(
            "air-pollution", omitted=True, local_justification="The councils lead it."
        ),
        {("local-pace-justified", "query", "/commitments/{c:air-pollution}/local_justification")},
    ),
    (
        # the pace-and-scope latitude allows two years, not three
        "local-pace-beyond-latitude",
        _edit_commitment("digital-red-book", later_by_years=3, local_justification="Later."),
        {("local-latitude-kept", "error", "/commitments/{c:digital-red-book}/later_by_years")},
    ),
    (
        # learning disability and autism may be phased (pace-only), never left out
        "local-pace-omitted-not-allowed",
        _edit_commitment(
            "learning-disability-autism",
            omitted=True,
            local_justification="Not now.",
            trajectories=[],
            milestones=[],
        ),
        {("local-latitude-kept", "error", "/commitments/{c:learning-disability-autism}/omitted")},
    ),
    (
        "local-pace-foundational",
        _edit_commitment("adult-crisis-teams", later_by_years=1, local_justification="Later."),
        {("local-latitude-kept", "error", "/commitments/{c:adult-crisis-teams}/later_by_years")},
    ),
    (
        "milestone-planned-foundational",
        _edit_commitment("pcn-development", milestones=[]),
        {
            (
                "foundational-milestones-planned",
                "error",
                "/commitments/{c:pcn-development}/milestones",
            )
        },
    ),
    (
        "milestone-planned-local",
        _edit_commitment("digital-red-book", milestones=[]),
        {("local-milestones-planned", "query", "/commitments/{c:digital-red-book}/milestones")},
    ),
    (
        # the red book's national milestone is due by 2020/21, that is by 31 March 2021
        "milestone-by-deadline",
        _milestone("digital-red-book", 0, date=dt.date(2021, 4, 1)),
        {
            (
                "milestones-by-deadline",
                "query",
                "/commitments/{c:digital-red-book}/milestones/0/date",
            )
        },
    ),
    (
        # phased a year later, the same date is within the deadline (the pace's own query only)
        "milestone-by-deadline-local-pace",
        lambda plan: _milestone("digital-red-book", 0, date=dt.date(2021, 4, 1))(
            _edit_commitment("digital-red-book", later_by_years=1, local_justification="Later.")(
                plan
            )
        ),
        {
            (
                "local-pace-justified",
                "query",
                "/commitments/{c:digital-red-book}/local_justification",
            )
        },
    ),
    (
        # the PCN milestone (before 1 July 2019) is past on the demo's today, 16 September 2019
        "milestone-evidenced",
        _milestone("pcn-development", 0, evidence=" "),
        {
            (
                "milestones-evidenced",
                "query",
                "/commitments/{c:pcn-development}/milestones/0/evidence",
            )
        },
    ),
    ("milestone-evidenced-not-yet-due", _milestone("digital-red-book", 0, evidence=""), set()),
    ("local-priority-complete", _priority(), set()),
    (
        "local-priority-lead",
        _priority(clinical_lead=None),
        {("local-priority-leads-named", "query", "/local_priorities/0/clinical_lead")},
    ),
    (
        "local-priority-trajectory-short",
        _priority_metric(
            trajectory={
                "2019/20": 100,
                "2020/21": 150,
                "2021/22": 200,
                "2022/23": 250,
                "2023/24": 299,
            }
        ),
        {
            (
                "local-priorities-on-track",
                "query",
                "/local_priorities/0/metrics/0/trajectory/2023~124",
            )
        },
    ),
    (
        # lower is better: 299 is within a target of at most 300
        "local-priority-trajectory-lower-is-better",
        _priority_metric(
            polarity="lower_is_better",
            trajectory={
                "2019/20": 400,
                "2020/21": 350,
                "2021/22": 320,
                "2022/23": 310,
                "2023/24": 299,
            },
        ),
        set(),
    ),
    (
        "local-priority-trajectory-no-target",
        _priority_metric(target=None),
        {("local-priorities-on-track", "query", "/local_priorities/0/metrics/0/target")},
    ),
    (
        "local-priority-milestone-after-target",
        _priority(milestones=[PlanMilestone(date=dt.date(2024, 4, 1), description="Late")]),
        {("milestones-by-deadline", "query", "/local_priorities/0/milestones/0/date")},
    ),
    (
        "local-priority-milestone-past-due",
        _priority(milestones=[PlanMilestone(date=dt.date(2019, 9, 15), description="Begun")]),
        {("milestones-evidenced", "query", "/local_priorities/0/milestones/0/evidence")},
    ),
    (
        "standard-met-foundational",
        _set_value("adult-crisis-24-7-coverage", "2020/21", 0.8, "numerator"),
        {
            (
                "foundational-standards-met",
                "error",
                "/commitments/{c:adult-crisis-teams}/trajectories/0/numerator/2020~121",
            )
        },
    ),
    (
        "standard-met-at-most",
        _set_value("rtt-52-week-waiters", "2022/23", 12),
        {
            (
                "foundational-standards-met",
                "error",
                "/commitments/{c:rtt-52-week-standard}/trajectories/0/values/2022~123",
            )
        },
    ),
    (
        "standard-met-local-unjustified",
        _set_value("ld-health-check-coverage", "2023/24", 0.6, "numerator"),
        {
            (
                "local-standards-met",
                "query",
                "/commitments/{c:learning-disability-autism}/trajectories/0/numerator/2023~124",
            )
        },
    ),
    (
        "increases-each-year",
        _set_value("elective-surgery-spells", "2020/21", 1),
        {
            (
                "planned-surgery-increases",
                "error",
                "/commitments/{c:planned-care-surgery}/trajectories/0/values/2020~121",
            )
        },
    ),
    (
        "falls-over-period",
        _set_value("rtt-waiting-list", "2023/24", 10**9),
        {
            (
                "waiting-list-falls",
                "error",
                "/commitments/{c:planned-care-waits}/trajectories/0/values/2023~124",
            ),
            # a billion waiting with no one over 52 weeks: too long a list for its demand
            (
                "long-waits-clearable",
                "query",
                "/commitments/{c:rtt-52-week-standard}/trajectories/0/values/2023~124",
            ),
        },
    ),
    (
        # level with the baseline is not a reduction (the demo plans 103 in 2018/19 for E54000005)
        "falls-over-period-ld-inpatients",
        _set_value("ld-autism-inpatients", "2023/24", 103),
        {
            (
                "ld-autism-inpatients-fall",
                "error",
                "/commitments/{c:learning-disability-autism}/trajectories/1/values/2023~124",
            )
        },
    ),
    # West Yorkshire's fair share of the 20,000 PCN roles by need-weighted population:
    # 20,000 × 2,722,512 / 59,079,903 = 921.64 WTE, so 921 is short of it and 922 is not
    (
        "fair-share-met-short",
        _set_value("pcn-additional-roles-wte", "2023/24", 921),
        {
            (
                "fair-share-of-national-totals",
                "query",
                "/commitments/{c:pcn-additional-staff}/trajectories/0/values/2023~124",
            )
        },
    ),
    ("fair-share-met-reached", _set_value("pcn-additional-roles-wte", "2023/24", 922), set()),
    # the 30m outpatient visits are shared by baseline activity: only the roll-up has every plan
    ("fair-share-met-baseline-basis", _set_value("outpatient-visits-avoided", "2023/24", 0), set()),
    (
        "waiting-list-feasible",
        _set_value("rtt-completed-pathways", "2020/21", 0),
        {
            (
                "waiting-list-feasible",
                "query",
                "/commitments/{c:planned-care-waits}/trajectories/2/values/2020~121",
            )
        },
    ),
    (
        "long-waits-clearable",
        _set_value("rtt-referrals", "2022/23", 1_000),
        {
            (
                "long-waits-clearable",
                "query",
                "/commitments/{c:rtt-52-week-standard}/trajectories/0/values/2022~123",
            )
        },
    ),
    (
        "workforce-supports-activity",
        _set_value("elective-surgery-spells", "2023/24", 10**9),
        {("workforce-supports-activity", "query", "/workforce")},
    ),
    (
        # the pay bill doubles in 2023/24 while the spending does not: 35% → ~70% of it
        "workforce-funded",
        lambda plan: dataclasses.replace(
            plan,
            workforce=[
                dataclasses.replace(
                    g, pay_cost={**g.pay_cost, "2023/24": 2 * g.pay_cost["2023/24"]}
                )
                for g in plan.workforce
            ],
        ),
        {("workforce-funded", "query", "/workforce")},
    ),
    (
        "named-lead-plan",
        lambda plan: dataclasses.replace(plan, clinical_lead=None),
        {("plan-clinical-lead", "error", "/clinical_lead")},
    ),
    (
        # the commissioners' claim, £1,000m by 2021/22, is far beyond the fall in their costs
        "finance-compounds-savings",
        _set_value("admin-cost-savings-commissioners", "2021/22", 1_000),
        {
            (
                "finance-compounds",
                "query",
                "/commitments/{c:administration-cost-savings}/trajectories/1/values/2021~122",
            )
        },
    ),
    (
        # 5% claimed against the 1.3% to 1.5% the organisations' efficiency gives
        "finance-compounds-productivity",
        _set_value("cash-releasing-productivity", "2020/21", 0.05, part="numerator"),
        {
            (
                "finance-compounds",
                "query",
                "/commitments/{c:cash-releasing-productivity-growth}/trajectories/0/numerator/2020~121",
            )
        },
    ),
    (
        "engagement-recorded",
        _without("engagement", lambda e: e.partner != "health-and-wellbeing-board"),
        {("hwb-dedicated-discussion", "error", "/engagement")},
    ),
    (
        "engagement-recorded-any",
        _without("engagement", lambda e: e.partner != "director-of-public-health"),
        {("dph-engaged", "query", "/engagement")},
    ),
    (
        "signed-off-by-missing",
        _without("sign_offs", lambda s: s.partner != "local-authority"),
        {("partner-sign-offs", "error", "/sign_offs")},
    ),
    (
        "signed-off-by-pending",
        _sign_off("community-provider", status="pending"),
        {("primary-community-plan-agreed", "error", "/sign_offs")},
    ),
    (
        "workforce-plan",
        lambda plan: dataclasses.replace(plan, workforce=[]),
        {("workforce-plan", "error", "/workforce")},
    ),
    (
        "digital-strategy",
        lambda plan: dataclasses.replace(plan, digital=[]),
        {("digital-strategy", "error", "/digital")},
    ),
    (
        "maturity-by",
        _maturity(self_assessment={"2019/20": "developing", "2020/21": "developing"}),
        {("ics-mature-by-april-2021", "error", "/maturity/self_assessment/2020~121")},
    ),
    (
        "maturity-evidence",
        _maturity(evidence=""),
        {("maturity-evidence", "query", "/maturity/evidence")},
    ),
    (
        "capital-plan",
        _finance_year(0, "2022/23", capital=None),
        {("capital-plan", "query", "/finance/organisations/0/years/2022~123")},
    ),
    (
        "admin-costs-fall",
        _scale_line("admin_costs", 2.0, ["2023/24"]),
        {
            ("admin-costs-fall", "query", "/finance/organisations"),
            # costs that rise leave every savings claim unfounded and every fair share unmet
            *(
                (
                    "finance-compounds",
                    "query",
                    f"/commitments/{{c:administration-cost-savings}}/trajectories/{n}/values/2023~124",
                )
                for n in range(3)
            ),
            ("finance-compounds", "query", "/finance/organisations"),
        },
    ),
    (
        "investment-standard",
        _scale_line("mental_health_spend", 0.9, ["2022/23", "2023/24"]),
        {("mental-health-investment-standard", "error", "/finance/organisations")},
    ),
    (
        # organisation 1 of the demo plan is a provider; the plan's claim is now too high
        "productivity-growth",
        _efficiency(1, "2020/21", 0.005),
        {
            (
                "finance-compounds",
                "query",
                "/commitments/{c:cash-releasing-productivity-growth}/trajectories/0/numerator/2020~121",
            ),
            (
                "productivity-growth",
                "error",
                "/finance/organisations/1/years/2020~121/cash_releasing_efficiency",
            ),
        },
    ),
    (
        # a system in deficit is an error, the organisation overspending a query; its spending
        # grows, so its cash-releasing efficiency falls short too, below what the plan claims
        "financial-balance",
        _overspend(0, "2021/22", 1.5),
        {
            (
                "finance-compounds",
                "query",
                "/commitments/{c:cash-releasing-productivity-growth}/trajectories/0/numerator/2021~122",
            ),
            ("financial-balance", "error", "/finance/organisations"),
            ("financial-balance", "query", "/finance/organisations/0/years/2021~122"),
            (
                "productivity-growth",
                "error",
                "/finance/organisations/0/years/2021~122/cash_releasing_efficiency",
            ),
        },
    ),
    (
        "footprint-change-on-time-late",
        _footprint_change(PACK.deadline_by_id["footprint-change-notice"].date + ONE_DAY),
        {("footprint-change-notice", "error", "/footprint/change_request/date")},
    ),
    (
        "footprint-change-on-time-on-the-day",
        _footprint_change(PACK.deadline_by_id["footprint-change-notice"].date),
        set(),
    ),
    (
        "landscape-fast-track",
        lambda plan: dataclasses.replace(
            plan, landscape_changes=[LandscapeChange(kind="merger", description="Two trusts merge")]
        ),
        {("landscape-fast-track", "info", "/landscape_changes/0")},
    ),
]


def _expected(plan: Plan, expected: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    def fill(pointer: str) -> str:
        """'/commitments/{c:adult-crisis-teams}/x' → '/commitments/12/x'."""
        while "{c:" in pointer:
            start = pointer.index("{c:")
            end = pointer.index("}", start)
            index = _index(plan, pointer[start + 3 : end])
            pointer = f"{pointer[:start]}{index}{pointer[end + 1 :]}"
        return pointer

    return {(rule, severity, fill(pointer)) for rule, severity, pointer in expected}


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_one_change_exactly_its_findings(compliant, edit, expected):
    changed = edit(compliant)
    assert _findings(changed) == _expected(changed, expected)


def test_local_shortfall_with_justification_is_information(compliant):
    edit = _set_value("ld-health-check-coverage", "2023/24", 0.6, "numerator")
    justified = _edit_commitment(
        "learning-disability-autism", local_justification="Register cleansing first."
    )
    findings = run_rules(PACK, justified(edit(compliant)), today=DEMO_TODAY)
    assert [(f.rule, f.severity) for f in findings] == [("local-standards-met", "info")]
    assert "Register cleansing first." in findings[0].message


def test_concerns_are_a_query_not_an_error(compliant):
    plan = _sign_off("local-authority", status="concerns", concerns="Social care funding.")(
        compliant
    )
    index = _index_of(plan, "sign_offs", lambda s: s.partner == "local-authority")
    assert _findings(plan) == {("partner-sign-offs", "query", f"/sign_offs/{index}/concerns")}


# builds-on-board-strategies (issue 15 item 4): the boards of the footprint come beside the plan
# (the web records them), so each case gives the boards and the plan's strategy links. The demo
# plan's dedicated discussion is with "<area> Health and Wellbeing Board".
RULE = "builds-on-board-strategies"


def _board_area(plan: Plan) -> str:
    event = next(e for e in plan.engagement if e.partner == "health-and-wellbeing-board")
    return event.partner_name.removesuffix(" Health and Wellbeing Board")


def _links(*links: tuple[str, str, str]) -> Edit:
    """Links (authority, priority, commitment) replace the plan's."""

    def edit(plan: Plan) -> Plan:
        made = [StrategyLink(authority=a, priority=p, commitment=c) for a, p, c in links]
        return dataclasses.replace(plan, strategy_links=made or None)

    return edit


def _home(plan: Plan, priorities=("healthy-homes", "loneliness"), findings=("damp",)) -> Board:
    return Board("E06000001", _board_area(plan), tuple(priorities), tuple(findings))


BOTH = (
    ("E06000001", "healthy-homes", "smoking-cessation"),
    ("E06000001", "loneliness", "weight-management"),
)
BOARD_CASES = [
    # (case id, the boards given the edited plan (None: not known), edit, expected findings)
    ("boards-not-known", lambda plan: None, _links(), set()),
    ("no-board-in-the-footprint", lambda plan: (), _links(), set()),
    ("every-priority-built-on", lambda plan: (_home(plan),), _links(*BOTH), set()),
    (
        "half-the-priorities",
        lambda plan: (_home(plan),),
        _links(BOTH[0]),
        {(RULE, "query", "/strategy_links")},
    ),
    (
        "a-jsna-finding-does-not-count",
        lambda plan: (_home(plan),),
        _links(("E06000001", "damp", "smoking-cessation")),
        {(RULE, "query", "/strategy_links")},
    ),
    (
        "a-board-with-nothing-recorded",
        lambda plan: (_home(plan, (), ()),),
        _links(),
        {(RULE, "info", "/strategy_links")},
    ),
    (
        "a-second-board-not-discussed",
        lambda plan: (_home(plan), Board("E06000002", "Elsewhere", ("jobs",))),
        _links(*BOTH, ("E06000002", "jobs", "smoking-cessation")),
        {(RULE, "query", "/engagement")},
    ),
    (
        # a board that has recorded nothing is not yet asked for its own discussion
        "a-second-board-with-nothing-recorded",
        lambda plan: (_home(plan), Board("E06000002", "Elsewhere")),
        _links(*BOTH),
        {(RULE, "info", "/strategy_links")},
    ),
    (
        "a-board-named-by-its-code",
        lambda plan: (_home(plan), Board("E06000002", "Elsewhere", ("jobs",))),
        lambda plan: _links(*BOTH, ("E06000002", "jobs", "smoking-cessation"))(
            _with_event(plan, "Health and wellbeing board of e06000002")
        ),
        set(),
    ),
    (
        "a-priority-of-another-area",
        lambda plan: (_home(plan),),
        _links(*BOTH, ("E06000099", "jobs", "smoking-cessation")),
        {(RULE, "error", "/strategy_links/2/authority")},
    ),
    (
        "a-priority-its-board-did-not-record",
        lambda plan: (_home(plan),),
        _links(*BOTH, ("E06000001", "jobs", "smoking-cessation")),
        {(RULE, "error", "/strategy_links/2/priority")},
    ),
]


def _with_event(plan: Plan, name: str) -> Plan:
    event = next(e for e in plan.engagement if e.partner == "health-and-wellbeing-board")
    return dataclasses.replace(
        plan, engagement=[*plan.engagement, dataclasses.replace(event, partner_name=name)]
    )


def _board_findings(plan: Plan, boards) -> set[tuple[str, str, str]]:
    found = run_rules(PACK, plan, today=DEMO_TODAY, boards=boards)
    return {(f.rule, f.severity, f.pointer) for f in found}


@pytest.mark.parametrize(
    ("boards", "edit", "expected"), [c[1:] for c in BOARD_CASES], ids=[c[0] for c in BOARD_CASES]
)
def test_board_strategies_exactly_their_findings(compliant, boards, edit, expected):
    changed = edit(compliant)
    assert _board_findings(changed, boards(changed)) == expected


def test_the_coverage_finding_names_the_share_and_what_is_missing(compliant):
    plan = _links(BOTH[0])(compliant)
    (finding,) = run_rules(PACK, plan, today=DEMO_TODAY, boards=(_home(plan),))
    area = _board_area(plan)
    assert finding.message == (
        "The plan builds on 1 of the 2 priorities of the joint health and wellbeing strategy "
        f"of {area} (50.0%); not on: loneliness."
    )
    assert finding.principles == ("locally-owned", "partnership-local-government")
    assert finding.citation.seed == "002_a3e0e46b49bd395b.txt"


def test_every_check_kind_has_a_spec():
    rules_covered = {rule for _, _, expected in CASES for rule, _, _ in expected}
    rules_covered |= {rule for _, _, _, expected in BOARD_CASES for rule, _, _ in expected}
    rules_covered |= {rule for _, _, expected in OPERATIONAL_CASES for rule, _, _ in expected}
    kinds_covered = {r.check for r in PACK.rules.rule if r.id in rules_covered}
    # the pack sets no control total: tests/spec/test_money_feasibility.py gives it some
    kinds_covered.add("control-total-met")
    assert kinds_covered == set(REGISTRY)


def example_findings() -> dict[str, Finding]:
    """A finding of each check kind, from the first spec case that produces one: the examples
    of docs/reference/check-kinds.md (written by scripts/gen_docs.py)."""
    plan = build_plan(PACK, SYSTEM)
    examples: dict[str, Finding] = {}
    for _, edit, _ in CASES:
        for finding in run_rules(PACK, edit(plan), today=DEMO_TODAY):
            examples.setdefault(finding.check, finding)
    for _, change, _ in OPERATIONAL_CASES:
        for finding in run_rules(PACK, plan, operational=change(_operational(plan))):
            examples.setdefault(finding.check, finding)
    for _, boards, edit, _ in BOARD_CASES:
        changed = edit(plan)
        for finding in run_rules(PACK, changed, today=DEMO_TODAY, boards=boards(changed)):
            examples.setdefault(finding.check, finding)
    return examples


# The operational plan (issue 13 item 7): its own rules, judged at the operational stage.
# Each case phases the compliant plan flat, makes one change → exactly these findings.
OpEdit = Callable[[OperationalPlan], OperationalPlan]


def _operational(plan: Plan) -> OperationalPlan:
    return phase_plan(PACK, plan, "0" * 64, "2020/21")


def _month(metric: str, month: str, by: float) -> OpEdit:
    """Add `by` to one month of a metric's phasing."""

    def edit(op: OperationalPlan) -> OperationalPlan:
        metrics = list(op.metrics)
        n = next(i for i, m in enumerate(metrics) if m.metric == metric)
        months = dict(metrics[n].months)
        months[month] += by
        metrics[n] = dataclasses.replace(metrics[n], months=months)
        return dataclasses.replace(op, metrics=metrics)

    return edit


def _metric_index(op: OperationalPlan, metric: str) -> int:
    return next(i for i, m in enumerate(op.metrics) if m.metric == metric)


OPERATIONAL_CASES: list[tuple[str, OpEdit, set[tuple[str, str, str]]]] = [
    ("flat-phasing-adds-up", lambda op: op, set()),
    (
        "a-month-short",
        _month("emergency-admissions", "2020-04", -10),
        {("operational-phasing-adds-up", "error", "/metrics/{m:emergency-admissions}/months")},
    ),
    (
        "a-month-over-in-money",
        _month("mental-health-spend", "2021-03", 0.001),
        {("operational-phasing-adds-up", "error", "/metrics/{m:mental-health-spend}/months")},
    ),
    (
        "two-months-that-cancel-out-still-add-up",
        lambda op: _month("emergency-admissions", "2020-05", -7)(
            _month("emergency-admissions", "2020-04", 7)(op)
        ),
        set(),
    ),
    # a rate is not summed over months: a planner's monthly rates are not a finding
    ("a-rate-month-differs", _month("cyber-security-compliance", "2020-04", 0.05), set()),
]


@pytest.mark.parametrize(
    ("change", "expected"),
    [c[1:] for c in OPERATIONAL_CASES],
    ids=[c[0] for c in OPERATIONAL_CASES],
)
def test_operational_change_exactly_its_findings(compliant, change, expected):
    op = change(_operational(compliant))
    findings = run_rules(PACK, compliant, operational=op)
    got = {(f.rule, f.severity, f.pointer) for f in findings}
    filled = set()
    for rule, severity, pointer in expected:
        start, end = pointer.index("{m:"), pointer.index("}")
        index = _metric_index(op, pointer[start + 3 : end])
        filled.add((rule, severity, f"{pointer[:start]}{index}{pointer[end + 1 :]}"))
    assert got == filled


def test_operational_rules_do_not_run_on_the_strategy_plan(compliant):
    findings = run_rules(PACK, compliant, today=DEMO_TODAY)
    assert not any(f.rule == "operational-phasing-adds-up" for f in findings)


def test_the_operational_finding_says_by_how_much(compliant):
    op = _month("emergency-admissions", "2020-04", -10)(_operational(compliant))
    annual = next(m.annual for m in op.metrics if m.metric == "emergency-admissions")
    (finding,) = run_rules(PACK, compliant, operational=op)
    assert f"10 short of the agreed {annual:,.0f} for 2020/21" in finding.message
    assert finding.severity_at_other_stages is None


# Stage-aware rules (issue 13 item 1): (case id, edit, stage) → the findings as (rule,
# severity, pointer, the rule's severity when the stage made it information). The final-only
# rules (partner sign-offs, the board's dedicated discussion) are information on the draft.
STAGE_CASES = [
    (
        "hwb-discussion-missing",
        _without("engagement", lambda e: e.partner != "health-and-wellbeing-board"),
        {
            "draft": {("hwb-dedicated-discussion", "info", "/engagement", "error")},
            "final": {("hwb-dedicated-discussion", "error", "/engagement", None)},
        },
    ),
    (
        "la-sign-off-missing",
        _without("sign_offs", lambda s: s.partner != "local-authority"),
        {
            "draft": {("partner-sign-offs", "info", "/sign_offs", "error")},
            "final": {("partner-sign-offs", "error", "/sign_offs", None)},
        },
    ),
    (
        "community-sign-off-pending",
        _sign_off("community-provider", status="pending"),
        {
            "draft": {("primary-community-plan-agreed", "info", "/sign_offs", "error")},
            "final": {("primary-community-plan-agreed", "error", "/sign_offs", None)},
        },
    ),
    (
        "clinical-lead-missing-at-every-stage",
        _edit_commitment("adult-crisis-teams", clinical_lead=None),
        {
            "draft": {
                (
                    "clinical-leads-named",
                    "error",
                    "/commitments/{c:adult-crisis-teams}/clinical_lead",
                    None,
                )
            },
            "final": {
                (
                    "clinical-leads-named",
                    "error",
                    "/commitments/{c:adult-crisis-teams}/clinical_lead",
                    None,
                )
            },
        },
    ),
    (
        "dph-not-engaged-a-query-at-every-stage",
        _without("engagement", lambda e: e.partner != "director-of-public-health"),
        {
            "draft": {("dph-engaged", "query", "/engagement", None)},
            "final": {("dph-engaged", "query", "/engagement", None)},
        },
    ),
]


@pytest.mark.parametrize(
    ("edit", "stage", "expected"),
    [
        pytest.param(edit, stage, expected[stage], id=f"{case}-{stage}")
        for case, edit, expected in STAGE_CASES
        for stage in ("draft", "final")
    ],
)
def test_a_rule_has_its_severity_only_at_its_stages(compliant, edit, stage, expected):
    plan = edit(compliant)
    found = {
        (f.rule, f.severity, f.pointer, f.severity_at_other_stages)
        for f in run_rules(PACK, plan, stage=stage, today=DEMO_TODAY)
    }
    at_other_stages = {rule: other for rule, _, _, other in expected}
    filled = _expected(plan, {(r, s, p) for r, s, p, _ in expected})
    assert found == {(r, s, p, at_other_stages[r]) for r, s, p in filled}


def test_concerns_are_information_on_the_draft(compliant):
    plan = _sign_off("local-authority", status="concerns", concerns="Social care funding.")(
        compliant
    )
    findings = run_rules(PACK, plan, stage="draft", today=DEMO_TODAY)
    assert [(f.rule, f.severity, f.severity_at_other_stages) for f in findings] == [
        ("partner-sign-offs", "info", "query")
    ]


def test_the_draft_readiness_ignores_final_only_rules(compliant):
    plan = _without("sign_offs", lambda s: False)(compliant)
    draft = assure(PACK, plan, stage="draft", today=DEMO_TODAY).readiness
    final = assure(PACK, plan, stage="final", today=DEMO_TODAY).readiness
    # one finding per partner missing: local authority, board, CCG, trust (partner-sign-offs),
    # community and primary care providers (primary-community-plan-agreed)
    assert (draft.ready, draft.errors, draft.infos, draft.stage) == (True, 0, 6, "draft")
    assert (final.ready, final.errors, final.infos, final.stage) == (False, 6, 0, "final")


# Queries answered (issue 13 item 3): an explained query stays a finding, marked explained,
# and no longer counts against any RAG; an error cannot be explained away.
NO_DPH = _without("engagement", lambda e: e.partner != "director-of-public-health")
NO_DEMAND = _narrative(demand="")
EXPLAINED_CASES = [
    # (case id, explained (rule, pointer)s) → (queries, explained, readiness RAG, prevention RAG)
    ("none", set(), (2, 0, "amber", "amber")),
    ("one", {("dph-engaged", "/engagement")}, (1, 1, "amber", "amber")),
    (
        "both",
        {("dph-engaged", "/engagement"), ("demand-growth-reduced", "/narrative/demand")},
        (0, 2, "green", "green"),
    ),
    # an answer to a place with no finding explains nothing
    ("elsewhere", {("dph-engaged", "/sign_offs")}, (2, 0, "amber", "amber")),
]


@pytest.mark.parametrize(
    ("explained", "expected"), [c[1:] for c in EXPLAINED_CASES], ids=[c[0] for c in EXPLAINED_CASES]
)
def test_explained_queries_no_longer_count_against_the_rag(compliant, explained, expected):
    plan = NO_DEMAND(NO_DPH(compliant))
    report = assure(PACK, plan, explained=frozenset(explained), today=DEMO_TODAY)
    prevention = next(p for p in report.principles if p.id == "prevention")
    readiness = report.readiness
    assert (readiness.queries, readiness.explained, readiness.rag, prevention.rag) == expected
    assert prevention.queries == expected[0]
    assert {(f.rule, f.pointer) for f in report.findings if f.explained} == explained & {
        ("dph-engaged", "/engagement"),
        ("demand-growth-reduced", "/narrative/demand"),
    }
    assert len(report.findings) == 2  # explained findings are kept, not dropped


def test_an_error_is_not_explained_away(compliant):
    plan = _edit_commitment("adult-crisis-teams", clinical_lead=None)(compliant)
    pointer = f"/commitments/{_index(plan, 'adult-crisis-teams')}/clinical_lead"
    report = assure(
        PACK, plan, explained=frozenset({("clinical-leads-named", pointer)}), today=DEMO_TODAY
    )
    assert (report.readiness.errors, report.readiness.explained) == (1, 0)
    assert [f.explained for f in report.findings] == [False]
