"""The system lead's task list (issue 19 item 1): the plan's parts with a status worked out by
hand for each plan state, and where each finding is fixed (JSON pointer → page#anchor)."""

from __future__ import annotations

import datetime as dt

import pytest

from ltpif.app.tasklist import place_of, submitted_summary, task_list
from ltpif.assurance.findings import Citation, Finding
from ltpif.assurance.report import summarise
from ltpif.framework.loader import load_pack
from ltpif.plans.document import (
    CharacteristicAssessment,
    ClinicalLead,
    CommitmentPlan,
    EngagementEvent,
    Finance,
    FinanceYear,
    Maturity,
    Narrative,
    OrganisationFinance,
    Plan,
    SignOff,
    Trajectory,
)

PACK = load_pack()
SYSTEM = sorted(PACK.system_by_code)[0]
# the pack's six plan sections (sections.toml): local-need, service-changes, infrastructure,
# efficiency, engagement, financial-balance
ALL_SECTIONS = dict.fromkeys(
    (
        "local-need",
        "service-changes",
        "infrastructure",
        "efficiency",
        "engagement",
        "financial-balance",
    ),
    "Written.",
)
ORG = OrganisationFinance(
    code="RXX",
    name="A trust",
    kind="provider",
    years={"2019/20": FinanceYear(income=10.0, expenditure=9.0)},
)
EVENT = EngagementEvent(
    date=dt.date(2019, 9, 1), partner="local-authority", partner_name="A council", kind="workshop"
)


def plan(**parts) -> Plan:
    return Plan(ltpif_plan=1, pack=PACK.id, pack_version=PACK.meta.version, system=SYSTEM, **parts)


def finding(pointer: str, severity: str = "error") -> Finding:
    return Finding(
        rule="r",
        rule_title="A rule",
        check="c",
        severity=severity,
        pointer=pointer,
        message="m",
        citation=Citation(seed=None, quote=None),
    )


def statuses(doc: Plan, findings: list[Finding] = ()) -> dict[str, tuple[str, str]]:
    report = summarise(PACK, doc, list(findings), None)
    return {t.id: (t.status, t.left) for t in task_list(PACK, doc, report)}


@pytest.mark.parametrize(
    ("doc", "findings", "task", "status", "left"),
    [
        # nothing written: not started; sign-offs wait for engagement
        (plan(), [], "narrative", "not started", "Write 6 sections"),
        (plan(), [], "finance", "not started", "Nothing written yet"),
        (plan(), [], "clinical-lead", "not started", "Nothing written yet"),
        (
            plan(clinical_lead=ClinicalLead(name="Dr A Lead")),
            [],
            "clinical-lead",
            "completed",
            "",
        ),
        (
            plan(clinical_lead=ClinicalLead(name="Dr A Lead")),
            [finding("/clinical_lead/role")],
            "clinical-lead",
            "in progress",
            "Fix 1 error",
        ),
        (plan(), [], "engagement", "not started", "Nothing written yet"),
        (plan(), [], "sign-offs", "cannot start yet", "Record engagement with partners first"),
        (plan(), [], "maturity", "not started", "Nothing written yet"),
        (plan(), [], "area-digital", "not started", "Nothing written yet"),
        # the ICS area has 3 foundational commitments of 8 (commitments-ics.toml: ics-everywhere,
        # ics-maturity, system-footprint); none planned
        (plan(), [], "area-ics", "not started", "Plan 3 commitments"),
        # one section of six written
        (
            plan(narrative=Narrative(sections={"local-need": "x"})),
            [],
            "narrative",
            "in progress",
            "Write 5 sections",
        ),
        # only a free-text field: started, still six sections to write
        (
            plan(narrative=Narrative(prevention="x")),
            [],
            "narrative",
            "in progress",
            "Write 6 sections",
        ),
        # all six written, nothing found
        (plan(narrative=Narrative(sections=ALL_SECTIONS)), [], "narrative", "completed", ""),
        # all six written but an error in one of them
        (
            plan(narrative=Narrative(sections=ALL_SECTIONS)),
            [finding("/narrative/sections/local-need")],
            "narrative",
            "in progress",
            "Fix 1 error",
        ),
        # a query does not hold a part back, but is listed as left
        (
            plan(finance=Finance(organisations=[ORG])),
            [finding("/finance/organisations", "query")],
            "finance",
            "completed",
            "Explain 1 query",
        ),
        (
            plan(finance=Finance(organisations=[ORG])),
            [finding("/finance/organisations/0/years/2019~120"), finding("/finance/x")],
            "finance",
            "in progress",
            "Fix 2 errors",
        ),
        # engaged, no sign-off yet
        (plan(engagement=[EVENT]), [], "sign-offs", "not started", "Nothing written yet"),
        (
            plan(
                engagement=[EVENT],
                sign_offs=[SignOff(partner="local-authority", name="A", status="pending")],
            ),
            [],
            "sign-offs",
            "in progress",
            "1 sign-off pending",
        ),
        (
            plan(
                engagement=[EVENT],
                sign_offs=[SignOff(partner="local-authority", name="A", status="signed")],
            ),
            [finding("/sign_offs/0/concerns", "query")],
            "sign-offs",
            "completed",
            "Explain 1 query",
        ),
        (plan(engagement=[EVENT]), [], "engagement", "completed", ""),
        (
            plan(maturity=Maturity(self_assessment={"2019/20": "emerging"})),
            [],
            "maturity",
            "completed",
            "",
        ),
    ],
)
def test_task_status_for_each_plan_state(doc, findings, task, status, left):
    assert statuses(doc, findings)[task] == (status, left)


def test_the_list_names_every_part_once_in_order():
    ids = [t.id for t in task_list(PACK, plan(), summarise(PACK, plan(), [], None))]
    assert ids == [
        "narrative",
        "area-digital",
        "area-efficiency",
        "area-ics",
        "area-prevention",
        "area-quality",
        "area-service-model",
        "area-workforce",
        "clinical-lead",
        "finance",
        "workforce",
        "digital",
        "estates",
        "footprint",
        "engagement",
        "sign-offs",
        "maturity",
    ]


DOC = plan(
    commitments=[
        CommitmentPlan(commitment="stroke"),
        CommitmentPlan(
            commitment="mobile-community-working",
            trajectories=[
                Trajectory(metric="other-metric"),
                Trajectory(metric="community-staff-mobile-access"),
            ],
        ),
    ],
    maturity=Maturity(
        characteristics=[CharacteristicAssessment(characteristic="shared-vision-leadership")]
    ),
)


@pytest.mark.parametrize(
    ("pointer", "place"),
    [
        ("/commitments/0/clinical_lead", "commitments/stroke/#lead_name"),
        ("/commitments/0/local_justification", "commitments/stroke/#local_justification"),
        ("/commitments/0/narrative", "commitments/stroke/#narrative"),
        (
            "/commitments/0/milestones/1/evidence",
            "commitments/stroke/milestones/#milestones[1].evidence",
        ),
        ("/commitments/0/milestones", "commitments/stroke/milestones/"),
        ("/commitments/0", "commitments/stroke/"),
        ("/commitments/7/clinical_lead", "commitments/"),
        (
            "/commitments/1/trajectories/1/values/2020~121",
            "commitments/mobile-community-working/#community-staff-mobile-access__2020/21",
        ),
        (
            "/commitments/1/trajectories/1/numerator/2019~120",
            "commitments/mobile-community-working/#community-staff-mobile-access__num__2019/20",
        ),
        (
            "/commitments/1/trajectories/0/denominator/2023~124",
            "commitments/mobile-community-working/#other-metric__den__2023/24",
        ),
        ("/commitments/1/trajectories/5", "commitments/mobile-community-working/#trajectory-form"),
        ("/narrative/sections/local-need", "narrative/#text-local-need"),
        ("/narrative/prevention", "narrative/#text-prevention"),
        ("/narrative", "narrative/"),
        ("/finance/organisations/0/years/2021~122", "parts/finance/#organisations-0"),
        (
            "/finance/organisations/1/years/2021~122/income",
            "parts/finance/#organisations[1].years.2021/22.income",
        ),
        ("/finance", "parts/finance/"),
        ("/workforce", "parts/workforce/"),
        ("/workforce/2/wte/2019~120", "parts/workforce/#workforce[2].wte.2019/20"),
        ("/digital/0/by", "parts/digital/#digital[0].by"),
        ("/estates/2", "parts/estates/#estates-2"),
        ("/engagement", "engagement/#engagement-log"),
        ("/sign_offs/0/concerns", "engagement/#sign-offs"),
        ("/maturity/self_assessment/2020~121", "maturity/#self-assessment"),
        (
            "/maturity/characteristics/0/levels/2020~121",
            "maturity/#level__shared-vision-leadership__2020/21",
        ),
        (
            "/maturity/characteristics/0/evidence/2021~122",
            "maturity/#evidence__shared-vision-leadership__2021/22",
        ),
        ("/local_priorities/0/milestones/0/evidence", "#local-priorities"),
        ("/query_answers/0", "#queries"),
        ("/footprint/change_request/date", "parts/footprint/#change_request.date"),
        ("/clinical_lead", "parts/clinical-lead/"),
        ("/clinical_lead/name", "parts/clinical-lead/#name"),
        ("/landscape_changes/0", "parts/landscape/#landscape_changes-0"),
        ("", ""),
        ("/title", ""),
    ],
)
def test_each_finding_pointer_leads_to_the_field_that_fixes_it(pointer, place):
    assert place_of(pointer, DOC) == place


def test_check_your_answers_counts_what_is_submitted():
    doc = plan(
        narrative=Narrative(sections={"local-need": "x", "efficiency": " "}),
        commitments=[
            CommitmentPlan(commitment="stroke", trajectories=[Trajectory(metric="a")]),
            CommitmentPlan(commitment="ics-everywhere", omitted=True),
            CommitmentPlan(commitment="not-in-the-pack"),
        ],
        finance=Finance(organisations=[ORG]),
        engagement=[EVENT],
        sign_offs=[
            SignOff(partner="local-authority", name="A", status="signed"),
            SignOff(partner="local-authority", name="B", status="pending"),
        ],
    )
    got = {a.key: (a.value, a.page) for a in submitted_summary(PACK, doc)}
    # the pack has 75 commitments: 13+6+8+7+10+26+5 by area (printed from the pack)
    assert got == {
        "Commitments": ("1 of 75 planned, 1 trajectory", "commitments/"),
        "Local priorities": ("0 priorities", ""),
        "Plan sections": ("1 of 6 written", "narrative/"),
        "Finance": ("1 organisation", "parts/finance/"),
        "Workforce": ("0 staff groups", "parts/workforce/"),
        "Engagement": ("1 event", "engagement/#engagement-log"),
        "Sign-offs": ("1 of 2 sign-offs signed", "engagement/#sign-offs"),
        "Query answers": ("0 answers", "#queries"),
    }
