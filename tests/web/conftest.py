"""The web tests' world: the pack's geography, the 42 demo plans and a user for every role,
loaded once per test session into the test database."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.planning.models import ApiToken, Membership, Plan
from tests.packs import NEXT_PACK

PASSWORD = "demo-password-for-tests"
OK, FORBIDDEN, SIGN_IN = 200, 403, 302


def load_world() -> None:
    from ltpif.demo.plans import demo_plans
    from ltpif.web.actuals.demo import load_demo_actuals
    from ltpif.web.planning.setup import create_demo_users, load_geography, load_plan

    pack = load_pack()
    load_geography(pack)
    plans = {system.code: doc for system, _, doc in demo_plans(pack)}
    for doc in plans.values():
        load_plan(pack, doc)
    create_demo_users(pack, PASSWORD)
    load_demo_actuals(pack, plans)  # the synthetic monthly actuals, as `ltpif demo` loads


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if not Plan.objects.exists():  # the hostile suite, run first, may have loaded it
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


def api_headers(member: Membership) -> dict:
    """The Authorization header of an API token of the member's (made on first use)."""
    token = f"api-token-{member.user.username}"
    ApiToken.objects.get_or_create(
        user=member.user, sha256=hashlib.sha256(token.encode()).hexdigest(), defaults={"name": "t"}
    )
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def lead(world):
    """The system lead of the first demo system whose plan has no deliberate failing."""
    compliant = sorted(
        code for code, failings in demo_assignments(load_pack()).items() if not failings
    )
    return Membership.objects.select_related("system").get(
        role="system_lead", system_id=compliant[0]
    )


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)  # signing in through the form: test_sign_in.py
    return client


@pytest.fixture
def scene(world):
    """A system lead's own system, a system of another region, and someone in every role
    (the own system's partner and regional lead)."""
    lead = (
        Membership.objects.filter(role="system_lead")
        .select_related("system")
        .order_by("system__code")
        .first()
    )
    own = lead.system
    other = Plan.objects.exclude(system__region=own.region).select_related("system").first().system
    members = {
        "lead": lead,
        "partner": Membership.objects.get(role="la_partner", system=own),
        "regional": Membership.objects.get(role="regional_lead", region=own.region),
        "national": Membership.objects.get(role="national"),
        "observer": Membership.objects.get(role="observer"),
    }
    return own, other, members


def check_page_for_both(scene, who: str, template: str, expected: tuple[int, int]) -> None:
    """GET the page for the scene's own and other system (or region) as `who` ("anonymous"
    for nobody signed in); each answers with its expected status."""
    own, other, members = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    for target, status in zip((own, other), expected, strict=True):
        url = template.format(system=target.code, region=target.region_id)
        response = client.get(url)
        if response.streaming:  # a file download holds its file open until read to the end;
            b"".join(response.streaming_content)  # response.close() would close the database
        assert response.status_code == status, f"{who} GET {url}"
        if status == SIGN_IN:
            assert response["Location"].startswith("/sign-in/")


def open_next_round(*systems):
    """A round of the next pack made current by hand, holding each named system's plan carried
    forward from the world's round (the web's way, with its report: test_next_round.py)."""
    from django.utils import timezone

    from ltpif.plans.carry_forward import carry_forward
    from ltpif.web.organisations.rounds import round_of
    from ltpif.web.planning.queries import document
    from ltpif.web.planning.setup import load_plan

    old, new = load_pack(), load_pack(NEXT_PACK)
    later, _ = round_of(new)
    for system in systems:
        plan = Plan.objects.get(system=system, round__pack=old.id)
        load_plan(new, carry_forward(document(plan), old, new).plan)
    later.current_since = timezone.now()
    later.save(update_fields=["current_since"])
    return later


def date_boxes(name: str, iso: str) -> dict[str, str]:
    """A date as the NHS date input posts it: `name-day`, `name-month`, `name-year`
    ("2019-09-05" → 5, 9, 2019); text that is not an ISO date goes in the day box alone."""
    year, _, rest = iso.partition("-")
    month, _, day = rest.partition("-")
    if not (year.isdigit() and month.isdigit() and day.isdigit()):
        return {f"{name}-day": iso, f"{name}-month": "", f"{name}-year": ""}
    return {f"{name}-day": str(int(day)), f"{name}-month": str(int(month)), f"{name}-year": year}
