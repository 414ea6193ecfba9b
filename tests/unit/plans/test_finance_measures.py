"""Finance measures: organisation rows, system totals (sums, ratio of sums), gaps kept."""

import pytest

from ltpif.framework.typed import parse
from ltpif.plans.document import Plan
from ltpif.plans.finance import SYSTEM, organisation_measures, system_measures

YEARS = ["2018/19", "2019/20", "2020/21"]


def _plan(*organisations):
    return parse(
        Plan,
        {
            "ltpif_plan": 1,
            "pack": "ltpif-2019",
            "pack_version": "2019.1",
            "system": "E54000007",
            "finance": {"organisations": list(organisations)},
        },
    )


def _org(code, kind, years):
    return {"code": code, "name": code, "kind": kind, "years": years}


A = _org(
    "A",
    "provider",
    {
        "2018/19": {"income": 100, "expenditure": 110, "cash_releasing_efficiency": 1},
        "2019/20": {"income": 100, "expenditure": 100, "cash_releasing_efficiency": 2},
        "2020/21": {"income": 100, "expenditure": 99, "cash_releasing_efficiency": 2},
    },
)
B = _org(
    "B",
    "commissioner",
    {
        "2018/19": {"income": 300, "expenditure": 290, "cash_releasing_efficiency": 3},
        "2019/20": {"income": 300, "expenditure": 300, "cash_releasing_efficiency": 3},
    },
)


def test_organisation_rows():
    rows = organisation_measures(_plan(A).finance.organisations[0], YEARS)
    assert [r.surplus for r in rows] == [-10, 0, 1]
    assert [r.in_deficit_before for r in rows] == [False, True, False]
    assert rows[1].productivity == pytest.approx(0.02)


def test_system_is_the_sum_and_productivity_a_ratio_of_sums():
    rows = system_measures(_plan(A, B), YEARS)
    assert rows[0].organisation == SYSTEM
    assert rows[0].income == 400
    assert rows[0].surplus == 0
    assert rows[1].productivity == pytest.approx(5 / 400)  # not the mean of 2% and 1%


def test_a_missing_line_is_a_gap_not_zero():
    rows = system_measures(_plan(A, B), YEARS)
    assert rows[2].income is None
    assert rows[2].surplus is None
    assert rows[2].productivity is None
