"""The web tests' world: the pack's geography, the 42 demo plans and a user for every role,
loaded once per test session into the test database."""

from __future__ import annotations

import pytest
from django.test import Client

from ltpif.framework.loader import load_pack
from ltpif.web.planning.models import Membership, Plan

PASSWORD = "demo-password-for-tests"


def load_world() -> None:
    from ltpif.demo.plans import demo_plans
    from ltpif.web.planning.setup import create_demo_users, load_geography, load_plan

    pack = load_pack()
    load_geography(pack)
    for _, _, doc in demo_plans(pack):
        load_plan(pack, doc)
    create_demo_users(pack, PASSWORD)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_world()


@pytest.fixture
def world(db):
    """The loaded world (reloaded if a transactional test flushed it)."""
    if not Plan.objects.exists():
        load_world()


def user_of(role: str, index: int = 0) -> Membership:
    return (
        Membership.objects.select_related("user", "system", "region")
        .filter(role=role)
        .order_by("user__username")[index]
    )


def client_for(membership: Membership) -> Client:
    client = Client()
    assert client.login(username=membership.user.username, password=PASSWORD)
    return client
