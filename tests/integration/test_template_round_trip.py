"""Export then import with no edits gives back the identical plan, whatever the plan holds."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ltpif.framework.problems import InputError, Problem
from ltpif.interchange.template.export import export_workbook
from ltpif.plans.diff import diff_records
from ltpif.plans.document import Plan, PlanMilestone, StaffGroup
from ltpif.plans.validate import validate_plan
from tests.workbooks import PACK, demo_plan, exported, imported

CODES = [system.code for system in PACK.geography.system]
YEARS = PACK.plan_years
# Text as planners type it: letters, digits, punctuation, symbols, spaces, new lines
TEXT = (
    st.text(
        st.characters(categories=("L", "N", "P", "S", "Zs")) | st.just("\n"),
        min_size=1,
        max_size=60,
    )
    .map(str.strip)
    .filter(bool)
)
# Numbers as typed: up to 15 significant digits, the precision a spreadsheet keeps
MONEY = st.integers(0, 10**11).map(lambda n: n / 100)
COUNT = st.integers(0, 10**12).map(lambda n: n / 1000)
SIGNED = st.integers(-(10**9), 10**12).map(lambda n: n / 1000)  # £m may fall below a baseline


def _replace_commitment(plan: Plan, index: int, **changes) -> Plan:
    entries = list(plan.commitments)
    entries[index] = dataclasses.replace(entries[index], **changes)
    return dataclasses.replace(plan, commitments=entries)


def _values(draw, trajectory, metric):
    """The trajectory with new values in some years, and some years left out."""
    years = draw(st.lists(st.sampled_from(YEARS), min_size=1, unique=True))
    if metric.rollup == "ratio_of_sums":
        denominators = {y: draw(st.integers(1, 10**9).map(float)) for y in years}
        numerators = {y: draw(st.integers(0, int(d)).map(float)) for y, d in denominators.items()}
        return dataclasses.replace(trajectory, numerator=numerators, denominator=denominators)
    kind = {
        "proportion": st.integers(0, 1000).map(lambda n: n / 1000),
        "flag": st.sampled_from([0.0, 1.0]),
        "gbp_m": SIGNED,
    }
    values = {y: draw(kind.get(metric.unit, COUNT)) for y in years}
    return dataclasses.replace(trajectory, values=values)


@st.composite
def plans(draw) -> Plan:
    """A demo plan with values, texts and lists varied, commitments dropped and reordered."""
    plan = demo_plan(draw(st.sampled_from(CODES)))
    for index in draw(st.lists(st.integers(0, len(plan.commitments) - 1), max_size=6, unique=True)):
        entry = plan.commitments[index]
        trajectories = [_values(draw, t, PACK.metric_by_id[t.metric]) for t in entry.trajectories]
        milestones = [
            PlanMilestone(date=draw(st.dates(*PACK.window)), description=draw(TEXT))
            for _ in range(draw(st.integers(0, 2)))
        ]
        plan = _replace_commitment(
            plan, index, narrative=draw(TEXT), trajectories=trajectories, milestones=milestones
        )
    order = draw(st.permutations(plan.commitments))
    keep = draw(st.integers(len(order) // 2, len(order)))
    organisations = []
    for org in plan.finance.organisations:
        years = {
            year: dataclasses.replace(line, income=draw(MONEY), capital=draw(st.none() | MONEY))
            for year, line in org.years.items()
        }
        organisations.append(dataclasses.replace(org, name=draw(TEXT), years=years))
    workforce = [
        *plan.workforce[: draw(st.integers(0, len(plan.workforce)))],
        StaffGroup(staff_group="Pharmacists " + draw(TEXT), wte={YEARS[1]: draw(MONEY)}),
    ]
    narrative = dataclasses.replace(plan.narrative, inequalities=draw(TEXT), capital="")
    return dataclasses.replace(
        plan,
        title=draw(st.just("") | TEXT),
        commitments=list(order[:keep]),
        finance=dataclasses.replace(plan.finance, organisations=organisations),
        workforce=workforce,
        narrative=narrative,
        engagement=plan.engagement[: draw(st.integers(0, len(plan.engagement)))],
    )


def _valid(plan: Plan) -> list[str]:
    found: list[str] = []
    validate_plan(plan, PACK, lambda path, message: found.append(f"{path}: {message}"))
    return found


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_export_then_import_gives_the_identical_plan(plan):
    assert _valid(plan) == []
    result = imported(export_workbook(PACK, plan, "7"))
    assert diff_records(plan, result.plan) == []
    assert result.plan == plan
    assert result.changes == []
    assert result.exported_version == "7"


@pytest.mark.parametrize("code", CODES[::7])
def test_demo_plans_come_back_identical(code):
    assert imported(exported(code)).plan == demo_plan(code)


TRICKY_TEXT = [
    "=SUM(A1:A3)",  # a formula's look, typed as text
    "'quoted",
    "_x0041_ stays as typed",  # Excel's escape for characters XML cannot hold
    "<b>not markup</b> & more",
    "€ £ 😀 ünïcödé",
    "two\nlines",
    "0123",  # text that looks like a number
    "2019-09-27",  # text that looks like a date
    "x" * 32_767,  # as long as a cell holds
]


@pytest.mark.parametrize("text", TRICKY_TEXT, ids=range(len(TRICKY_TEXT)))
def test_tricky_text_comes_back_as_typed(text):
    plan = dataclasses.replace(demo_plan(), title=text)
    assert imported(export_workbook(PACK, plan, "1")).plan.title == text


def test_a_text_longer_than_a_cell_holds_cannot_be_exported():
    plan = dataclasses.replace(demo_plan(), title="x" * 32_768)
    with pytest.raises(InputError) as refused:
        export_workbook(PACK, plan, "1")
    assert refused.value.problems == [
        Problem("plan", None, "title", "longer than the 32,767 characters a cell holds")
    ]


def test_dates_come_back_as_dates():
    plan = demo_plan()
    result = imported(exported())
    assert all(isinstance(event.date, dt.date) for event in result.plan.engagement)
    assert result.plan.engagement == plan.engagement


def test_a_value_beyond_a_spreadsheets_precision_comes_back_as_exported():
    plan = demo_plan()
    org = plan.finance.organisations[0]
    year = dataclasses.replace(org.years["2019/20"], income=0.1 + 0.2)  # 0.30000000000000004
    orgs = [
        dataclasses.replace(org, years={**org.years, "2019/20": year}),
        *plan.finance.organisations[1:],
    ]
    plan = dataclasses.replace(plan, finance=dataclasses.replace(plan.finance, organisations=orgs))
    result = imported(export_workbook(PACK, plan, "1"))
    assert result.plan.finance.organisations[0].years["2019/20"].income == 0.1 + 0.2
    assert result.changes == []
