"""Errors no view answered: a database gone away is a 503 that says so, never a traceback."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client

from ltpif.web.views import common
from tests.web.conftest import api_headers, client_for

GONE = "The database cannot be reached just now, so nothing was saved"


def _gone(*args, **kwargs):
    raise OperationalError("unable to open database file")


@pytest.fixture
def signed_in(scene) -> Client:
    _, _, members = scene
    client = client_for(members["lead"])
    client.raise_request_exception = False  # as a server answers: through handler500
    return client


def test_a_database_gone_away_is_a_503_page(signed_in, monkeypatch):
    monkeypatch.setattr(common, "actor_of", _gone)
    response = signed_in.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    text = response.content.decode()
    assert "<h1>Service unavailable</h1>" in text and GONE in text
    assert "Traceback" not in text and "unable to open" not in text  # the log has it
    assert "Signed in as" not in text  # the page needs nothing from the database


def test_a_database_gone_away_is_a_503_in_the_api(scene, monkeypatch):
    _, _, members = scene

    headers = api_headers(members["lead"])
    monkeypatch.setattr("ltpif.web.api.actor_of", _gone)
    client = Client(raise_request_exception=False)
    response = client.get("/api/systems", headers=headers)
    assert response.status_code == 503
    assert GONE in response.json()["detail"]


def test_any_other_error_is_a_plain_500(signed_in, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(common, "actor_of", broken)
    response = signed_in.get("/")
    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()
