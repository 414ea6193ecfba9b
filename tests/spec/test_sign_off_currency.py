"""Sign-offs belong to a version (issue 13 item 4): which sign-offs are current, as a table.

A sign-off carries the hash of the plan it was given for (sign-offs left out); a later change
to the plan leaves it "given for version N" and the final-stage rule asks for it again."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from ltpif.assurance.engine import run_rules
from ltpif.demo import DEMO_TODAY
from ltpif.demo.plans import build_plan
from ltpif.framework.loader import load_pack
from ltpif.plans.canonical import plan_sha256
from ltpif.plans.document import Plan, SignOff
from ltpif.plans.signoffs import content_sha256, currency, keep_stamps

PACK = load_pack()
SYSTEM = PACK.geography.system[0]
OTHER = "0" * 64
RULES = ("partner-sign-offs", "primary-community-plan-agreed")


@pytest.fixture(scope="module")
def compliant() -> Plan:
    return build_plan(PACK, SYSTEM)


def _signed_for_version_2(plan: Plan) -> Plan:
    """Every sign-off given for this very plan, as version 2."""
    content = content_sha256(plan)
    return dataclasses.replace(
        plan,
        sign_offs=[
            dataclasses.replace(s, version=2, plan_sha256=content, organisation="X")
            for s in plan.sign_offs
        ],
    )


def _changed(plan: Plan) -> Plan:
    return dataclasses.replace(plan, title=plan.title + " (revised)")


def _la(plan: Plan, **changes) -> Plan:
    return dataclasses.replace(
        plan,
        sign_offs=[
            dataclasses.replace(s, **changes) if s.partner == "local-authority" else s
            for s in plan.sign_offs
        ],
    )


def _la_index(plan: Plan) -> int:
    return next(i for i, s in enumerate(plan.sign_offs) if s.partner == "local-authority")


def _findings(plan: Plan) -> set[tuple[str, str, str]]:
    return {
        (f.rule, f.severity, f.pointer)
        for f in run_rules(PACK, plan, stage="final", today=DEMO_TODAY)
        if f.rule in RULES
    }


def test_currency_of_each_sign_off_in_order(compliant):
    content = content_sha256(compliant)
    entry = SignOff(partner="local-authority", name="A council", status="signed")
    plan = dataclasses.replace(
        compliant,
        sign_offs=[
            entry,  # recorded before versions were signed: current
            dataclasses.replace(entry, version=3, plan_sha256=content),  # this plan: current
            dataclasses.replace(entry, version=2, plan_sha256=OTHER),  # an earlier plan
        ],
    )
    assert currency(plan) == [True, True, False]


def test_recording_a_sign_off_does_not_change_what_is_signed(compliant):
    without = dataclasses.replace(compliant, sign_offs=[])
    assert content_sha256(without) == plan_sha256(without)
    assert content_sha256(compliant) == plan_sha256(without)


# (case, edit of the plan signed as version 2 by every partner, expected findings)
CASES: list[tuple[str, Callable[[Plan], Plan], set[tuple[str, str, str]]]] = [
    ("every sign-off current", lambda p: p, set()),
    (
        "the plan changed: every partner asked again",
        _changed,
        {
            ("partner-sign-offs", "error", "/sign_offs"),
            ("primary-community-plan-agreed", "error", "/sign_offs"),
        },
    ),
    (
        "only the local authority's sign-off is of an earlier plan",
        lambda p: _la(p, plan_sha256=OTHER),
        {("partner-sign-offs", "error", "/sign_offs")},
    ),
    (
        "the local authority signed again beside its old sign-off",
        lambda p: dataclasses.replace(
            p,
            sign_offs=[
                *_la(p, plan_sha256=OTHER).sign_offs,
                SignOff(partner="local-authority", name="A council", status="signed", version=3),
            ],
        ),
        set(),
    ),
    (
        "open concerns on this version: a query",
        lambda p: _la(p, status="concerns", concerns="Social care."),
        {("partner-sign-offs", "query", "/sign_offs/{la}/concerns")},
    ),
    (
        "concerns resolved: nothing",
        lambda p: _la(p, status="concerns", concerns="Care.", concerns_closed="resolved"),
        set(),
    ),
    (
        "concerns withdrawn: nothing",
        lambda p: _la(p, status="concerns", concerns="Care.", concerns_closed="withdrawn"),
        set(),
    ),
    (
        "concerns on an earlier version: asked again, not a query",
        lambda p: _la(p, status="concerns", concerns="Social care.", plan_sha256=OTHER),
        {("partner-sign-offs", "error", "/sign_offs")},
    ),
]


@pytest.mark.parametrize(("case", "edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_which_sign_offs_count(compliant, case, edit, expected):
    plan = edit(_signed_for_version_2(compliant))
    holes = {"la": str(_la_index(plan))}
    assert _findings(plan) == {(r, s, p.format(**holes)) for r, s, p in expected}


def test_a_stale_sign_off_says_which_version_it_was_given_for(compliant):
    plan = _changed(_signed_for_version_2(compliant))
    messages = [
        f.message
        for f in run_rules(PACK, plan, stage="final", today=DEMO_TODAY)
        if f.rule == "partner-sign-offs"
    ]
    assert (
        "The local authority's sign-off was given for version 2; the plan has changed since, "
        "so it is asked for again." in messages
    )


def _without_stamps(plan: Plan) -> Plan:
    """The plan as a workbook gives it back: sign-offs with no version stamp."""
    blank = dict.fromkeys(("version", "plan_sha256", "organisation"))
    return dataclasses.replace(
        plan, sign_offs=[dataclasses.replace(s, **blank) for s in plan.sign_offs]
    )


@pytest.mark.parametrize(
    ("case", "edit", "expected"),
    [
        ("the same plan imported again: current", lambda p: p, [True]),
        ("a changed plan imported: given for its version", _changed, [False]),
    ],
)
def test_a_replaced_plan_keeps_each_sign_offs_version(compliant, case, edit, expected):
    entry = SignOff(partner="trust", name="A trust", status="signed")
    old = dataclasses.replace(compliant, sign_offs=[entry])
    old = _signed_for_version_2(old)
    new = keep_stamps(old, _without_stamps(edit(old)))
    assert [s.version for s in new.sign_offs] == [2]
    assert currency(new) == expected


def test_a_new_decision_in_a_replaced_plan_has_no_stamp(compliant):
    old = _signed_for_version_2(compliant)
    added = SignOff(partner="trust", name="Another trust", status="signed")
    new = keep_stamps(old, dataclasses.replace(old, sign_offs=[added]))
    assert new.sign_offs == [added]
