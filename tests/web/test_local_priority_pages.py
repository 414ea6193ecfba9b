"""Local priorities edited on the plan's pages (issue 15 item 2): added, changed and removed
through the plan file's own validation, under optimistic locking; bad input is refused at its
field with nothing saved."""

from __future__ import annotations

import pytest

from ltpif.web.planning.models import AuditEvent, Plan
from ltpif.web.planning.queries import document
from tests.web.conftest import client_for

YEARS = ("2019/20", "2020/21", "2021/22", "2022/23", "2023/24")


def _form(plan: Plan, **changes) -> dict:
    form = {
        "lock_version": plan.lock_version,
        "id": "local-falls-prevention",
        "title": "Fewer falls among older people",
        "rationale": "Falls are the leading cause of injury admissions here.",
        "strategy": "Joint health and wellbeing strategy 2019–2024",
        "theme": "prevention-wellbeing",
        "lead_name": "Dr A Example",
        "lead_role": "Clinical director",
        "metrics[0].id": "falls-admissions",
        "metrics[0].name": "Emergency admissions after a fall",
        "metrics[0].unit": "count",
        "metrics[0].polarity": "lower_is_better",
        "metrics[0].target": "800",
        "metrics[0].by": "2023/24",
        **{f"metrics[0].trajectory.{year}": str(1000 - 50 * i) for i, year in enumerate(YEARS)},
        "milestones[0].date-day": "31",
        "milestones[0].date-month": "3",
        "milestones[0].date-year": "2021",
        "milestones[0].description": "Falls service open in every place",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def _url(lead, tail="new/") -> str:
    return f"/plans/{lead.system_id}/local-priorities/{tail}"


def test_the_lead_adds_a_local_priority_and_it_is_listed_with_its_tag(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    before = plan.lock_version
    client = client_for(lead)
    response = client.post(_url(lead), _form(plan))
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    assert plan.lock_version == before + 1
    added = next(p for p in document(plan).local_priorities if p.id == "local-falls-prevention")
    assert added.theme == "prevention-wellbeing"
    assert added.clinical_lead.name == "Dr A Example"
    (metric,) = added.metrics
    assert (metric.unit, metric.polarity, metric.target) == ("count", "lower_is_better", 800)
    assert metric.trajectory == {"2019/20": 1000, "2020/21": 950, "2021/22": 900,
                                 "2022/23": 850, "2023/24": 800}  # fmt: skip
    assert [m.description for m in added.milestones] == ["Falls service open in every place"]
    assert AuditEvent.objects.filter(plan=plan, action="save_local_priority").exists()
    listing = client.get(f"/plans/{lead.system_id}/commitments/").content.decode()
    assert "Fewer falls among older people" in listing
    assert "local priority</strong>" in listing
    assert f'href="/plans/{lead.system_id}/local-priorities/local-falls-prevention/"' in listing


def test_the_lead_changes_then_removes_a_local_priority(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    client = client_for(lead)
    existing = document(plan).local_priorities[0]
    url = _url(lead, f"{existing.id}/")
    assert existing.title in client.get(url).content.decode()
    form = _form(plan, id=existing.id, title="A sharper title")
    assert client.post(url, form).status_code == 302
    plan.refresh_from_db()
    changed = next(p for p in document(plan).local_priorities if p.id == existing.id)
    assert changed.title == "A sharper title"
    count = len(document(plan).local_priorities)
    removed = client.post(url + "remove/", {"lock_version": plan.lock_version})
    assert removed.status_code == 302
    plan.refresh_from_db()
    assert len(document(plan).local_priorities) == count - 1
    assert existing.id not in {p.id for p in document(plan).local_priorities}
    assert AuditEvent.objects.filter(plan=plan, action="remove_local_priority").exists()


# bad input → the field the message is shown at, and words of the message
BAD = [
    ({"id": "adult-crisis-teams"}, "id", "is a commitment of"),
    ({"metrics[0].unit": ""}, "metrics[0].unit", "needs a unit"),
    ({"theme": "space-travel"}, "theme", "unknown theme"),
    ({"theme": ""}, "theme", "needs a theme"),
    ({"metrics[0].trajectory.2020/21": "many"}, "metrics[0].trajectory.2020/21", ""),
    ({"milestones[0].date-year": "2031"}, "milestones[0].date", "outside the plan period"),
    ({"title": ""}, "title", ""),
]


@pytest.mark.parametrize(("changes", "field", "words"), BAD, ids=[b[1] for b in BAD])
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(lead, changes, field, words):
    plan = Plan.objects.get(system_id=lead.system_id)
    before = (plan.lock_version, plan.working)
    response = client_for(lead).post(_url(lead), _form(plan, **changes))
    assert response.status_code == 400
    body = response.content.decode()
    assert f'href="#{field}"' in body
    assert f'id="{field}-error"' in body
    assert words in body
    plan.refresh_from_db()
    assert (plan.lock_version, plan.working) == before


def test_a_metric_in_a_later_row_is_named_by_its_own_row(lead):
    """A blank row before it is left out, yet the problem is shown at the row the user filled."""
    plan = Plan.objects.get(system_id=lead.system_id)
    form = _form(plan)
    moved = {k.replace("metrics[0]", "metrics[2]"): v for k, v in form.items()}
    moved["metrics[2].unit"] = ""
    response = client_for(lead).post(_url(lead), moved)
    assert response.status_code == 400
    assert 'href="#metrics[2].unit"' in response.content.decode()


def test_a_save_against_a_newer_plan_is_a_conflict(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    response = client_for(lead).post(_url(lead), _form(plan, lock_version=plan.lock_version - 1))
    assert response.status_code == 409
    plan.refresh_from_db()
    assert "local-falls-prevention" not in {p["id"] for p in plan.working["local_priorities"]}


def test_a_partner_sees_the_form_but_cannot_save(scene):
    own, _, members = scene
    plan = Plan.objects.get(system=own)
    client = client_for(members["partner"])
    page = client.get(f"/plans/{own.code}/local-priorities/new/")
    assert page.status_code == 200
    assert 'data-testid="save-local-priority"' not in page.content.decode()
    refused = client.post(f"/plans/{own.code}/local-priorities/new/", _form(plan))
    assert refused.status_code == 403


# who → status of an empty POST to change or remove a local priority of the own system's plan
# (the lead is told the form lacks its lock version) and of the other system's plan
CHANGE_EXPECTED = {
    "lead": (400, 403),
    "partner": (403, 403),
    "regional": (403, 403),
    "national": (403, 403),
    "observer": (403, 403),
}


@pytest.mark.parametrize("tail", ["", "remove/"])
@pytest.mark.parametrize("who", CHANGE_EXPECTED)
def test_who_may_change_or_remove_a_local_priority(scene, who, tail):
    own, other, members = scene
    client = client_for(members[who])
    for target, status in zip((own, other), CHANGE_EXPECTED[who], strict=True):
        plan = Plan.objects.get(system=target)
        before = plan.lock_version
        priority = plan.working["local_priorities"][0]["id"]
        url = f"/plans/{target.code}/local-priorities/{priority}/{tail}"
        assert client.post(url, {}).status_code == status, f"{who} POST {url}"
        plan.refresh_from_db()
        assert plan.lock_version == before
