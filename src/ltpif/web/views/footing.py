"""What every signed-in page asks before its own work, in one question with the signed-in user
(signed_in.UserBackend reads the user by it): the user's role (the actor), the current round
(the header's, and the one the plans are found in) and the count of the user's unread
notifications (the header's). Each is told to the request's memo (`per_request`), where the
rest of the request finds it. Written as SQL: the ORM spends more of the processor compiling
three queries (~0.5 ms each) than the database spends answering them; asked with the user, a
page waits for the database once less (under load each wait is a wait for the processor too)."""

from __future__ import annotations

from functools import cache

from django.contrib.auth import get_user_model
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

_ROUND_FIELDS = Round._meta.concrete_fields


@cache
def _question() -> str:
    """The user's columns; the current round's, each named `round__` and its column (all NULL
    before a round is opened); the membership's (all NULL without one) and the unread count:
    one row, or none for an unknown user. SQLite's and PostgreSQL's SQL alike."""
    rounds, params = current_rounds().values("pk")[:1].query.sql_with_params()
    assert not params  # the current round depends on nothing the user gives
    q = connection.ops.quote_name
    user = get_user_model()._meta
    round_columns = ", ".join(
        f"r.{q(f.column)} AS {q('round__' + f.column)}" for f in _ROUND_FIELDS
    )
    return (
        f"SELECT u.*, {round_columns}, m.{q('role')} AS actor_role,"
        f" m.{q('system_id')} AS actor_system, m.{q('region_id')} AS actor_region,"
        f" (SELECT COUNT(*) FROM {q(Notification._meta.db_table)} n"
        f"  WHERE n.{q('user_id')} = u.{q(user.pk.column)} AND n.{q('read_at')} IS NULL) AS unread"
        f" FROM {q(user.db_table)} u"
        f" LEFT JOIN {q(Round._meta.db_table)} r ON r.{q('id')} = ({rounds})"
        f" LEFT JOIN {q(Membership._meta.db_table)} m ON m.{q('user_id')} = u.{q(user.pk.column)}"
        f" WHERE u.{q(user.pk.column)} = %s"
    )


def signed_in_user(user_id) -> AbstractBaseUser | None:
    """The user with this id, with their footing read in the same question (None if no such
    user): what `footing` then tells without asking."""
    return next(iter(get_user_model()._default_manager.raw(_question(), [user_id])), None)


def _round_of(user: AbstractBaseUser) -> Round | None:
    """The current round from the user's `round__` columns, each converted as a query of
    Round's own would convert it (dates, JSON)."""
    if user.round__id is None:
        return None
    values = []
    for field in _ROUND_FIELDS:
        value, column = getattr(user, f"round__{field.column}"), field.get_col(Round._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + field.get_db_converters(
            connection
        ):
            value = convert(value, column, connection)
        values.append(value)
    return Round.from_db(connection.alias, [f.attname for f in _ROUND_FIELDS], values)


def footing(user: AbstractBaseUser) -> Actor | None:
    """The actor behind the signed-in `user` (None without a role); the current round and the
    unread count told to the request's memo. Read with the user (`signed_in_user`), else
    asked now (a user read some other way); a user deleted since has no role, and the rest is
    asked when wanted."""
    if not hasattr(user, "actor_role"):
        user = signed_in_user(user.pk)
        if user is None:
            return None
    tell(CURRENT, _round_of(user), through_writes=True)
    tell(unread_key(user), user.unread)
    actor = actor_from(user.actor_role, user.actor_system, user.actor_region)
    tell(actor_key(user), actor)
    return actor
