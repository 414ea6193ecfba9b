"""What every signed-in page asks before its own work, in one question: the user's role (the
actor), the current round (the header's, and the one the plans are found in) and the count of
the user's unread notifications (the header's). Each is told to the request's memo
(`per_request`), where the rest of the request finds it. Written as SQL: the ORM spends more of
the processor compiling three queries (~0.5 ms each) than the database spends answering them."""

from __future__ import annotations

from functools import cache

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection

from ltpif.plans.access import Actor
from ltpif.web.notifications.models import Notification
from ltpif.web.notifications.notify import unread_key
from ltpif.web.organisations.models import Round
from ltpif.web.organisations.rounds import CURRENT, current_rounds
from ltpif.web.per_request import tell
from ltpif.web.planning.models import Membership
from ltpif.web.planning.queries import actor_from, actor_key


@cache
def _question() -> str:
    """The current round's columns (all NULL before a round is opened), the membership's (all
    NULL without one) and the unread count, in one row: SQLite's and PostgreSQL's SQL alike."""
    rounds, params = current_rounds().values("pk")[:1].query.sql_with_params()
    assert not params  # the current round depends on nothing the user gives
    q = connection.ops.quote_name
    return (
        f"SELECT r.*, m.{q('role')} AS actor_role, m.{q('system_id')} AS actor_system,"
        f" m.{q('region_id')} AS actor_region,"
        f" (SELECT COUNT(*) FROM {q(Notification._meta.db_table)} n"
        f"  WHERE n.{q('user_id')} = %s AND n.{q('read_at')} IS NULL) AS unread"
        " FROM (SELECT 1 AS one) one"
        f" LEFT JOIN {q(Round._meta.db_table)} r ON r.{q('id')} = ({rounds})"
        f" LEFT JOIN {q(Membership._meta.db_table)} m ON m.{q('user_id')} = %s"
    )


def footing(user: AbstractBaseUser) -> Actor | None:
    """The actor behind the signed-in `user` (None without a role); the current round and the
    unread count told to the request's memo."""
    row = next(iter(Round.objects.raw(_question(), [user.pk, user.pk])))
    tell(CURRENT, row if row.pk is not None else None, through_writes=True)
    tell(unread_key(user), row.unread)
    actor = actor_from(row.actor_role, row.actor_system, row.actor_region)
    tell(actor_key(user), actor)
    return actor
