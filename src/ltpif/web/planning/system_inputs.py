"""What a plan's checks read of its system beside the plan: the region's moderations (the
maturity level that earns freedoms) and the footprint's boards with their recorded strategies,
asked as one question (a UNION ALL of the two): a save and every plan page wait for the
database once for both, not twice (under load each wait is a wait for the processor too)."""

from __future__ import annotations

from functools import cache

from django.db import connection

from ltpif.plans.strategy import Board
from ltpif.web.maturity.models import Moderation
from ltpif.web.maturity.queries import levels_from
from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.partnership.models import StrategyItem
from ltpif.web.partnership.queries import AUTHORITY, Titles, strategies_from

MODERATION, BOARD = 0, 1


@cache
def _question() -> str:
    """Moderation rows (characteristic, year, level; latest first) then board rows (code,
    name, kind, ident, title; by name, then as recorded), tagged by their first column. The
    latest-first and as-recorded orders each sort on columns only the other part leaves NULL."""
    return f"""
        SELECT {MODERATION}, characteristic, year, level, NULL, NULL, at, id, NULL, NULL
        FROM {Moderation._meta.db_table} WHERE system_id = %s
        UNION ALL
        SELECT {BOARD}, o.code, o.name, i.kind, i.ident, i.title, NULL, NULL, i.recorded_at, i.id
        FROM {Organisation._meta.db_table} o
        JOIN {Footprint._meta.db_table} f ON f.organisation_id = o.id
        LEFT JOIN {StrategyItem._meta.db_table} i ON i.authority = o.code
        WHERE o.type = %s AND f.system_id = %s
        ORDER BY 1, 3, 2, 7 DESC, 8 DESC, 9, 10"""


def read(system_code: str) -> tuple[dict[tuple[str, str], str], tuple[tuple[Board, ...], Titles]]:
    """The system's moderations that count ((characteristic, year) → level) and its boards
    with their items' titles, as `maturity.queries.moderated` and
    `partnership.queries.strategies_of_system` each find them."""
    with connection.cursor() as cursor:
        cursor.execute(_question(), [system_code, AUTHORITY, system_code])
        rows = cursor.fetchall()
    moderations = levels_from([row[1:4] for row in rows if row[0] == MODERATION])
    return moderations, strategies_from([row[1:6] for row in rows if row[0] == BOARD])
