"""Signing in through the form, and the pause after too many failures (django-axes)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client

from tests.web.conftest import PASSWORD, user_of


def _sign_in(client: Client, username: str, password: str):
    return client.post("/sign-in/", {"username": username, "password": password})


def test_the_right_password_signs_in(world):
    client = Client()
    response = _sign_in(client, user_of("national").user.username, PASSWORD)
    assert (response.status_code, response["Location"]) == (302, "/")


def test_the_fifth_failure_pauses_signing_in_until_the_cool_off(world):
    # the defaults: the test environment sets neither
    limits = (settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME)
    assert limits == (5, dt.timedelta(minutes=15))
    username = user_of("system_lead").user.username
    client = Client()
    statuses = [_sign_in(client, username, f"wrong-{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]

    refused = _sign_in(client, username, PASSWORD)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "<h1>Signing in is paused</h1>" in page
    assert "paused for 15 minutes after the last attempt, even with the right password" in page
    assert "_auth_user_id" not in client.session
    other = _sign_in(Client(), user_of("national").user.username, PASSWORD)
    assert other.status_code == 302  # only that user name from that address is paused

    def minutes_pass(minutes: int) -> None:
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=minutes))

    minutes_pass(14)
    assert _sign_in(client, username, PASSWORD).status_code == 429  # and the pause starts again
    minutes_pass(14)
    assert _sign_in(client, username, PASSWORD).status_code == 429
    minutes_pass(16)
    assert _sign_in(client, username, PASSWORD).status_code == 302  # signed in at last


def test_the_limits_come_from_the_environment():
    env = {
        **os.environ,
        "LTPIF_SIGN_IN_FAILURE_LIMIT": "3",
        "LTPIF_SIGN_IN_COOLOFF_MINUTES": "60",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.stdout.split() == ["3", "1:00:00"], done.stderr
