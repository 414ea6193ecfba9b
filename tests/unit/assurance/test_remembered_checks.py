"""A plan's checks run again only where what they read changed (engine.Remembered): each check
kind says which of the plan's fields it reads, the commitment entries it looks up are seen as it
runs, and what an edit left alone is kept. Proven here: every kind reads no field it does not
name (on every demo plan), and on every one-change case of the check-kind spec the checks of an
edited plan with what they found before give exactly what they give afresh."""

from __future__ import annotations

import dataclasses
import sys

import pytest

from ltpif.assurance.engine import Remembered, _prepared_rules, rule_issues
from ltpif.assurance.registry import REGISTRY, CheckContext
from ltpif.demo import DEMO_TODAY
from ltpif.demo.plans import build_plan, demo_plans
from ltpif.framework.loader import load_pack
from ltpif.plans.document import Plan
from ltpif.plans.strategy import Board
from tests.spec.test_check_kinds import CASES  # the one-change cases

PACK = load_pack()
PLAN_FIELDS = {f.name for f in dataclasses.fields(Plan)}
_ENTRIES = CheckContext._entries.func.__code__  # the context's own look at the entries


class _Reading:
    """A plan that notes each of its fields read (but the context's look at the entries, which
    it notes as entries looked up)."""

    def __init__(self, plan: Plan, fields: set[str]):
        object.__setattr__(self, "_plan", plan)
        object.__setattr__(self, "_fields", fields)

    def __getattr__(self, name: str):
        if name in PLAN_FIELDS and sys._getframe(1).f_code is not _ENTRIES:
            self._fields.add(name)
        return getattr(self._plan, name)


class _Context(CheckContext):
    """A context noting whether the boards are read."""

    def __getattribute__(self, name: str):
        if name == "boards":
            object.__getattribute__(self, "plan")._fields.add("boards")
        return super().__getattribute__(name)


def _runs(ready, context, commitment=None) -> list:
    """What the rule finds: of one commitment or, with None, of the rest of the plan, for a kind
    judging a commitment at a time; of the whole plan for any other."""
    if ready.kind.each_commitment:
        return list(ready.kind.run(context, ready.params, commitment))
    return list(ready.kind.run(context, ready.params))


# kinds that read the whole plan (run afresh on every version): a sign-off is current only for
# the content it was given for
WHOLE_PLAN = {"signed-off-by"}
STRATEGY = {n: k for n, k in REGISTRY.items() if not k.operational}


def test_every_kind_but_those_reading_the_whole_plan_says_what_it_reads():
    assert {n for n, k in STRATEGY.items() if k.reads is None} == WHOLE_PLAN


@pytest.mark.parametrize("name", sorted(set(STRATEGY) - WHOLE_PLAN))
def test_each_kind_reads_only_the_fields_it_names(name):
    kind = REGISTRY[name]
    assert kind.reads is not None
    rules = [ready for ready in _prepared_rules(PACK) if ready.rule.check == name]
    boards = (Board("E09000001", "A board", ("Healthy weight",), ("Loneliness",)),)
    read: set[str] = set()
    by_commitment: set[str] = set()  # what a kind judging a commitment at a time reads for one
    for _system, _failings, plan in demo_plans(PACK):
        for ready in rules:
            plain = CheckContext(PACK, plan, DEMO_TODAY, None, boards)
            noted = _Context(PACK, _Reading(plan, read), DEMO_TODAY, None, boards)  # type: ignore[arg-type]
            assert _runs(ready, noted) == _runs(ready, plain)
            for commitment in PACK.commitments if kind.each_commitment else ():
                one = _Context(PACK, _Reading(plan, by_commitment), DEMO_TODAY, None, boards)  # type: ignore[arg-type]
                assert _runs(ready, one, commitment) == _runs(ready, plain, commitment)
                assert set(one.looked_up) <= {commitment.id}, f"{name} reads other entries"
    assert read <= kind.reads, f"{name} reads {sorted(read - kind.reads)} too"
    assert not by_commitment, f"{name} reads {sorted(by_commitment)} of a commitment's plan"


def _compliant() -> Plan:
    return build_plan(PACK, PACK.geography.system[0])


@pytest.mark.parametrize("edit", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_an_edited_plan_checked_with_what_was_found_before_gives_what_it_gives_afresh(edit):
    before = _compliant()
    remembered = Remembered()
    rule_issues(PACK, before, DEMO_TODAY, remembered=remembered)
    after = edit(before)
    assert rule_issues(PACK, after, DEMO_TODAY, remembered=remembered) == rule_issues(
        PACK, after, DEMO_TODAY
    )
    # and back: what the edit changed is checked again
    assert rule_issues(PACK, before, DEMO_TODAY, remembered=remembered) == rule_issues(
        PACK, before, DEMO_TODAY
    )
