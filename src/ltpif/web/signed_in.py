"""Who a request is from, asked as Django asks it (its database sessions, its user model
backend) with the SQL written out: the ORM compiled these two questions afresh on every
signed-in request, a third of a millisecond of processor time each. Nothing is kept between
requests: a session ended or a user made inactive counts at the next one, in every process."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    """Django's database sessions (SESSION_ENGINE = this module); the session read as its
    `load` reads it: by its key, unless it has expired."""

    def load(self) -> dict:
        connection = connections[router.db_for_read(self.model)]
        ops, table = connection.ops, self.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {ops.quote_name('session_data')} FROM {ops.quote_name(table)}"
                f" WHERE {ops.quote_name('session_key')} = %s"
                f" AND {ops.quote_name('expire_date')} > %s",
                [self.session_key, ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])


class UserBackend(ModelBackend):
    """Django's user model backend; the signed-in user read by their id as raw SQL, with what
    every signed-in page asks next (views/footing.py: the role, the round, the unread count)."""

    def get_user(self, user_id):
        from ltpif.web.views.footing import signed_in_user  # it reads the models: not at import

        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
