"""The local discretion index: how much of a plan is centrally prescribed, how much locally chosen.

The method is written down in docs/reference/local-discretion.md; in short, each part counts
units of the plan and how many of them are locally chosen:

- commitments: every commitment of the pack and every local priority of the plan. Locally
  chosen: a local priority; a local commitment phased later (`later_by_years`) or left out
  (`omitted`) with a written justification. Prescribed: a foundational commitment (its
  national standard at the national date), a local commitment at the national pace, and a
  departure without a justification (the national expectation stands until one is written).
- metrics: every metric with planned values (a pack metric's trajectory, a local priority's
  metric); locally chosen are a local priority's and those of a locally paced commitment.
- values: the same, counted in planned values (a value a year; a ratio's year counts once).
- milestones: every milestone of the plan; locally chosen is one the system set itself (no pack
  milestone named), or a milestone of a commitment phased later.
- money: the commissioners' spending in the last plan year; prescribed is what the pack's
  investment standards direct (the lines of its `investment-standard` rules), the rest is the
  system's to allocate.

A part's share is local / total (None when the plan has nothing of that kind); the index is
the mean of the parts that have a share: 0 wholly prescribed, 1 wholly local. Nationally each
part is the ratio of the sums over the plans, never an average of the plans' shares.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ltpif.framework import schema as s
from ltpif.framework.kept import by_identity
from ltpif.framework.pack import Pack
from ltpif.plans.document import CommitmentPlan, Plan

PARTS = ("commitments", "metrics", "values", "milestones", "money")
PART_NAMES = {
    "commitments": "Commitments",
    "metrics": "Metrics",
    "values": "Trajectory values",
    "milestones": "Milestones",
    "money": "Money",
}
# the investment-standard rule's `line` → the plan's finance line it directs
INVESTMENT_LINES = {
    "mental_health": "mental_health_spend",
    "primary_community": "primary_community_spend",
}


@dataclass(frozen=True)
class Part:
    name: str
    local: float
    total: float

    @property
    def prescribed(self) -> float:
        return self.total - self.local

    @property
    def share(self) -> float | None:
        """The locally chosen share; None when there is nothing of the kind."""
        return self.local / self.total if self.total else None


@dataclass(frozen=True)
class Discretion:
    system: str
    parts: tuple[Part, ...]

    @property
    def index(self) -> float | None:
        """The mean of the parts' shares (those that have one)."""
        shares = [share for part in self.parts if (share := part.share) is not None]
        return sum(shares) / len(shares) if shares else None

    def part(self, name: str) -> Part:
        return next(part for part in self.parts if part.name == name)


def _locally_paced(commitment: s.Commitment, entry: CommitmentPlan) -> bool:
    """A local commitment phased later or left out, with a written justification."""
    return (
        commitment.kind == "local"
        and bool(entry.later_by_years or entry.omitted)
        and bool(entry.local_justification.strip())
    )


def _trajectory_values(entry: CommitmentPlan) -> int:
    return sum(len(t.values) + len(t.numerator) for t in entry.trajectories)


def _money(pack: Pack, plan: Plan) -> Part:
    lines = [
        INVESTMENT_LINES[str(rule.params["line"])]
        for rule in pack.rules.rule
        if rule.check == "investment-standard" and str(rule.params.get("line")) in INVESTMENT_LINES
    ]
    last = pack.plan_years[-1]
    total = prescribed = 0.0
    for org in plan.finance.organisations:
        year = org.years.get(last)
        if org.kind != "commissioner" or year is None:
            continue
        total += year.expenditure
        prescribed += sum(getattr(year, line) or 0.0 for line in lines)
    prescribed = min(prescribed, total)
    return Part("money", total - prescribed, total)


@by_identity(128)  # every plan of a round (42) and their last versions
def discretion(pack: Pack, plan: Plan) -> Discretion:
    """The plan's discretion index and its parts (see the module's docstring); kept for the
    pack and plan objects (the national dashboard asks it of every plan at every visit)."""
    counts = {name: [0.0, 0.0] for name in PARTS if name != "money"}  # [local, total]

    def add(part: str, total: float, local: bool) -> None:
        counts[part][1] += total
        if local:
            counts[part][0] += total

    entries = {entry.commitment: entry for entry in plan.commitments}
    for commitment in pack.commitments:
        entry = entries.get(commitment.id)
        paced = entry is not None and _locally_paced(commitment, entry)
        add("commitments", 1, paced)
        if entry is None:
            continue
        add("metrics", len(entry.trajectories), paced)
        add("values", _trajectory_values(entry), paced)
        for milestone in entry.milestones:
            add("milestones", 1, paced or milestone.milestone is None)
    for priority in plan.local_priorities:
        add("commitments", 1, True)
        add("metrics", len(priority.metrics), True)
        add("values", sum(len(metric.trajectory) for metric in priority.metrics), True)
        add("milestones", len(priority.milestones), True)
    parts = [Part(name, local, total) for name, (local, total) in counts.items()]
    return Discretion(plan.system, (*parts, _money(pack, plan)))


@dataclass(frozen=True)
class NationalDiscretion:
    """The plans together: each part the ratio of their sums, and the spread of the index."""

    parts: tuple[Part, ...]
    plans: int
    indices: tuple[float, ...]  # each plan's index, ascending

    @property
    def index(self) -> float | None:
        return Discretion("national", self.parts).index

    def quantiles(self) -> tuple[float, float, float, float, float] | None:
        """Lowest, lower quartile, median, upper quartile and highest plan index."""
        values = self.indices
        if not values:
            return None
        if len(values) == 1:
            return (values[0],) * 5
        lower, median, upper = statistics.quantiles(values, n=4, method="inclusive")
        return values[0], lower, median, upper, values[-1]


def national(discretions: Sequence[Discretion]) -> NationalDiscretion:
    local, total = dict.fromkeys(PARTS, 0.0), dict.fromkeys(PARTS, 0.0)
    for d in discretions:
        for part in d.parts:
            local[part.name] += part.local
            total[part.name] += part.total
    parts = tuple(Part(name, local[name], total[name]) for name in PARTS)
    indices = sorted(index for d in discretions if (index := d.index) is not None)
    return NationalDiscretion(parts, len(discretions), tuple(indices))


def discretions(pack: Pack, plans: Iterable[Plan]) -> list[Discretion]:
    return [discretion(pack, plan) for plan in plans]
