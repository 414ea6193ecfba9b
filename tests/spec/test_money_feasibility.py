"""Spec: the workforce against its pay and the system's balance against its control total,
on plans whose numbers are set by hand and the findings worked out in each case's comment."""

from __future__ import annotations

import dataclasses

import pytest

from ltpif.assurance.engine import run_rules
from ltpif.demo import DEMO_TODAY
from ltpif.demo.plans import build_plan
from ltpif.framework import schema as s
from ltpif.framework.loader import load_pack
from ltpif.plans.document import Finance, FinanceYear, OrganisationFinance, Plan, StaffGroup

PACK = load_pack()
SYSTEM = PACK.geography.system[0]
YEARS = PACK.plan_years  # 2018/19 … 2023/24: six years, five steps


@pytest.fixture(scope="module")
def compliant() -> Plan:
    return build_plan(PACK, SYSTEM)


def _finance(spent: list[float], income: list[float] | None = None) -> Finance:
    """One provider with these expenditures by year (and the lines every other rule needs)."""
    income = income or [x + 1 for x in spent]
    years = {
        year: FinanceYear(
            income=inc,
            expenditure=out,
            cash_releasing_efficiency=out * 0.02,
            admin_costs=10 - k,
            mental_health_spend=10 * 1.05**k,
            primary_community_spend=10 * 1.05**k,
            capital=1,
        )
        for k, (year, inc, out) in enumerate(zip(YEARS, income, spent, strict=True))
    }
    return Finance(
        organisations=[
            OrganisationFinance(code="RX1", name="A Trust", kind="provider", years=years)
        ]
    )


def _plan(compliant: Plan, spent: list[float], wte: list[float], pay: list[float] | None) -> Plan:
    group = StaffGroup(
        staff_group="Nurses",
        wte=dict(zip(YEARS, wte, strict=True)),
        pay_cost=None if pay is None else dict(zip(YEARS, pay, strict=True)),
    )
    return dataclasses.replace(compliant, finance=_finance(spent), workforce=[group])


def _messages(pack, plan: Plan, rule: str) -> list[str]:
    return [f.message for f in run_rules(pack, plan, today=DEMO_TODAY) if f.rule == rule]


SPENT = [100.0, 100.0, 100.0, 100.0, 100.0, 100.0]
GROWING = [1000.0, 1000.0, 1000.0, 1000.0, 1000.0, 1100.0]

# (case, expenditure, WTE, pay bill, findings: words each must contain)
WORKFORCE_FUNDED = [
    # 40/100 = 40% every year: steady
    ("steady share", SPENT, [1000.0] * 6, [40.0] * 6, []),
    # 41/100 = 41%: a rise of exactly 1 point is allowed (at most 1%)
    ("a one-point rise is allowed", SPENT, [1000.0] * 6, [40.0] * 5 + [41.0], []),
    # 41.5/100 = 41.5% > 40% + 1%: queried, in 2023/24 only
    (
        "a rise of 1.5 points",
        SPENT,
        [1000.0] * 6,
        [40.0] * 5 + [41.5],
        [["£41.5m in 2023/24", "41.5% of the system's expenditure", "up from 40.0% in 2018/19"]],
    ),
    # spending doubles with the pay bill: 80/200 = 40%, no rise; per WTE 0.04 → 0.08: rising
    ("pay grows with spending", [100.0] * 5 + [200.0], [1000.0] * 6, [40.0] * 5 + [80.0], []),
    # WTE +10% (1000 → 1100) with the pay bill flat at 40: per WTE 0.04 → 0.04/1.1, a change
    # of (1/1.1)^(1/5) − 1 = −1.89% a year, beyond the 1% allowed; share steady at 40%
    (
        "more staff for the same money",
        SPENT,
        GROWING,
        [40.0] * 6,
        [["1,000 WTE in 2018/19", "1,100 WTE in 2023/24", "-1.9% a year", "not costed"]],
    ),
    # WTE +10%, pay bill 40 → 42 (+5%) with spending 100 → 105 (share 40%): per WTE
    # (1.05/1.1)^(1/5) − 1 = −0.93% a year: within the 1% allowed
    ("more staff, pay near enough", [100.0] * 5 + [105.0], GROWING, [40.0] * 5 + [42.0], []),
    # no pay bill given: not judged, however the WTE move
    ("no pay bill", SPENT, [1000.0] * 5 + [5000.0], None, []),
]


@pytest.mark.parametrize(
    ("spent", "wte", "pay", "expected"),
    [c[1:] for c in WORKFORCE_FUNDED],
    ids=[c[0] for c in WORKFORCE_FUNDED],
)
def test_workforce_funded(compliant, spent, wte, pay, expected):
    messages = _messages(PACK, _plan(compliant, spent, wte, pay), "workforce-funded")
    assert len(messages) == len(expected), messages
    for message, words in zip(messages, expected, strict=True):
        for word in words:
            assert word in message, (word, message)


def test_workforce_funded_judges_only_years_every_group_gives(compliant):
    """A second group without 2023/24's pay: the year is left out, not counted as £0."""
    plan = _plan(compliant, SPENT, [1000.0] * 6, [40.0] * 5 + [60.0])
    other = StaffGroup(
        staff_group="Doctors",
        wte=dict.fromkeys(YEARS, 100.0),
        pay_cost=dict.fromkeys(YEARS[:-1], 10.0),
    )
    plan = dataclasses.replace(plan, workforce=[*plan.workforce, other])
    assert _messages(PACK, plan, "workforce-funded") == []


def _with_totals(totals: list[tuple[str, str, float]]):
    cited = s.Source(note="a test's control totals")
    entries = [
        s.ControlTotal(source=cited, system=system, year=year, surplus=surplus)
        for system, year, surplus in totals
    ]
    return dataclasses.replace(
        PACK, finance=dataclasses.replace(PACK.finance, control_total=entries)
    )


# (case, the pack's control totals for the system, findings: words each must contain).
# The plan: expenditure 100 every year, income 101 (surplus £1m) but 98 in 2021/22 (−£2m).
INCOME = [101.0, 101.0, 101.0, 98.0, 101.0, 101.0]
CONTROL_TOTALS = [
    ("none set", [], []),
    ("met exactly", [("2020/21", 1.0)], []),
    # 1 < 1.5: short by 0.5
    (
        "surplus short",
        [("2020/21", 1.5)],
        [
            [
                "plans a surplus of £1.0m in 2020/21",
                "control total is a surplus of £1.5m",
                "by £0.5m",
            ]
        ],
    ),
    # a deficit of 2 is allowed down to a deficit of 2.5: met; a total of −1 is missed by 1
    ("a deficit within its total", [("2021/22", -2.5)], []),
    (
        "a deficit beyond its total",
        [("2021/22", -1.0), ("2022/23", 0.0)],
        [
            [
                "plans a deficit of £2.0m in 2021/22",
                "control total is a deficit of £1.0m",
                "by £1.0m",
            ]
        ],
    ),
]


@pytest.mark.parametrize(
    ("totals", "expected"), [c[1:] for c in CONTROL_TOTALS], ids=[c[0] for c in CONTROL_TOTALS]
)
def test_control_total_met(compliant, totals, expected):
    pack = _with_totals([(SYSTEM.code, year, surplus) for year, surplus in totals])
    plan = dataclasses.replace(compliant, finance=_finance(SPENT, INCOME))
    findings = [f for f in run_rules(pack, plan, today=DEMO_TODAY) if f.rule == "control-total-met"]
    assert len(findings) == len(expected), [f.message for f in findings]
    for finding, words in zip(findings, expected, strict=True):
        assert finding.severity == "error" and finding.pointer == "/finance/organisations"
        for word in words:
            assert word in finding.message, (word, finding.message)


def test_another_systems_control_total_is_not_this_ones(compliant):
    other = PACK.geography.system[1].code
    pack = _with_totals([(other, "2020/21", 50.0)])
    plan = dataclasses.replace(compliant, finance=_finance(SPENT, INCOME))
    assert [
        f for f in run_rules(pack, plan, today=DEMO_TODAY) if f.rule == "control-total-met"
    ] == []


def test_the_plan_lead_is_information_on_a_draft(compliant):
    plan = dataclasses.replace(compliant, clinical_lead=None)
    draft = [
        (f.rule, f.severity)
        for f in run_rules(PACK, plan, today=DEMO_TODAY, stage="draft")
        if f.rule == "plan-clinical-lead"
    ]
    assert draft == [("plan-clinical-lead", "info")]
