"""How far a plan builds on each health and wellbeing board's joint health and wellbeing
strategy (issue 15 item 4): the share of the strategy's priorities that at least one of the
plan's commitments or local priorities is linked to. Pure: the strategies come in as data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ltpif.plans.document import StrategyLink

# a board's local authority code → the ids of its strategy's priorities
Strategies = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Coverage:
    """One board's strategy against the plan: its priorities, and those the plan addresses."""

    authority: str
    priorities: tuple[str, ...]
    addressed: tuple[str, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(p for p in self.priorities if p not in self.addressed)

    @property
    def share(self) -> float | None:
        """The share of the strategy's priorities addressed; None for a strategy with none."""
        return len(self.addressed) / len(self.priorities) if self.priorities else None


def coverage(strategies: Strategies, links: Iterable[StrategyLink]) -> list[Coverage]:
    """Each board's coverage, in the order of `strategies`; links to a priority that is not in
    the board's strategy count for nothing (check_links says where they are)."""
    linked: dict[str, set[str]] = {}
    for link in links:
        linked.setdefault(link.authority, set()).add(link.priority)
    return [
        Coverage(
            authority,
            tuple(priorities),
            tuple(p for p in priorities if p in linked.get(authority, set())),
        )
        for authority, priorities in strategies.items()
    ]


def check_links(
    strategies: Strategies, links: Sequence[StrategyLink]
) -> list[tuple[tuple[str | int, ...], str]]:
    """The links that name a board outside the footprint (not in `strategies`), or a priority
    its board's strategy does not have, each with its place in the plan and a message."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for index, link in enumerate(links):
        at: tuple[str | int, ...] = ("strategy_links", index)
        if link.authority not in strategies:
            known = ", ".join(strategies) or "none"
            message = (
                f"{link.authority!r} is not a health and wellbeing board of this system's "
                f"footprint (its boards: {known}): link to a priority of its own area"
            )
            problems.append(((*at, "authority"), message))
        elif link.priority not in strategies[link.authority]:
            message = (
                f"the strategy of {link.authority} has no priority {link.priority!r}: "
                "link to one its partner recorded"
            )
            problems.append(((*at, "priority"), message))
    return problems


@dataclass(frozen=True)
class Board:
    """A health and wellbeing board of the system's footprint (its upper-tier local authority)
    and what its partner recorded: the joint health and wellbeing strategy's priorities (they
    make the coverage) and the JSNA's findings (a plan may build on them too; they do not
    count towards the coverage)."""

    authority: str  # the local authority code
    name: str
    priorities: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()


def strategies_of(boards: Iterable[Board]) -> dict[str, tuple[str, ...]]:
    """Each board's strategy priorities: what coverage is measured against."""
    return {board.authority: board.priorities for board in boards}


def linkable_of(boards: Iterable[Board]) -> dict[str, tuple[str, ...]]:
    """Each board's priorities and findings: what a plan may link to (check_links)."""
    return {board.authority: board.priorities + board.findings for board in boards}
