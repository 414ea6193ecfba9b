"""Hostile requests against every page, form and API body: each is answered with a 4xx, no
traceback, nothing written (every table's row count compared before and after), and at a
bounded cost (processor time and memory measured around the request: processor time, not
wall-clock time, so that a busy machine does not fail a request that costs little)."""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from ltpif.web.planning.models import Plan
from tests.request_scene import (
    METRIC,
    PAGES,
    POST_ONLY,
    Scene,
    hostile_world_fixture,  # noqa: F401  (fixtures)
    scene_fixture,  # noqa: F401
)

SECONDS, MEGABYTES = 5, 500


def _rows() -> dict[str, int]:
    """Every table's row count, but sessions (signing in writes one)."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.label != "sessions.Session"
    }


def _send(call: Callable[[], object]):
    """The response to `call()`, checked for its cost."""
    tracemalloc.start()
    started = time.process_time()
    try:
        response = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.process_time() - started
    assert elapsed < SECONDS, f"took {elapsed:.1f} s of processor time"
    assert peak < MEGABYTES * 1024 * 1024, f"took {peak / 2**20:.0f} MB"
    return response


def _refused(response, status: int) -> None:
    assert response.status_code == status, response.content[:500]
    body = b"".join(response) if response.streaming else response.content
    assert b"Traceback" not in body and b"File &quot;" not in body


NOT_PAGES = {"sign-in", "sign-out"}  # Django's own views: they answer only their methods


def _names(patterns) -> set[str]:
    found: set[str] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "api":
                found |= _names(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            found.add(entry.name)
    return found


def test_every_page_is_in_the_corpus():
    assert _names(get_resolver().url_patterns) - NOT_PAGES == set(PAGES)


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_a_page_refuses_a_method_it_does_not_take(scene, method):
    client = scene.client("national")
    before = _rows()
    for name, template in PAGES.items():
        url = template.format(**scene.places())
        response = _send(lambda url=url: getattr(client, method)(url))
        assert response.status_code == 405, f"{method.upper()} {name}"
    assert _rows() == before


def test_a_form_target_refuses_a_get(scene):
    client = scene.client("national")
    for name in sorted(POST_ONLY):
        url = PAGES[name].format(**scene.places())
        response = _send(lambda url=url: client.get(url))
        assert response.status_code == 405, name


# Paths a browser never sends: NUL characters and ways out of the publication's folder.
BAD_PATHS = [
    ("/publish/{run}/files/index.html%00.txt", 404),
    ("/publish/{run}/files/%00", 404),
    ("/publish/{run}/files/../../../../etc/passwd", 404),
    ("/publish/{run}/files/%2e%2e/%2e%2e/%2e%2e/etc/passwd", 404),
    ("/publish/{run}/files/..%2f..%2f..%2fetc%2fpasswd", 404),
    ("/publish/{run}/files//etc/passwd", 404),
    ("/publish/{run}/files/%5c..%5c..%5cetc%5cpasswd", 404),
    ("/plans/%00/", 404),
    ("/plans/{system}%00/", 404),
    ("/monitoring/spc/{metric}%00/national/", 404),
    ("/rollup/ambitions/%00/", 404),
    ("/api/plans/%00", 404),
    ("/plans/{system}/?tab=%00", 400),
]


@pytest.mark.parametrize(("template", "status"), BAD_PATHS, ids=[p for p, _ in BAD_PATHS])
def test_a_bad_path_is_not_found(scene, template, status):
    client = scene.client("national")
    url = template.format(system=scene.system, run=scene.run, metric=METRIC)
    before = _rows()
    _refused(_send(lambda: client.get(url)), status)
    assert _rows() == before


NUL = "with a \x00 in it"
STRATEGY_ITEM = {
    "kind": "priority",
    "title": "Healthy homes",
    "source": "The joint health and wellbeing strategy",
    "dated-day": "27",
    "dated-month": "3",
    "dated-year": "2019",
}
# Each form with bad input: who posts it, its URL, its fields, the answer.
FORMS = [
    ("lead", "plan-narrative-save", {"field": "innovation", "text": NUL, "lock_version": "1"}, 400),
    ("lead", "plan-narrative-save", {"field": NUL, "text": "x", "lock_version": "1"}, 400),
    ("lead", "plan-narrative-save", {"field": "innovation", "text": "x", "lock_version": ""}, 400),
    ("lead", "plan-narrative-save", {"field": "innovation", "text": "x" * (6 * 2**20)}, 400),
    ("lead", "plan-commitment-details", {"lead_name": NUL, "lock_version": "1"}, 400),
    ("lead", "plan-trajectories", {"metric": "ae-4-hour-performance", "lock_version": "x"}, 400),
    ("lead", "plan-engagement-add", {"partner_name": NUL, "kind": "meeting"}, 400),
    ("lead", "plan-engagement-add", {}, 400),
    ("lead", "plan-maturity-save", {"evidence": NUL, "lock_version": "1"}, 400),
    ("partner", "plan-sign-off-add", {"partner": "../../etc", "status": "signed"}, 400),
    (
        "partner",
        "plan-sign-off-add",
        {"partner": "local-authority", "name": NUL, "status": "signed", "version": "1"},
        400,
    ),
    (
        "partner",
        "plan-sign-off-add",  # a version that is not the latest
        {"partner": "local-authority", "name": "A", "status": "signed", "version": "99"}
        | {"plan_sha256": "0" * 64},
        400,
    ),
    ("partner", "plan-sign-off-close", {"outcome": NUL, "note": "x"}, 400),
    ("partner", "plan-sign-off-close", {"outcome": "resolved", "note": "x" * 100}, 400),
    ("regional", "plan-maturity-moderate", {"year": NUL}, 400),
    ("lead", "plan-funding-apply", {"line": NUL, "amount__2020/21": "1e400"}, 400),
    ("national", "funding-envelope-set", {"amount__smoking-cessation-funding": NUL}, 400),
    ("regional", "funding-application", {"award": "NaN"}, 400),
    ("regional", "plan-maturity-moderate", {"year": "2019/20", "decision__x/../y": "agree"}, 400),
    ("lead", "plan-transition", {"reasons": NUL}, 400),
    ("lead", "what-if", {"system": NUL, "metric": METRIC}, 400),
    ("lead", "what-if", {"system": "E54999999", "metric": METRIC}, 403),
    ("lead", "plan-workbook", {}, 400),
    ("regional", "plan-review", {"area": "../../etc", "rag": "red"}, 403),  # no review open
    ("regional", "plan-review", {"area": NUL, "rag": "red"}, 400),
    ("national", "publish", {"pdf": NUL}, 400),
    ("national", "people-invite", {"email": NUL, "name": "A", "role": "observer"}, 400),
    (
        "national",
        "people-invite",
        {"email": "a@b.nhs.uk", "name": "A", "role": "observer", "organisation": "../../etc"},
        400,
    ),
    ("national", "invitation", {"password": NUL, "confirmation": NUL}, 400),
    ("national", "invitation", {"password": "a long good password"}, 400),  # not twice
    ("national", "invitation", {"password": "x" * 4096, "confirmation": "x" * 4096}, 400),
    ("lead", "notifications-email", {"by_email": NUL}, 400),
    ("lead", "notifications-email", {"by_email": "off" * 100_000}, 400),
    ("lead", "notifications-email", {}, 400),
    ("lead", "notifications-read", {"which": NUL}, 400),
    ("lead", "notifications-read", {"which": "-1"}, 400),
    ("lead", "notifications-read", {"which": "9" * 40}, 400),
    ("lead", "notifications-read", {"which": "999999999"}, 404),  # nobody's, or someone else's
    # the health and wellbeing partnership (issue 15 item 4): the scene's partner is a user of
    # a board of the footprint
    ("partner", "system-partnership", STRATEGY_ITEM | {"title": NUL}, 400),
    ("partner", "system-partnership", STRATEGY_ITEM | {"dated-year": "9" * 40}, 400),
    ("partner", "system-partnership", STRATEGY_ITEM | {"source": "x" * 100_000}, 400),
    ("partner", "system-partnership", STRATEGY_ITEM | {"kind": "../../etc"}, 400),
    ("partner", "system-partnership-item", STRATEGY_ITEM | {"dated-day": "-1"}, 400),
    ("lead", "system-partnership", STRATEGY_ITEM, 403),  # only a board's partner records
    (
        "lead",
        "plan-strategy-links",
        {"priority": NUL, "builds": "commitment:smoking-cessation"} | {"lock_version": "1"},
        400,
    ),
    (
        "lead",
        "plan-strategy-links",
        {"priority": "../../etc:x", "builds": "local:../x"} | {"lock_version": "1"},
        400,
    ),
    (
        "lead",
        "plan-strategy-links",
        {"priority": "E06000094:" + "x" * 100_000}
        | {"builds": "commitment:smoking-cessation", "lock_version": "1"},
        400,
    ),
    ("lead", "plan-strategy-links-remove", {"lock_version": "1"}, 400),  # the plan has no links
    (
        "partner",
        "plan-strategy-links",
        {"priority": "E06000094:healthy-homes"}
        | {"builds": "commitment:smoking-cessation", "lock_version": "1"},
        403,
    ),
    # an upload of actuals: no file, an unknown format, a NUL; others may not upload at all
    ("national", "monitoring-upload", {"format": "long"}, 400),
    ("national", "monitoring-upload", {"format": NUL}, 400),
    ("national", "monitoring-upload", {"format": "x" * 100_000}, 400),
    ("lead", "monitoring-upload", {"format": "long"}, 403),
]


@pytest.mark.parametrize(
    ("who", "name", "fields", "status"),
    FORMS,
    ids=[f"{n}-{i}" for i, (_, n, _, _) in enumerate(FORMS)],
)
def test_a_bad_form_is_refused_and_nothing_is_written(scene, who, name, fields, status):
    client = scene.client(who)
    url = PAGES[name].format(**scene.places())
    before = _rows()
    _refused(_send(lambda: client.post(url, fields)), status)
    assert _rows() == before


def test_a_form_in_the_wrong_content_type_is_refused(scene):
    client = scene.client("lead")
    url = PAGES["plan-narrative-save"].format(system=scene.system)
    before = _rows()
    for content_type, body in [
        ("application/json", json.dumps({"field": "innovation", "text": "x"})),
        ("text/plain", "field=innovation&text=x"),
        ("application/x-www-form-urlencoded", b"field=innovation&text=%ff%fe"),
        ("multipart/form-data; boundary=nothing", b"--else\r\n\r\n"),
    ]:
        response = _send(lambda ct=content_type, b=body: client.post(url, b, content_type=ct))
        _refused(response, 400)
    assert _rows() == before


def _api(scene: Scene) -> dict:
    import hashlib

    from ltpif.web.planning.models import ApiToken

    token = "hostile-api-token"
    ApiToken.objects.get_or_create(
        user=scene.people["lead"].user,
        sha256=hashlib.sha256(token.encode()).hexdigest(),
        defaults={"name": "hostile"},
    )
    return {"Authorization": f"Bearer {token}"}


def _document(scene: Scene, **changes) -> str:
    plan = Plan.objects.get(system_id=scene.system)
    return json.dumps({"lock_version": plan.lock_version, "document": {**plan.working, **changes}})


# API bodies: (method, path, content type, body (or a function of the scene), status).
API = [
    ("put", "/api/plans/{system}", "application/json", "{", 400),
    ("put", "/api/plans/{system}", "application/json", "", 422),
    ("put", "/api/plans/{system}", "application/json", "[1, 2]", 422),
    ("put", "/api/plans/{system}", "application/json", '{"lock_version": "x"}', 422),
    ("put", "/api/plans/{system}", "application/json", '{"lock_version": 1}', 422),
    ("put", "/api/plans/{system}", "text/plain", "lock_version=1", 400),
    ("put", "/api/plans/{system}", "application/x-www-form-urlencoded", "lock_version=1", 400),
    ("put", "/api/plans/{system}", "application/json", b"\xff\xfe{}", 400),
    ("put", "/api/plans/{system}", "application/json", '{"a": "\\u0000"}', 400),
    (
        "put",
        "/api/plans/{system}",
        "application/json",
        lambda s: _document(s, title="a \x00 title"),
        400,
    ),
    ("put", "/api/plans/{system}", "application/json", lambda s: _document(s, system="x"), 422),
    ("put", "/api/plans/{system}", "application/json", lambda s: _document(s, pack="x"), 422),
    (
        "put",
        "/api/plans/{system}",
        "application/json",
        lambda s: _document(s, title="x" * (6 * 2**20)),
        400,
    ),
    ("put", "/api/plans/{system}", "application/json", "[" * 100_000, 400),
    ("post", "/api/plans/{system}/actions/submit_draft", "application/json", "{", 400),
    ("post", "/api/plans/{system}/actions/submit_draft", "application/json", '{"reasons": 7}', 422),
    ("post", "/api/plans/{system}/actions/../../../etc", "application/json", "{}", 404),
    ("delete", "/api/plans/{system}", "application/json", "", 405),
    ("patch", "/api/plans/{system}", "application/json", "{}", 405),
    ("post", "/api/plans/{system}", "application/json", "{}", 405),
    ("put", "/api/systems", "application/json", "{}", 405),
]


@pytest.mark.parametrize(
    ("method", "path", "content_type", "body", "status"),
    API,
    ids=[f"{m}-{i}" for i, (m, *_) in enumerate(API)],
)
def test_a_bad_api_body_is_refused_and_nothing_is_written(
    scene, method, path, content_type, body, status
):
    client, headers = Client(), _api(scene)
    data = body(scene) if callable(body) else body
    url = path.format(system=scene.system)
    before = _rows()
    response = _send(
        lambda: getattr(client, method)(url, data, content_type=content_type, headers=headers)
    )
    _refused(response, status)
    assert _rows() == before
    assert Plan.objects.get(system_id=scene.system).status == "drafting"
