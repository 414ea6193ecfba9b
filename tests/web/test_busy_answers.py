"""A write refused because the database stayed busy (SQLite's lock held by other writes through
every attempt) says so, and keeps the form as posted: it is not told as someone else's save,
for nobody's change is in the way (the same form, sent again, saves)."""

from __future__ import annotations

from ltpif.web.planning import actions
from ltpif.web.planning.models import AuditEvent, Plan
from tests.web.conftest import client_for
from tests.web.test_page_queries import COMMITMENT, METRIC, _form
from tests.web.test_plan_part_forms import URLS, form_of

SOMEONE = "after you opened it"


def _always_locked(monkeypatch, module, name: str) -> None:
    """`module.name` refused as retried_when_busy refuses a write SQLite's lock held through
    every attempt (test_concurrent_submits.py: that it does; in a test's transaction it cannot
    try again, so the refusal is made here)."""

    def locked(**_):
        raise actions.Busy(actions.BUSY)

    monkeypatch.setattr(module, name, locked)


def test_a_trajectory_save_refused_as_busy_says_so_and_keeps_the_posted_form(lead, monkeypatch):
    client = client_for(lead)
    page = f"/plans/{lead.system_id}/commitments/{COMMITMENT}/"
    form = {**_form(client.get(page).content.decode()), f"{METRIC}__num__2018/19": "27182"}
    _always_locked(monkeypatch, actions, "update_trajectories")
    answer = client.post(page + "trajectories/", form, headers={"HX-Request": "true"})
    assert answer.status_code == 409
    body = answer.content.decode()
    assert actions.BUSY in body and SOMEONE not in body
    assert _form(body)[f"{METRIC}__num__2018/19"] == "27182"
    assert _form(body)["lock_version"] == form["lock_version"]  # nobody saved: it still holds
    monkeypatch.undo()
    again = client.post(page + "trajectories/", _form(body), headers={"HX-Request": "true"})
    assert again.status_code == 200


def test_a_part_save_refused_as_busy_says_so(lead, monkeypatch):
    from ltpif.web.parts import views as part_views

    client = client_for(lead)
    url = URLS["workforce"].format(system=lead.system_id)
    form = form_of(client.get(url).content.decode())
    events = AuditEvent.objects.filter(plan=Plan.objects.get(system_id=lead.system_id)).count()
    _always_locked(monkeypatch, part_views.part_actions, "save_part")
    answer = client.post(url, form)
    assert answer.status_code == 409
    body = answer.content.decode()
    assert actions.BUSY in body and SOMEONE not in body and "someone else changed" not in body
    assert AuditEvent.objects.filter(plan__system_id=lead.system_id).count() == events
