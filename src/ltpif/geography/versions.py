"""The geography by date: an organisation's systems on a day, from the footprint as the lookups
give it and the footprint changes approved since (each with the day it takes effect)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Move:
    """An organisation leaves one system's footprint for another's from `effective` on."""

    organisation: str
    from_system: str
    to_system: str
    effective: dt.date


def systems_on(
    base: Iterable[str], moves: Iterable[Move], organisation: str, day: dt.date
) -> frozenset[str]:
    """The systems `organisation` is in on `day`: its systems in the lookups (`base`), then
    each of its moves that has taken effect by `day`, oldest first (a move out of a system it
    is not in still takes it into the receiving one)."""
    systems = set(base)
    for move in sorted(
        (m for m in moves if m.organisation == organisation and m.effective <= day),
        key=lambda m: m.effective,
    ):
        systems.discard(move.from_system)
        systems.add(move.to_system)
    return frozenset(systems)


@dataclass(frozen=True)
class Succession:
    """An approved merger: `predecessor` is replaced by `successor` from `effective` on."""

    predecessor: str
    successor: str
    effective: dt.date


def organisations_on(
    base: Iterable[str], successions: Iterable[Succession], day: dt.date
) -> list[str]:
    """A system's organisation list on `day`: the lookups' organisations (`base`, in order)
    with each predecessor whose merger has taken effect by `day` replaced, in its place, by its
    successor (once, however many of its predecessors are in the list; a successor that
    merges again later is followed to the last one in effect)."""
    after = {s.predecessor: s.successor for s in successions if s.effective <= day}
    found: list[str] = []
    for listed in base:
        code, seen = listed, {listed}
        while code in after and after[code] not in seen:
            code = after[code]
            seen.add(code)
        if code not in found:
            found.append(code)
    return found
