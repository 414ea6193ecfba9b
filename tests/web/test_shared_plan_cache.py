"""Each plan version's document and assurance, made in one server worker and read back in
another (planning/shared.py): another worker is simulated by emptying this process's dicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db.models import F

from ltpif.framework.typed import parse
from ltpif.plans.document import Plan as PlanDocument
from ltpif.web.planning import actions, queries
from ltpif.web.planning.models import Membership, Plan
from ltpif.web.planning.queries import assurance, document, next_stage

SYSTEM_INDEX = 6  # any plan: this process forgets what it kept of it, and so does the cache


def _another_worker() -> None:
    for kept in (queries._parsed, queries._assured, queries._issued):
        kept.clear()


@pytest.fixture
def counted(monkeypatch) -> dict[str, int]:
    """How often this process parses a document and runs the checks from here on."""
    calls = {"parse": 0, "assure": 0}

    def counting(name, real):
        def call(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(queries, "parse", counting("parse", queries.parse))
    monkeypatch.setattr(queries, "assure", counting("assure", queries.assure))
    return calls


def _saved_plan(counted: dict[str, int]) -> Plan:
    """A plan just saved by its lead, and the page answering the save (its assurance for the
    stage the plan works towards), in "another worker"; read afresh, counted from here."""
    plan = Plan.objects.order_by("system_id")[SYSTEM_INDEX]
    lead = Membership.objects.get(role="system_lead", system_id=plan.system_id).user
    actions.update_narrative(
        plan=plan, field="innovation", text="Shared", lock_version=plan.lock_version, by=lead
    )
    assurance(plan, document(plan), next_stage(plan))
    _another_worker()
    counted.update(parse=0, assure=0)
    return Plan.objects.get(pk=plan.pk)


def test_what_the_saver_made_is_read_back_by_another_worker_as_a_fresh_one_makes_it(world, counted):
    plan = _saved_plan(counted)
    stage = next_stage(plan)
    doc, report = document(plan), assurance(plan, document(plan), stage)
    assert counted == {"parse": 0, "assure": 0}
    assert doc.narrative.innovation == "Shared"
    caches["plans"].clear()
    _another_worker()
    assert doc == document(plan) and report == assurance(plan, document(plan), stage)  # afresh
    assert counted == {"parse": 1, "assure": 1}


def test_a_new_version_or_another_input_is_made_afresh(world, counted, settings):
    plan = _saved_plan(counted)
    # a version written without this code (no shared entry): parsed and judged again
    Plan.objects.filter(pk=plan.pk).update(lock_version=F("lock_version") + 1)
    _another_worker()
    newer = Plan.objects.get(pk=plan.pk)
    assert document(newer) == parse(PlanDocument, newer.working)
    assurance(newer, document(newer), next_stage(newer))
    assert counted == {"parse": 1, "assure": 1}
    # the same version on another day of the calendar: judged again
    settings.LTPIF_TODAY = "2019-12-02"
    _another_worker()
    assurance(newer, document(newer), next_stage(newer))
    assert counted == {"parse": 1, "assure": 2}


def test_a_broken_entry_is_made_afresh(world, counted):
    plan = _saved_plan(counted)
    folder = Path(settings.CACHES["plans"]["LOCATION"])
    entries = list(folder.glob("*.djcache"))
    assert entries  # the saved version's document and its assurance among them
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:40])  # cut short mid-write
    assert document(plan) == parse(PlanDocument, Plan.objects.get(pk=plan.pk).working)
    assurance(plan, document(plan), next_stage(plan))
    assert counted == {"parse": 1, "assure": 1}


def test_the_folder_is_kept_within_its_size_by_culling_every_few_writes(tmp_path):
    from ltpif.web.planning.shared import CULL_EVERY, Uncompressed

    most = 2 * CULL_EVERY
    cache = Uncompressed(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": most, "CULL_FREQUENCY": 2}})
    for n in range(3 * CULL_EVERY):
        cache.set(f"entry-{n}", n)
        # Django culls (a half, here) when asked to write into a full folder; this cache asks
        # every CULL_EVERY writes, so the folder may hold that many more entries, never more
        assert len(list(tmp_path.glob("*.djcache"))) <= most + CULL_EVERY
    assert len(list(tmp_path.glob("*.djcache"))) < 3 * CULL_EVERY  # culled along the way
