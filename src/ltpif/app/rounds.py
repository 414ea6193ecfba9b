"""Opening a planning round: the pack's regions and systems and the real organisations of each
system's footprint, from the official lookups, written in one transaction by a store.

Idempotent: opening the round of a pack version already open writes nothing and says so; a pack
version not yet open gets a new round beside the others, which stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ltpif.framework.pack import Pack
from ltpif.geography.organisations import Landscape, read_landscape


@dataclass(frozen=True)
class Changes:
    """What opening a round wrote (all zero and `round_opened` False: nothing)."""

    round_opened: bool = False
    regions: int = 0  # regions and systems added
    systems: int = 0
    organisations: int = 0  # organisations added
    renamed: int = 0  # organisations whose name or parent changed in the lookups
    links: int = 0  # organisations placed in a system, or whose share there changed
    unlinked: int = 0  # places in a system the lookups no longer give
    # the round of this pack is not the current one (opened beside it: it becomes current when
    # the national team carries the agreed plans into it, in the web), and which is
    waiting_behind: str = ""

    @property
    def any(self) -> bool:
        return any(
            (self.round_opened, self.regions, self.systems, self.organisations, self.renamed)
        ) or bool(self.links or self.unlinked)


class RoundStore(Protocol):
    def open_round(self, pack: Pack, landscape: Landscape) -> Changes:
        """Write the round, the pack's geography and the organisations, all or nothing."""
        ...


@dataclass(frozen=True)
class RoundOpened:
    pack: str
    version: str
    changes: Changes
    counts: dict[str, int] = field(default_factory=dict)  # organisations read, by type
    skipped: int = 0  # rows of the lookups that name no system of the pack

    def summary(self) -> str:
        c = self.changes
        if not c.any:
            return (
                f"The round of {self.pack} {self.version} is already open and up to date: "
                "nothing changed."
            )
        head = (
            f"Opened the round of {self.pack} {self.version}."
            if c.round_opened
            else f"The round of {self.pack} {self.version} was already open; brought up to date."
        )
        text = (
            f"{head} Added {c.regions} region(s), {c.systems} system(s) and "
            f"{c.organisations:,} organisation(s); {c.renamed:,} renamed; {c.links:,} placed "
            f"in a system; {c.unlinked:,} place(s) removed."
        )
        if c.waiting_behind:
            text += (
                f" It is not the current round: {c.waiting_behind} stays current until the "
                "national team opens the next round in the web (Rounds, then Open the next "
                "round), which carries the agreed plans into it and makes it current."
            )
        return text


def open_round(pack: Pack, lookups: Path | None, connect: Callable[[], RoundStore]) -> RoundOpened:
    """Read the lookups (InputError listing every problem, before the database is touched),
    then write the round through the store that `connect` opens."""
    landscape = read_landscape(pack, lookups)
    return open_round_with(pack, landscape, connect())


def open_round_with(pack: Pack, landscape: Landscape, store: RoundStore) -> RoundOpened:
    changes = store.open_round(pack, landscape)
    return RoundOpened(
        pack.id, pack.meta.version, changes, landscape.counts(), len(landscape.skipped)
    )
