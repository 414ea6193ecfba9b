"""Rows → the partnership's domain records: the boards of a system's footprint with what their
partners recorded (plans.strategy.Board), and the board a partner's user speaks for."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from ltpif.app.partnership import BoardCoverage, board_coverage
from ltpif.framework.pack import Pack
from ltpif.plans.document import Plan as PlanDocument
from ltpif.plans.strategy import Board
from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.partnership.models import StrategyItem
from ltpif.web.per_request import once
from ltpif.web.planning.models import Plan

# the organisation type of an upper-tier local authority: it hosts the health and wellbeing board
AUTHORITY = "local_authority"


@dataclass(frozen=True)
class Authority:
    code: str
    name: str


def items_of(codes: list[str]) -> list[StrategyItem]:
    return list(StrategyItem.objects.filter(authority__in=codes))


# (authority code, item id) → the item's title
Titles = dict[tuple[str, str], str]


def strategies_of_system(system_code: str) -> tuple[tuple[Board, ...], Titles]:
    """Each board of the footprint with its strategy's priorities and its JSNA's findings (ids,
    in the order recorded), and the items' titles: one question, asked once by a request that
    reads them for the checks and for the coverage (`per_request`)."""
    return once(strategies_key(system_code), lambda: _strategies(system_code))


def strategies_key(system_code: str) -> tuple:
    """Where the request's memo keeps `strategies_of_system`."""
    return ("strategies", system_code)


def _strategies(system_code: str) -> tuple[tuple[Board, ...], Titles]:
    """The footprint's upper-tier local authorities by name, each with its items (in the order
    recorded), as one question (a plan's checks ask it with the moderations: system_inputs.py)."""
    sql = f"""
        SELECT o.code, o.name, i.kind, i.ident, i.title
        FROM {Organisation._meta.db_table} o
        JOIN {Footprint._meta.db_table} f ON f.organisation_id = o.id
        LEFT JOIN {StrategyItem._meta.db_table} i ON i.authority = o.code
        WHERE o.type = %s AND f.system_id = %s
        ORDER BY o.name, o.code, i.recorded_at, i.id"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [AUTHORITY, system_code])
        return strategies_from(cursor.fetchall())


def strategies_from(rows: list[tuple]) -> tuple[tuple[Board, ...], Titles]:
    """The boards and titles from (code, name, kind, ident, title) rows, ordered by the
    authority's name and code, then as recorded; an authority that recorded nothing yet has one
    row of NULLs."""
    names: dict[str, str] = {}
    items: dict[str, dict[str, list[str]]] = {}
    titles: Titles = {}
    for code, name, kind, ident, title in rows:
        names.setdefault(code, name)
        kinds = items.setdefault(code, {StrategyItem.PRIORITY: [], StrategyItem.FINDING: []})
        if kind is not None:
            kinds[kind].append(ident)
            titles[(code, ident)] = title
    boards = tuple(
        Board(
            code,
            name,
            tuple(items[code][StrategyItem.PRIORITY]),
            tuple(items[code][StrategyItem.FINDING]),
        )
        for code, name in names.items()
    )
    return boards, titles


def boards_of_system(system_code: str) -> tuple[Board, ...]:
    """Each board of the footprint with its strategy's priorities and its JSNA's findings."""
    return strategies_of_system(system_code)[0]


def authority_of(user, system_code: str) -> Authority | None:
    """The board `user` records for: their organisation (people.Person), when it is an
    upper-tier local authority of the system's footprint; else None."""
    person = getattr(user, "person", None)
    code = (getattr(person, "organisation_code", "") or "").strip().upper()
    if not code:
        return None
    found = Organisation.objects.filter(
        type=AUTHORITY, code__iexact=code, footprint__system_id=system_code
    ).first()
    return Authority(found.code, found.name) if found is not None else None


def part_names(pack: Pack, doc: PlanDocument) -> dict[str, str]:
    """The plan's commitments and local priorities by id, as a link shows them."""
    names = {
        entry.commitment: pack.commitment_by_id[entry.commitment].title
        for entry in doc.commitments
        if entry.commitment in pack.commitment_by_id
    }
    names.update({p.id: f"{p.title} (local priority)" for p in doc.local_priorities})
    return names


def coverage_of(plan: Plan, doc: PlanDocument | None = None) -> tuple[BoardCoverage, ...]:
    """The coverage of each board's strategy by the plan's working copy (or `doc`)."""
    from ltpif.web.planning.queries import document, pack_of  # they read boards from here

    doc = document(plan) if doc is None else doc
    boards, titles = strategies_of_system(plan.system_id)
    return board_coverage(boards, doc.strategy_links or [], titles, part_names(pack_of(plan), doc))
