"""The national roll-up of local priorities by theme: what systems chose for themselves.

Each theme of the pack's controlled list (discretion.toml) gets the number of local
priorities filed under it, the systems that have at least one, and their metrics; themes no
plan uses are listed too (with zeros), in the pack's order, so the absence shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ltpif.framework.pack import Pack
from ltpif.plans.document import LocalPriority, Plan


@dataclass(frozen=True)
class ThemeRow:
    theme: str
    name: str
    priorities: int
    systems: int
    metrics: int
    titles: tuple[str, ...]  # the priorities' titles, each once, in order of first appearance


@dataclass
class _Tally:
    priorities: int = 0
    metrics: int = 0
    systems: set[str] = field(default_factory=set)
    titles: dict[str, None] = field(default_factory=dict)


def priorities_by_theme(pack: Pack, plans: Iterable[Plan]) -> list[ThemeRow]:
    return themes_of(pack, ((plan.system, plan.local_priorities) for plan in plans))


def themes_of(
    pack: Pack, priorities: Iterable[tuple[str, Sequence[LocalPriority]]]
) -> list[ThemeRow]:
    """The roll-up from each system's code and its local priorities."""
    tallies = {theme.id: _Tally() for theme in pack.discretion.theme}
    for system, local_priorities in priorities:
        for priority in local_priorities:
            tally = tallies.get(priority.theme or "")
            if tally is None:
                continue  # validation refuses a theme not in the list
            tally.priorities += 1
            tally.metrics += len(priority.metrics)
            tally.systems.add(system)
            tally.titles.setdefault(priority.title, None)
    return [
        ThemeRow(
            theme.id,
            theme.name,
            tallies[theme.id].priorities,
            len(tallies[theme.id].systems),
            tallies[theme.id].metrics,
            tuple(tallies[theme.id].titles),
        )
        for theme in pack.discretion.theme
    ]
