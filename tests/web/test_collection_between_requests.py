"""A server's workers collect cyclic garbage after each response, not during requests
(`ltpif.web.collection`, switched on by `ltpif.web.wsgi`)."""

from __future__ import annotations

import gc
import itertools

import pytest
from django.core.signals import request_finished
from django.test import Client

from ltpif.web import collection


# the n-th response served → the generation collected after it, worked out from the rule:
# all generations every 100th, the middle one every 10th, the youngest otherwise
@pytest.mark.parametrize(
    ("served", "generation"),
    [(1, 0), (9, 0), (10, 1), (11, 0), (90, 1), (99, 0), (100, 2), (110, 1), (200, 2)],
)
def test_the_generation_collected_after_each_response(served, generation):
    assert collection.generation_after(served) == generation


@pytest.fixture
def between_requests(monkeypatch):
    monkeypatch.setattr(collection, "_served", itertools.count(1))
    thresholds = gc.get_threshold()
    collection.between_requests()
    yield
    request_finished.disconnect(dispatch_uid="ltpif-collect-between-requests")
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.django_db
def test_a_response_is_followed_by_a_young_collection_and_none_runs_by_itself(between_requests):
    assert gc.get_threshold() == (100_000, 50, 100)
    before = [g["collections"] for g in gc.get_stats()]
    assert Client().get("/sign-in/").status_code == 200
    after = [g["collections"] for g in gc.get_stats()]
    assert [a - b for a, b in zip(after, before, strict=True)] == [1, 0, 0]
    assert next(collection._served) == 2  # one response counted
