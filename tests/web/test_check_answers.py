"""Check your answers before every submission (issue 19 item 4): what will be submitted
(version, counts), what is still flagged, and what happens next."""

from __future__ import annotations

import html
import re

from django.utils import timezone

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.planning.models import Membership, Plan
from tests.web.conftest import client_for

ASSIGNMENTS = demo_assignments(load_pack())
FAILING = sorted(code for code, f in ASSIGNMENTS.items() if f)


def test_the_confirmation_page_checks_the_answers(lead):
    text = client_for(lead).get(f"/plans/{lead.system_id}/actions/submit_draft/").content.decode()
    assert "Check your answers before submitting" in text
    # a demo plan has its initial version: the draft becomes version 2
    assert '<strong data-testid="submitted-version">version 2</strong>' in text
    answers = re.search(r'data-testid="check-answers">([\s\S]*?)</dl>', text).group(1)
    for key in ("Commitments", "Plan sections", "Finance", "Engagement", "Sign-offs"):
        assert f'<dt class="nhsuk-summary-list__key">{key}</dt>' in answers
    assert "6 of 6 written" in answers
    assert "What happens next" in text
    assert "goes to the region" in re.search(r'data-testid="what-next">([^<]*)', text).group(1)
    flagged = re.search(r'data-testid="still-flagged">([^<]*)', text).group(1)
    assert "0 errors" in flagged or "Nothing" in flagged


def test_a_plan_with_errors_lists_them_with_links_to_their_fields(world):
    code = FAILING[0]
    lead = Membership.objects.get(role="system_lead", system_id=code)
    text = client_for(lead).get(f"/plans/{code}/actions/submit_draft/").content.decode()
    flagged = re.search(r'data-testid="still-flagged">([^<]*)', text).group(1)
    assert flagged.startswith("Assurance finds")
    listed = re.search(r'data-testid="flagged">([\s\S]*?)</ul>', text).group(1)
    links = re.findall(r'<a href="([^"]+)"', listed)
    assert links and all(link.startswith(f"/plans/{code}/") for link in links)


def test_the_versions_page_says_what_changed_in_words(world):
    code = sorted(c for c, f in ASSIGNMENTS.items() if not f)[2]
    lead = Membership.objects.get(role="system_lead", system_id=code)
    plan = Plan.objects.get(system_id=code)
    working = plan.working
    entry = next(e for e in working["commitments"] if e.get("trajectories"))
    trajectory = entry["trajectories"][0]
    part = "values" if trajectory.get("values") else "numerator"
    year = sorted(trajectory[part])[-1]
    trajectory[part][year] = trajectory[part][year] + 7
    Plan.objects.filter(pk=plan.pk).update(
        working=working, lock_version=plan.lock_version + 1, updated_at=timezone.now()
    )
    response = client_for(lead).post(
        f"/plans/{code}/actions/submit_draft/", {"late_reason": "The board met late."}
    )
    assert response.status_code == 302
    text = client_for(lead).get(f"/plans/{code}/versions/").content.decode()
    places = re.findall(r'data-testid="change-place">([^<]*)<', text)
    word = {"values": "value", "numerator": "numerator"}[part]
    metric = load_pack().metric_by_id[trajectory["metric"]].name
    assert html.unescape(places[0]) == f"{year} planned {word} for {metric}"
    assert "commitments[" not in text
