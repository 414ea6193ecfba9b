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
    monkeypatch.setattr(common, "footing", _gone)
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

    monkeypatch.setattr(common, "footing", broken)
    response = signed_in.get("/")
    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()
    text = response.content.decode()
    assert "<h1>Sorry, there is a problem with the service</h1>" in text
    assert "nothing was saved" in text and "nhsuk-header" in text  # the service's own page


def test_a_page_not_found_is_the_service_s_page_in_plain_english(signed_in):
    response = signed_in.get("/no/such/page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "<h1>Page not found</h1>" in text and "We cannot find the page" in text
    assert "nhsuk-header" in text and "<h1>Not Found</h1>" not in text  # not Django's bare page


def test_a_page_not_found_in_the_api_is_json(signed_in):
    response = signed_in.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_form_refused_by_the_cross_site_check_says_so_in_plain_english(scene):
    _, _, members = scene
    client = Client(enforce_csrf_checks=True)
    client.force_login(members["lead"].user)
    response = client.post(f"/plans/{members['lead'].system_id}/narrative/save/", {})
    assert response.status_code == 403
    text = response.content.decode()
    assert "The form was out of date or you had been signed out" in text
    assert 'data-testid="error-message"' in text  # what the page's script shows in place


def test_part_of_a_page_asked_for_when_signed_out_is_told_so_not_sent_to_sign_in(scene):
    own, _, _ = scene
    response = Client().post(
        f"/plans/{own.code}/commitments/adult-crisis-teams/trajectories/",
        {},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 401
    assert "You have been signed out, so nothing was saved" in response.content.decode()
    whole_page = Client().post(f"/plans/{own.code}/commitments/adult-crisis-teams/trajectories/")
    assert whole_page.status_code == 302  # a whole page still goes to the sign-in page
