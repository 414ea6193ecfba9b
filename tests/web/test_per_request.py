"""What a request asks once (`per_request`), and what a process keeps of a plan's version (its
task list and findings table, beside its document and assurance): never shown stale when
another process saves the plan."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.core.signals import request_finished
from django.db.models import F
from django.http import HttpResponse

from ltpif.framework.typed import to_plain
from ltpif.web.organisations.models import Round
from ltpif.web.per_request import AskedOncePerRequest, after_response, once, reading
from ltpif.web.planning.models import Membership, Plan
from ltpif.web.planning.queries import document
from tests.web.conftest import client_for, user_of


def _counter():
    reads: list[str] = []

    def read(key: str, through_writes: bool = False):
        return once(key, lambda: reads.append(key) or len(reads), through_writes=through_writes)

    return reads, read


def test_a_fact_is_read_once_within_the_scope_and_every_time_outside_it():
    reads, read = _counter()
    assert (read("a"), read("a")) == (1, 2)  # no request, no scope: each time
    with reading({"known": "given"}):
        assert (read("a"), read("a"), read("b")) == (3, 3, 4)
        assert once("known", lambda: "read") == "given"
    assert read("a") == 5  # the scope's facts went with it
    assert reads == ["a", "a", "a", "b", "a"]


class _Request:
    def __init__(self, method: str) -> None:
        self.method = method


def _in_request(method: str, body) -> list:
    """`body()`'s answer, run as the view of a request by `method` behind the middleware."""
    return AskedOncePerRequest(lambda request: body())(_Request(method))


def test_a_read_keeps_every_fact_and_a_write_only_those_it_cannot_change_unseen():
    read = _counter()[1]
    answer = _in_request("GET", lambda: [read("a"), read("a"), read("r", True), read("r", True)])
    assert answer == [1, 1, 2, 2]
    # a write keeps only what a save it makes clears (`through_writes`), unless it says it reads
    answer = _in_request("POST", lambda: [read("a"), read("a"), read("r", True), read("r", True)])
    assert answer == [3, 4, 5, 5]

    def says_it_reads():
        with reading():
            return [read("a"), read("a")]

    assert _in_request("POST", lambda: [*says_it_reads(), read("a")]) == [6, 6, 7]


@pytest.mark.django_db  # closing an answer lets Django see to its database connections
def test_work_after_the_response_waits_until_the_server_closes_the_answer():
    done: list[str] = []
    after_response(lambda: done.append("outside"))  # no request: at once
    assert done == ["outside"]

    def view():
        after_response(lambda: done.append("first"))
        after_response(lambda: done.append("second"))
        assert done == ["outside"]  # not while the answer is being made
        return HttpResponse("answer")

    answer = _in_request("POST", view)
    assert done == ["outside"]  # nor when it leaves the middleware: the server sends it first
    answer.close()  # the server closes it after its last byte (it sends request_finished)
    assert done == ["outside", "first", "second"]
    request_finished.send(sender=None)  # each work is done once
    assert done == ["outside", "first", "second"]


@pytest.mark.django_db
def test_a_rounds_save_clears_what_the_request_kept():
    read = _counter()[1]

    def body():
        first = read("r", True)
        Round.objects.create(pack="p", pack_version="1")
        return [first, read("r", True)]

    assert _in_request("POST", body) == [1, 2]


def test_a_revoked_membership_counts_at_the_next_request(world):
    lead = user_of("system_lead")
    client = client_for(lead)
    assert client.get(f"/plans/{lead.system_id}/").status_code == 200
    Membership.objects.filter(pk=lead.pk).delete()
    assert client.get(f"/plans/{lead.system_id}/").status_code == 403


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
