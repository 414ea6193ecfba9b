"""Who a request is from (signed_in.py: Django's database sessions and user backend, their
questions written as SQL): a session ended, expired or unknown, or a user made inactive, is
signed out at the next request."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.web.conftest import client_for, user_of


def _page(client) -> int:
    return client.get("/monitoring/").status_code


def test_a_signed_in_request_is_answered_and_an_expired_session_is_not(world):
    client = client_for(user_of("national"))
    assert _page(client) == 200
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    assert _page(client) == 302  # to the sign-in page


def test_an_unknown_session_is_signed_out(world):
    client = client_for(user_of("national"))
    Session.objects.all().delete()
    assert _page(client) == 302


def test_a_user_made_inactive_is_signed_out_at_the_next_request(world):
    member = user_of("national")
    client = client_for(member)
    assert _page(client) == 200
    get_user_model().objects.filter(pk=member.user_id).update(is_active=False)
    assert _page(client) == 302


def test_the_signed_in_user_is_read_whole(world):
    member = user_of("national")
    client = client_for(member)
    answer = client.get("/monitoring/")
    user = answer.wsgi_request.user
    assert (user.pk, user.username, user.is_active) == (member.user_id, member.user.username, True)
    assert user.date_joined == member.user.date_joined  # a datetime, not the column's text
