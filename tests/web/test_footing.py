"""The signed-in user is read with their footing (views/footing.py): the current round as a
query of Round's own reads it (its dates and JSON converted, on SQLite and PostgreSQL alike),
none before a round is opened, the role and the unread count; an unknown user is nobody."""

from __future__ import annotations

import datetime as dt

from ltpif.web.notifications.models import Notification
from ltpif.web.organisations.models import Round
from ltpif.web.organisations.rounds import current_rounds
from ltpif.web.views.footing import _round_of, footing, signed_in_user
from tests.web.conftest import user_of


def _fields(the_round: Round) -> dict:
    return {f.attname: getattr(the_round, f.attname) for f in Round._meta.concrete_fields}


def test_the_user_comes_with_the_current_round_as_round_reads_it(world):
    lead = user_of("system_lead")
    user = signed_in_user(lead.user.pk)
    assert (user.pk, user.username, user.password) == (
        lead.user.pk,
        lead.user.username,
        lead.user.password,
    )
    found = _round_of(user)
    expected = current_rounds().first()
    assert _fields(found) == _fields(expected)
    assert isinstance(found.opened_at, dt.datetime) and found.opened_at.tzinfo is not None
    assert isinstance(found.calendar, list) and found.calendar == expected.calendar


def test_the_user_comes_with_their_role_and_unread_count(world):
    lead = user_of("system_lead")
    unread = Notification.objects.filter(user=lead.user, read_at__isnull=True).count()
    Notification.objects.create(user=lead.user, kind="reminder", subject="Due", body="Soon")
    user = signed_in_user(lead.user.pk)
    assert (user.actor_role, user.actor_system) == ("system_lead", lead.system_id)
    assert user.unread == unread + 1


def test_before_a_round_is_opened_there_is_none(world):
    Round.objects.update(current_since=None)
    assert _round_of(signed_in_user(user_of("national").user.pk)) is None


def test_an_unknown_user_is_nobody(world):
    assert signed_in_user(10**9) is None


def test_a_user_deleted_since_they_were_read_has_no_role(world):
    # A user read some other way than by UserBackend is re-read with their footing; if they
    # were deleted in between, they are nobody (no role), not a failed page.
    lead = user_of("system_lead")
    user = type(lead.user).objects.get(pk=lead.user.pk)
    type(lead.user).objects.filter(pk=user.pk).delete()
    assert footing(user) is None
