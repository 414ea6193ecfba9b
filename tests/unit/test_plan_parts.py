"""A plan part's form is drawn from its record's type hints (app.plan_parts): a field added to
a record of the plan appears in its form with the right kind, without a second list of
fields."""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Literal

from ltpif.app.plan_parts import PARTS, fields_of, flat, part_fields
from ltpif.framework.loader import load_pack
from ltpif.framework.schema import FinancialYear
from ltpif.framework.typed import record
from ltpif.plans.document import FinanceYear, Money, StaffGroup, Text


@record
class Example:
    name: Text
    kind: Literal["a", "b"]
    pay_costs: Money | None = None
    by: FinancialYear | None = None
    when: dt.date | None = None
    values: dict[FinancialYear, float] = field(default_factory=dict)
    years: dict[FinancialYear, FinanceYear] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    description: str = ""


def test_each_hint_gives_its_kind_and_whether_it_is_required():
    got = {f.name: (f.kind, f.required) for f in fields_of(Example)}
    assert got == {
        "name": ("text", True),
        "kind": ("choice", True),
        "pay_costs": ("number", False),
        "by": ("year", False),
        "when": ("date", False),
        "values": ("years", False),
        "years": ("grid", False),
        "names": ("lines", False),
        "description": ("long", False),
    }
    grid = next(f for f in fields_of(Example) if f.name == "years")
    assert [c.name for c in grid.columns][:2] == ["income", "expenditure"]
    assert [c.required for c in grid.columns][:3] == [True, True, False]


def test_workforce_is_in_whole_time_equivalents_and_finance_in_money():
    pack = load_pack()
    wte = next(f for f in part_fields(PARTS["workforce"], pack) if f.name == "wte")
    assert wte.unit == "wte"
    years = next(f for f in part_fields(PARTS["finance"], pack) if f.name == "years")
    assert {c.unit for c in years.columns} == {"gbp_m"}


def test_a_milestone_chooses_among_its_commitment_s_pack_milestones():
    pack = load_pack()
    fields = part_fields(PARTS["milestones"], pack, "provider-digitisation")
    chosen = next(f for f in fields if f.name == "milestone")
    assert [value for value, _ in chosen.choices] == ["provider-core-digitisation"]


def test_the_form_shows_each_stored_value_at_its_field_name():
    groups = [StaffGroup(staff_group="Doctors", wte={"2019/20": 12.0, "2020/21": 12.5})]
    shown = flat(PARTS["workforce"], groups, fields_of(StaffGroup), ["2019/20", "2020/21"])
    assert shown == {
        "workforce[0].staff_group": "Doctors",
        "workforce[0].wte.2019/20": "12",
        "workforce[0].wte.2020/21": "12.5",
        "workforce[0].pay_cost.2019/20": "",  # no pay bill stored: blank boxes
        "workforce[0].pay_cost.2020/21": "",
    }
