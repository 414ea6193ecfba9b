"""What a request reads once (`read_once`), and what a process keeps of a plan's version (its
task list and findings table, beside its document and assurance): never shown stale when
another process saves the plan."""

from __future__ import annotations

import dataclasses
import re

from django.db.models import F

from ltpif.framework.typed import to_plain
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import document
from ltpif.web.planning.read_once import once, read_once
from tests.web.conftest import client_for, user_of


def test_a_fact_is_read_once_within_the_scope_and_every_time_outside_it():
    reads: list[str] = []

    def read(key: str):
        return once(key, lambda: reads.append(key) or len(reads))

    assert (read("a"), read("a")) == (1, 2)  # no scope: each time
    with read_once({"known": "given"}):
        assert (read("a"), read("a"), read("b")) == (3, 3, 4)
        assert once("known", lambda: "read") == "given"
    assert read("a") == 5  # the scope's facts went with it
    assert reads == ["a", "a", "a", "b", "a"]


def _statuses(html: str) -> dict[str, str]:
    """Each area task's status on the overview."""
    return dict(re.findall(r'data-task="(area-[^"]+)" data-status="([^"]+)"', html))


def test_the_plan_page_shows_the_version_another_process_saved(world):
    lead = user_of("system_lead")
    client = client_for(lead)
    page = f"/plans/{lead.system_id}/"
    before = client.get(page).content.decode()
    assert set(_statuses(before).values()) != {"not started"}
    plan = Plan.objects.get(system_id=lead.system_id)
    # another process saves the plan with no commitments: nothing this one kept may be shown
    emptied = dataclasses.replace(document(plan), commitments=[])
    Plan.objects.filter(pk=plan.pk).update(
        working=to_plain(emptied), lock_version=F("lock_version") + 1
    )
    after = client.get(page).content.decode()
    assert set(_statuses(after).values()) == {"not started"}
    assert after.count('data-testid="finding-place"') > before.count('data-testid="finding-place"')
