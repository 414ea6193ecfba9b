"""The roll-up pages by the footprint of each plan year (`ltpif.rollup.footprint`): the
approved footprint changes read once a request, the roll-up moved once per roll-up and set
of changes, and each CCG's weight read once a process from the allocation model's practice
file in the shared data folder (the file the pack's system populations were summed from)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ltpif.assurance.wording import percent
from ltpif.framework.fairshare import DEFAULT_BASIS, population_weights
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError
from ltpif.geography import lookups
from ltpif.geography.versions import Move
from ltpif.interchange.weighted_population import ccg_weights
from ltpif.rollup.footprint import PlanMove, by_footprint, plan_moves, unweighted
from ltpif.rollup.run import Rollup
from ltpif.rollup.table import system_regions
from ltpif.web.landscape.queries import approved_moves
from ltpif.web.planning import current_rollup
from ltpif.web.planning.current_rollup import Current

PRACTICES = "nhse_gp_practice_weighted_population_target_allocation_stp21_basis2018-19.csv"

_lock = threading.Lock()
_memo: list[tuple[object, tuple[Move, ...], Current]] = []  # (the roll-up, its moves, moved)


@lru_cache(maxsize=2)
def weights(folder: Path | None) -> dict[str, float]:
    """April 2019 CCG → its need-weighted population (a CCG the file names by a code that
    merged before April 2019 counts in its successor); empty without the file."""
    if folder is None:
        return {}
    try:
        found = ccg_weights(folder / PRACTICES, DEFAULT_BASIS.id)
        april = {
            r["ccg19cdh"].upper()
            for r in lookups.read_all(folder, [lookups.CCG_2019])[lookups.CCG_2019]
        }
        legacy = {
            r["ccg_code_legacy"].upper(): r["ccg21cdh"].upper()
            for r in lookups.read_all(folder, [lookups.CCG_LEGACY])[lookups.CCG_LEGACY]
        }
    except InputError:
        return {}
    out: dict[str, float] = {}
    for given, weight in found.items():
        code = given if given in april else legacy.get(given, given)
        out[code] = out.get(code, 0.0) + weight
    return out


def moves_of(pack: Pack, moves: tuple[Move, ...]) -> list[PlanMove]:
    """Each plan year's parts of the sending systems' plans that the approved moves carry."""
    return plan_moves(
        moves,
        weights(lookups.default_lookups_dir()),
        population_weights(pack, DEFAULT_BASIS.id) or {},
        pack.plan_years,
        pack.year_calendar,
    )


def _moved(rollup: Rollup, moves: tuple[Move, ...]) -> Rollup:
    pack = rollup.pack
    kinds = {m.id: m.rollup for m in pack.metric_by_id.values()}
    return by_footprint(rollup, moves_of(pack, moves), system_regions(pack), kinds)


def by_approved_moves(rollup: Rollup) -> tuple[Rollup, tuple[Move, ...]]:
    """`rollup` by the footprint of each plan year, as the approved changes are now, and the
    changes it applied (the publication's, built from the database: its stamp lists them)."""
    moves = approved_moves()
    return (_moved(rollup, moves) if moves else rollup), moves


def current() -> Current:
    """The web's current roll-up with its region totals by the footprint of each plan year."""
    now = current_rollup.current()
    moves = approved_moves()
    if not moves:
        return now
    with _lock:
        for rollup, seen, moved in _memo:
            if rollup is now.rollup and seen == moves:
                return moved
    moved = replace(now, rollup=_moved(now.rollup, moves))
    with _lock:
        _memo[:] = [(now.rollup, moves, moved)]
    return moved


def plan_words(pack: Pack, moves: Sequence[Move], sending: str, receiving: str) -> str:
    """What an approval does to the plan roll-ups, as the decision's message and audit say."""
    moved = moves_of(pack, tuple(moves))
    missing = unweighted(moves, weights(lookups.default_lookups_dir()))
    if moved:
        said = (
            f"from {moved[0].year}, {percent(moved[0].share)} of {sending}'s planned values (the "
            f"moving CCGs' need-weighted population) count with {receiving} in the roll-ups"
        )
    elif missing:
        said = "the plan roll-ups do not change"
    else:
        said = "no plan year starts on or after the date: the plan roll-ups do not change"
    if missing:
        said += f" ({', '.join(missing)}: no population weight, so no planned value moves)"
    return said
