"""Rounds side by side (issue 12 item 3): a plan belongs to one round, every page says which
round it is in, and the plans of an earlier round stay readable, unchanged, and read-only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from ltpif.web.organisations.rounds import current_round
from ltpif.web.planning.models import Plan, PlanVersion
from tests.web.conftest import (
    FORBIDDEN,
    OK,
    SIGN_IN,
    check_page_for_both,
    client_for,
    open_next_round,
)

REPO = Path(__file__).resolve().parents[2]
FIRST = 'Round: <a href="/rounds/"><strong>ltpif-2019 2019.1</strong></a>'
NEXT = 'Round: <a href="/rounds/"><strong>ltpif-2020 2020.1</strong></a>'


def _hashes() -> list[tuple]:
    return list(
        PlanVersion.objects.filter(plan__round__pack_version="2019.1")
        .order_by("pk")
        .values_list("pk", "plan_id", "number", "sha256")
    )


# --- the migration ---------------------------------------------------------------------


def _private_postgres_url() -> str | None:
    """On PostgreSQL (as CI runs the web tests), a database of this test's own, made empty."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    parts = urlsplit(url)
    name = "ltpif_rounds_migration"
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return parts._replace(path=f"/{name}").geturl()


def test_the_migration_puts_every_existing_plan_in_the_round_of_its_pack_version(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO)])
    private = _private_postgres_url()
    if private:
        env["DATABASE_URL"] = private
    done = subprocess.run(
        [sys.executable, str(REPO / "tests" / "web" / "migrate_rounds.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.splitlines()[-1])
    # the round `round open` had opened is reused, calendar and all; the older version's is
    # opened by the migration (its calendar unknown there); every plan's data as it was
    assert found["rounds"] == [
        [1, "ltpif-2019", "2019.1", [{"id": "draft"}]],
        [2, "ltpif-2019", "2018.9", []],
    ]
    assert found["plans"] == [
        ["S1", "ltpif-2019", "2019.1", "agreed", {"system": "S1", "version": "2019.1"}],
        ["S2", "ltpif-2019", "2019.1", "drafting", {"system": "S2", "version": "2019.1"}],
        ["S3", "ltpif-2019", "2018.9", "published", {"system": "S3", "version": "2018.9"}],
    ]


# --- one round ---------------------------------------------------------------------------


def test_the_world_is_one_round_and_every_page_names_it(scene):
    own, _, members = scene
    assert (current_round().pack, current_round().pack_version) == ("ltpif-2019", "2019.1")
    assert Plan.objects.exclude(round=current_round()).count() == 0
    for who, url in (
        ("lead", f"/plans/{own.code}/"),
        ("lead", "/"),
        ("regional", f"/regions/{own.region_id}/"),
        ("national", "/national/"),
        ("national", "/rounds/"),
        ("observer", "/monitoring/"),
    ):
        response = client_for(members[who]).get(url)
        assert response.status_code == 200, url
        assert FIRST in response.content.decode(), url


def test_a_system_has_one_plan_per_round(scene):
    from django.db import IntegrityError, transaction

    own, _, _ = scene
    old = Plan.objects.get(system=own)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(system=own, round=old.round, working={})


# --- two rounds side by side ---------------------------------------------------------


def test_pages_work_on_the_current_round_and_the_earlier_one_is_read_only(scene, next_pack):
    own, other, members = scene
    first = current_round()
    before = _hashes()
    old_plan = Plan.objects.get(system=own, round=first)
    old_status, old_lock = old_plan.status, old_plan.lock_version
    later = open_next_round(own)
    assert current_round() == later
    lead = client_for(members["lead"])

    # the live pages find the plan of the current round, and say which round it is
    overview = lead.get(f"/plans/{own.code}/")
    assert overview.status_code == 200
    assert NEXT in overview.content.decode()
    # a system with no plan in the current round has no live plan page
    assert client_for(members["national"]).get(f"/plans/{other.code}/").status_code == 404
    # the national dashboard lists the current round's one plan
    national = client_for(members["national"]).get("/national/").content.decode()
    assert f'data-system="{own.code}"' in national
    assert f'data-system="{other.code}"' not in national

    # the earlier plan is readable at its round's address, read-only, with its hashes
    page = lead.get(f"/rounds/{first.pk}/plans/{own.code}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="read-only"' in text
    assert (
        'Round: <a href="/rounds/"><strong>ltpif-2019 2019.1</strong></a> · an earlier round'
        in text
    )
    for _, plan_id, _, sha in before:
        if plan_id == old_plan.pk:
            assert sha in text
    assert "<form" not in text.split('id="maincontent"')[1]  # nothing to submit but sign-out
    # editing goes to the current round's plan: a save never reaches the earlier one
    saved = lead.post(
        f"/plans/{own.code}/narrative/save/",
        {"field": "prevention", "text": "A new round's words.", "lock_version": "1"},
    )
    assert saved.status_code == 302
    old_plan.refresh_from_db()
    assert (old_plan.status, old_plan.lock_version) == (old_status, old_lock)
    assert _hashes() == before
    assert "A new round" in json.dumps(Plan.objects.get(round=later, system=own).working)

    # the list of rounds: newest first, the current one marked
    listing = lead.get("/rounds/").content.decode()
    assert listing.index(f'data-round="{later.pk}"') < listing.index(f'data-round="{first.pk}"')
    # the current round's plan at the round address links to its live pages
    current = lead.get(f"/rounds/{later.pk}/plans/{own.code}/").content.decode()
    assert 'data-testid="current"' in current and 'data-testid="read-only"' not in current
    assert f'href="/plans/{own.code}/"' in current


def test_an_unknown_round_or_plan_is_not_found(scene):
    own, _, members = scene
    national = client_for(members["national"])
    assert national.get("/rounds/999999/").status_code == 404
    assert national.get(f"/rounds/999999/plans/{own.code}/").status_code == 404
    assert national.get(f"/rounds/{current_round().pk}/plans/E54999999/").status_code == 404


# --- permissions -----------------------------------------------------------------------

URLS = {
    "rounds": "/rounds/",
    "round-plans": "/rounds/{round}/",
    "round-plan": "/rounds/{round}/plans/{system}/",
}
ALL_OK = (OK, OK)
# who: {page: (own system, other system)}; the round is an earlier one (a later round opened)
EXPECTED = {
    "lead": {"rounds": ALL_OK, "round-plans": ALL_OK, "round-plan": (OK, FORBIDDEN)},
    "partner": {"rounds": ALL_OK, "round-plans": ALL_OK, "round-plan": (OK, FORBIDDEN)},
    "regional": {"rounds": ALL_OK, "round-plans": ALL_OK, "round-plan": (OK, FORBIDDEN)},
    "national": {"rounds": ALL_OK, "round-plans": ALL_OK, "round-plan": ALL_OK},
    "observer": {"rounds": ALL_OK, "round-plans": ALL_OK, "round-plan": ALL_OK},
    "anonymous": dict.fromkeys(URLS, (SIGN_IN, SIGN_IN)),
}
CASES = [(who, name) for who in EXPECTED for name in URLS]


@pytest.mark.parametrize(("who", "name"), CASES, ids=[f"{w}-{n}" for w, n in CASES])
def test_who_reads_an_earlier_round(scene, who, name, next_pack):
    own, _, _ = scene
    first = current_round()
    open_next_round(own)
    url = URLS[name].replace("{round}", str(first.pk))
    check_page_for_both(scene, who, url, EXPECTED[who][name])


def test_a_round_lists_only_the_plans_the_reader_may_see(scene):
    own, other, members = scene
    first = current_round()
    text = client_for(members["lead"]).get(f"/rounds/{first.pk}/").content.decode()
    assert f'data-system="{own.code}"' in text
    assert f'data-system="{other.code}"' not in text
    everyone = client_for(members["observer"]).get(f"/rounds/{first.pk}/").content.decode()
    assert everyone.count("data-system=") == 42
