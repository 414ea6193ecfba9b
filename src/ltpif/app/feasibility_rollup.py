"""The region's and the nation's roll-up of feasibility: for each system, how many findings
each feasibility check kind gives its plan, by severity; and the ambitions the plans together
fall short of (the roll-up's own reckoning, ltpif.rollup)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ltpif.app.feasibility import rules_only
from ltpif.assurance.checks.feasibility import KINDS
from ltpif.assurance.engine import run_rules
from ltpif.framework.pack import Pack
from ltpif.plans.document import Plan

# the kinds of the roll-up's columns: the feasibility checks and a system's fair share
COLUMNS = (*KINDS, "fair-share-met")


@dataclass(frozen=True)
class SystemRow:
    system: str
    name: str
    region: str
    # by check kind: (errors, queries); a kind no rule of the pack instantiates is absent
    counts: dict[str, tuple[int, int]]

    @property
    def total(self) -> int:
        return sum(e + q for e, q in self.counts.values())


def kinds_of(pack: Pack) -> list[str]:
    """The roll-up's kinds the pack has a rule of, in the roll-up's order."""
    used = {r.check for r in pack.rules.rule}
    return [kind for kind in COLUMNS if kind in used]


def system_rows(pack: Pack, plans: Mapping[str, Plan], systems: Sequence[str]) -> list[SystemRow]:
    """One row per system of `systems` with a plan of the pack, in that order."""
    narrow = rules_only(pack, COLUMNS)
    kinds = kinds_of(pack)
    out = []
    for code in systems:
        plan = plans.get(code)
        system = pack.system_by_code.get(code)
        if plan is None or system is None or plan.pack != pack.id:
            continue
        findings = run_rules(narrow, plan)
        counts = {
            kind: (
                sum(1 for f in findings if f.check == kind and f.severity == "error"),
                sum(1 for f in findings if f.check == kind and f.severity == "query"),
            )
            for kind in kinds
        }
        region = next((r.name for r in pack.geography.region if r.code == system.region), "")
        out.append(SystemRow(code, system.name, region, counts))
    return out


def totals(rows: Sequence[SystemRow], kinds: Sequence[str]) -> dict[str, int]:
    """By kind: how many systems have at least one finding of it."""
    return {kind: sum(1 for r in rows if sum(r.counts.get(kind, (0, 0)))) for kind in kinds}
