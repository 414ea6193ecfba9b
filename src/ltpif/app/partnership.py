"""The coverage of each health and wellbeing board's joint health and wellbeing strategy by a
plan, as a page shows it (issue 15 item 4): per board, the share of its priorities the plan
builds on, and per priority or JSNA finding what builds on it. The measure is plans.strategy's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ltpif.app import present
from ltpif.plans.document import StrategyLink
from ltpif.plans.strategy import Board, coverage, strategies_of


@dataclass(frozen=True)
class ItemRow:
    id: str
    title: str
    builds: tuple[str, ...]  # the commitments and local priorities built on it, by name


@dataclass(frozen=True)
class BoardCoverage:
    authority: str
    name: str
    priorities: tuple[ItemRow, ...]
    findings: tuple[ItemRow, ...]
    addressed: int
    share: str  # "—" when the board recorded no priorities

    @property
    def missing(self) -> tuple[ItemRow, ...]:
        return tuple(row for row in self.priorities if not row.builds)


def board_coverage(
    boards: Sequence[Board],
    links: Sequence[StrategyLink],
    titles: Mapping[tuple[str, str], str],
    names: Mapping[str, str],
) -> tuple[BoardCoverage, ...]:
    """Each board's coverage by the plan's `links`; `titles` are the items' titles by
    (authority, id), `names` the plan's commitments and local priorities by id."""
    built: dict[tuple[str, str], list[str]] = {}
    for link in links:
        built.setdefault((link.authority, link.priority), []).append(
            names.get(link.builds, link.builds)
        )
    of_board = {c.authority: c for c in coverage(strategies_of(boards), links)}

    def rows(board: Board, ids: tuple[str, ...]) -> tuple[ItemRow, ...]:
        return tuple(
            ItemRow(
                i,
                titles.get((board.authority, i), i),
                tuple(built.get((board.authority, i), ())),
            )
            for i in ids
        )

    return tuple(
        BoardCoverage(
            board.authority,
            board.name,
            rows(board, board.priorities),
            rows(board, board.findings),
            len(of_board[board.authority].addressed),
            present.percent(of_board[board.authority].share),
        )
        for board in boards
    )
