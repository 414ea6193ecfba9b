"""Rows → domain objects: the plan as a document, the actor behind a user, the pack."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404

from ltpif.framework.loader import load_pack
from ltpif.framework.pack import Pack
from ltpif.framework.typed import parse
from ltpif.plans.access import Actor, Target
from ltpif.plans.document import Plan as PlanDocument
from ltpif.plans.workflow import Role
from ltpif.web.planning.models import Membership, Plan, PlanVersion


def pack_of(plan: Plan) -> Pack:
    return load_pack(plan.pack)


def document(plan: Plan) -> PlanDocument:
    """The working copy as a plan document (it was valid when saved)."""
    return parse(PlanDocument, plan.working)


def version_document(version: PlanVersion) -> PlanDocument:
    return parse(PlanDocument, version.document)


def actor_of(user: AbstractBaseUser) -> Actor | None:
    """The role a signed-in user acts in; None when they have none."""
    membership = Membership.objects.filter(user=user).first()
    if membership is None:
        return None
    return Actor(Role(membership.role), membership.system_id, membership.region_id)


def target_of(plan: Plan) -> Target:
    return Target(plan.system_id, plan.system.region_id)


def plan_for(system_code: str) -> Plan:
    try:
        return Plan.objects.select_related("system__region").get(system_id=system_code)
    except Plan.DoesNotExist:
        raise Http404(f"no plan for system {system_code}") from None
