"""What assurers see (issue 19 item 5): the region's list with deadline, submitted date and
days late, sorted on the server; ratings that start empty; no "Agree plan" on a draft."""

from __future__ import annotations

import re

from django.test import override_settings
from django.utils import timezone

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.planning.models import Membership, Plan
from tests.web.conftest import client_for

COMPLIANT = sorted(code for code, f in demo_assignments(load_pack()).items() if not f)


def _regional(system: str) -> Membership:
    plan = Plan.objects.select_related("system").get(system_id=system)
    return Membership.objects.get(role="regional_lead", region_id=plan.system.region_id)


def _order(text: str) -> list[str]:
    return re.findall(r'<tr class="nhsuk-table__row" data-system="([^"]+)"', text)


def _act(member: Membership, system: str, name: str, **data) -> int:
    response = client_for(member).post(f"/plans/{system}/actions/{name}/", data)
    return response.status_code


def test_the_region_list_sorts_by_any_column_on_the_server(world):
    regional = _regional(COMPLIANT[0])
    region = regional.region_id
    plans = Plan.objects.filter(system__region_id=region).select_related("system")
    by_name = [p.system_id for p in sorted(plans, key=lambda p: p.system.name)]
    client = client_for(regional)
    assert _order(client.get(f"/regions/{region}/").content.decode()) == by_name
    most_errors = sorted(plans, key=lambda p: p.system.name)
    most_errors = [p.system_id for p in sorted(most_errors, key=lambda p: -p.errors)]
    text = client.get(f"/regions/{region}/?sort=-errors").content.decode()
    assert _order(text) == most_errors
    assert 'aria-sort="descending"' in text
    # the heading of the current column offers the reverse order
    assert 'href="?sort=errors" data-testid="sort-errors"' in text
    assert _order(client.get(f"/regions/{region}/?sort=nonsense").content.decode()) == by_name


@override_settings(LTPIF_TODAY="2019-11-20")  # after the draft deadline, before the final's
def test_the_region_list_shows_the_submission_and_days_late(world):
    system = COMPLIANT[0]
    lead = Membership.objects.get(role="system_lead", system_id=system)
    regional = _regional(system)
    text = client_for(regional).get(f"/regions/{regional.region_id}/").content.decode()
    for heading in ("Next deadline", "Submitted", "Days late"):
        assert heading in text
    row = re.search(rf'data-system="{system}">([\s\S]*?)</tr>', text).group(1)
    assert "Not submitted" in row
    assert _act(lead, system, "submit_draft", late_reason="The board met late.") == 302
    text = client_for(regional).get(f"/regions/{regional.region_id}/").content.decode()
    row = re.search(rf'data-system="{system}">([\s\S]*?)</tr>', text).group(1)
    assert "(draft submission)" in row


def test_review_ratings_start_empty_and_a_draft_cannot_be_agreed(world):
    system = COMPLIANT[1]
    lead = Membership.objects.get(role="system_lead", system_id=system)
    regional = _regional(system)
    assert _act(lead, system, "submit_draft", late_reason="Late.") == 302
    assert _act(regional, system, "start_review") == 302
    text = client_for(regional).get(f"/plans/{system}/review/").content.decode()
    selects = re.findall(r'<select class="nhsuk-select" name="rag"[\s\S]*?</select>', text)
    assert selects
    for select in selects:
        assert '<option value="" selected>Choose a rating</option>' in select
        assert "selected>Green" not in select
    assert 'data-testid="action-agree"' not in text
    assert 'data-testid="action-request_changes"' in text
    overview = client_for(regional).get(f"/plans/{system}/").content.decode()
    assert 'data-testid="action-agree"' not in overview
    # saving without choosing a rating is refused with the message at the page
    response = client_for(regional).post(
        f"/plans/{system}/review/", {"area": "local-need", "rag": "", "comment": ""}
    )
    assert response.status_code == 400
    assert "Choose red, amber or green" in response.content.decode()


AMBITION = "pcn-additional-roles-20000"  # a national total, shared by need-weighted population


def _set_plan_values(system: str, metric: str, scale: float) -> None:
    plan = Plan.objects.get(system_id=system)
    working = plan.working
    for entry in working["commitments"]:
        for trajectory in entry.get("trajectories", []):
            if trajectory["metric"] == metric:
                values = trajectory["values"]
                trajectory["values"] = {y: v * scale for y, v in values.items()}
    # as a save does: a new lock version and time, which the roll-up's cache key reads
    Plan.objects.filter(pk=plan.pk).update(
        working=working, lock_version=plan.lock_version + 1, updated_at=timezone.now()
    )


def test_the_ambition_page_names_the_systems_short_of_their_share(world):
    pack = load_pack()
    metric = next(
        c.metric[0].id for c in pack.commitments if any(a.id == AMBITION for a in c.ambition)
    )
    nobody, everyone = COMPLIANT[0], COMPLIANT[1]
    _set_plan_values(nobody, metric, 0)  # plans none: short of any share
    _set_plan_values(everyone, metric, 1000)  # plans a thousand times as many: not short
    national = Membership.objects.get(role="national")
    text = client_for(national).get(f"/rollup/ambitions/{AMBITION}/").content.decode()
    short = re.search(r'<p data-testid="short-systems">([\s\S]*?)</p>', text).group(1)
    name = pack.system_by_code
    assert name[nobody].name in short
    assert name[everyone].name not in short
    table = re.search(r'data-testid="system-shares">([\s\S]*?)</table>', text).group(1)
    assert len(re.findall(r'<tr class="nhsuk-table__row" data-system=', table)) == 42
    row = re.search(rf'data-system="{nobody}">([\s\S]*?)</tr>', table).group(1)
    assert "Short" in row


def test_the_final_review_shows_the_drafts_judgements_and_the_diff_since(world):
    system = COMPLIANT[2]
    lead = Membership.objects.get(role="system_lead", system_id=system)
    regional = _regional(system)
    assert _act(lead, system, "submit_draft", late_reason="Late.") == 302
    assert _act(regional, system, "start_review") == 302
    review = f"/plans/{system}/review/"
    judged = {"area": "local-need", "rag": "amber", "comment": "Say more about need."}
    assert client_for(regional).post(review, judged).status_code == 302
    assert _act(regional, system, "request_changes", reasons="More on need.") == 302
    assert _act(lead, system, "submit_final", late_reason="Late.") == 302
    assert _act(regional, system, "start_review") == 302
    text = client_for(regional).get(review).content.decode()
    cell = re.search(r'data-testid="draft-judgement-local-need">([\s\S]*?)</td>', text).group(1)
    assert "AMBER" in cell and "Say more about need." in cell
    # the initial version is 1, the draft 2, the final 3
    assert (
        f'href="/plans/{system}/versions/?from=2&amp;to=3" data-testid="diff-since-draft"' in text
    )
    assert 'data-testid="action-agree"' in text  # a final plan can be agreed


def test_page_titles_are_in_words(world):
    system = COMPLIANT[0]
    regional = _regional(system)
    client = client_for(regional)
    title = re.compile(r"<title>([^<]*)</title>")
    plan = Plan.objects.select_related("system").get(system_id=system)
    review = client.get(f"/plans/{system}/review/").content.decode()
    assert title.search(review).group(1) == f"Assurance review · {plan.system.name} – ltpif"
    national = Membership.objects.get(role="national")
    ambition = client_for(national).get(f"/rollup/ambitions/{AMBITION}/").content.decode()
    assert AMBITION not in title.search(ambition).group(1)
