"""The operational plan's workbook: what is written reads back as it was, whatever the months
(Hypothesis); a workbook that is not this plan's, or has a bad month, is refused with every
problem at its Sheet!Cell and nothing taken."""

from __future__ import annotations

import dataclasses
import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ltpif.demo.plans import demo_plans
from ltpif.framework.loader import load_pack
from ltpif.framework.problems import InputError
from ltpif.interchange.operational_workbook import read_operational, write_operational
from ltpif.plans.canonical import plan_sha256
from ltpif.plans.operational import operational_year, phase_plan

PACK = load_pack()
_, _, DOC = next(iter(demo_plans(PACK)))
OP = phase_plan(PACK, DOC, plan_sha256(DOC), operational_year(PACK))
SUMMED = [i for i, p in enumerate(OP.metrics) if p.phasing == "sum"]
MONTHS = PACK.year_calendar.months(OP.year)


def _with(months_of: dict[int, list[float]]):
    metrics = list(OP.metrics)
    for index, values in months_of.items():
        months = dict(zip(MONTHS, values, strict=True))
        if months != metrics[index].months:  # the planner's own months; the same keep theirs
            metrics[index] = dataclasses.replace(metrics[index], months=months, profile="planner")
    return dataclasses.replace(OP, metrics=metrics)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.sampled_from(SUMMED),
    values=st.lists(st.integers(0, 10**7), min_size=12, max_size=12),
)
def test_what_is_written_reads_back_the_same(index, values):
    changed = _with({index: [float(v) for v in values]})
    data = write_operational(PACK, changed)
    assert read_operational(PACK, data, OP, "op.xlsx") == changed


def _edited(edit) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(write_operational(PACK, OP)))
    edit(book["Operational plan"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FIRST = 7  # the first metric's row
# an edit of the sheet → the cells named, worked out from the layout (B2:B4 the plan's facts,
# row 6 the header, a metric a row: A its id, D its annual value, E to P its twelve months)
BAD = [
    (lambda s: s.__setitem__("B2", "E54999999"), ["Operational plan!B2"]),
    (lambda s: s.__setitem__("B3", "2021/22"), ["Operational plan!B3"]),
    (lambda s: s.__setitem__("E6", "April"), ["Operational plan!E6"]),
    (lambda s: s.__setitem__(f"F{FIRST}", "lots"), [f"Operational plan!F{FIRST}"]),
    (lambda s: s.__setitem__(f"G{FIRST}", None), [f"Operational plan!G{FIRST}"]),
    (lambda s: s.__setitem__(f"H{FIRST}", "=1+1"), [f"Operational plan!H{FIRST}"]),
    (lambda s: s.__setitem__(f"D{FIRST}", 1), [f"Operational plan!D{FIRST}"]),
    (lambda s: s.__setitem__(f"A{FIRST}", "no-such-metric"), [f"Operational plan!A{FIRST}"]),
    (
        lambda s: s.__setitem__(f"A{FIRST + 1}", s[f"A{FIRST}"].value),
        [f"Operational plan!A{FIRST + 1}"],
    ),
]


@pytest.mark.parametrize(("edit", "cells"), BAD)
def test_a_bad_workbook_is_refused_at_its_cells(edit, cells):
    with pytest.raises(InputError) as refused:
        read_operational(PACK, _edited(edit), OP, "op.xlsx")
    named = [p.key for p in refused.value.problems]
    for cell in cells:
        assert cell in named, named


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(InputError) as refused:
        read_operational(PACK, b"metric,2020-04\n", OP, "op.csv")
    assert "not an Excel workbook" in refused.value.problems[0].message
