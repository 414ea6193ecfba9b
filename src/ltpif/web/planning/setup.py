"""Loading the pack's geography, plans and (for the demo) users into the database."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from ltpif.framework.pack import Pack
from ltpif.framework.typed import to_plain
from ltpif.plans.document import Plan as PlanDocument
from ltpif.plans.workflow import Role
from ltpif.web.organisations.rounds import round_of
from ltpif.web.planning.actions import freeze, readiness_fields
from ltpif.web.planning.models import AuditEvent, Membership, Plan, Region, System
from ltpif.web.planning.queries import saved

DEMO_DOMAIN = "demo.ltpif.invalid"


def load_geography(pack: Pack) -> None:
    for region in pack.geography.region:
        Region.objects.update_or_create(
            code=region.code, defaults={"ods": region.ods, "name": region.name}
        )
    for system in pack.geography.system:
        System.objects.update_or_create(
            code=system.code,
            defaults={"ods": system.ods, "name": system.name, "region_id": system.region},
        )


@transaction.atomic
def load_plan(
    pack: Pack, doc: PlanDocument, by=None, action: str = "load", summary: str = "Plan loaded"
) -> Plan:
    """The plan as its system's in the round of `pack`: its working copy and first version."""
    plan = Plan(
        system_id=pack.system_by_code[doc.system].code,
        round=round_of(pack)[0],
        working=to_plain(doc),
    )
    for field, value in readiness_fields(plan, doc).items():
        setattr(plan, field, value)
    plan.save()
    saved(plan, doc)  # its first version is frozen from `doc`, not from the JSON parsed again
    freeze(plan, "initial", by)
    AuditEvent.objects.create(
        plan=plan, actor=by, action=action, summary=summary, before=None, after={"version": 1}
    )
    return plan


def _user(username: str, hashed_password: str, role: Role, system=None, region=None):
    user = get_user_model().objects.create(
        username=username, password=hashed_password, email=f"{username}@{DEMO_DOMAIN}"
    )
    Membership.objects.create(user=user, role=role, system=system, region=region)
    return user


@transaction.atomic
def create_demo_users(pack: Pack, password: str) -> list[tuple[str, str, str]]:
    """A user for every role and scope: (username, role, what it covers)."""
    # The demo users share one password: hash it once (hashing is slow on purpose).
    password = make_password(password)
    made = [
        (_user("national", password, Role.NATIONAL).username, Role.NATIONAL.label, "all systems"),
        (
            _user("observer", password, Role.OBSERVER).username,
            Role.OBSERVER.label,
            "all, read-only",
        ),
    ]
    for region in Region.objects.order_by("name"):
        name = f"region-{region.ods.lower()}"
        _user(name, password, Role.REGIONAL_LEAD, region=region)
        made.append((name, Role.REGIONAL_LEAD.label, region.name))
    for system in System.objects.order_by("name"):
        for prefix, role in (("lead", Role.SYSTEM_LEAD), ("partner", Role.LA_PARTNER)):
            name = f"{prefix}-{system.ods.lower()}"
            _user(name, password, role, system=system)
            made.append((name, role.label, system.name))
    return made


def new_password() -> str:
    return secrets.token_urlsafe(12)
