"""The API answers a user signed in to the pages, as the docs' "Try it out" asks it: reads
with the session alone, writes only with the session's CSRF token (issue 19 item 7)."""

from __future__ import annotations

from django.test import Client

from ltpif.web.planning.models import Membership, Plan


def _signed_in(member: Membership) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member.user)
    return client


def test_a_signed_in_user_reads_through_the_api_with_their_own_rights(lead):
    client = _signed_in(lead)
    assert client.get(f"/api/plans/{lead.system_id}").status_code == 200
    other = Plan.objects.exclude(system_id=lead.system_id).first().system_id
    assert client.get(f"/api/plans/{other}").status_code == 403  # as the pages refuse it


def test_a_session_write_without_the_csrf_token_is_refused_and_changes_nothing(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    response = _signed_in(lead).put(
        f"/api/plans/{lead.system_id}",
        {"lock_version": plan.lock_version, "document": plan.working},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Plan.objects.get(pk=plan.pk).lock_version == plan.lock_version


def test_a_session_write_with_the_csrf_token_is_made(lead):
    client = _signed_in(lead)
    docs = client.get("/api/docs")
    token = docs.content.decode().split('data-csrf-token="')[1].split('"')[0]
    assert token  # the docs page carries it for "Try it out"
    plan = Plan.objects.get(system_id=lead.system_id)
    response = client.put(
        f"/api/plans/{lead.system_id}",
        {"lock_version": plan.lock_version, "document": plan.working},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200, response.content
    assert Plan.objects.get(pk=plan.pk).lock_version == plan.lock_version + 1


def test_the_docs_page_has_a_language_a_main_landmark_and_says_how_to_get_a_token(world):
    text = Client().get("/api/docs").content.decode()
    assert '<html lang="en">' in text and '<main id="maincontent"' in text
    assert "Authorization: Bearer" in text and "ltpif token create USER" in text
