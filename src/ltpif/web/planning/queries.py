"""Rows → domain objects: the plan as a document, the actor behind a user, the pack."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404

from ltpif.assurance.engine import assure
from ltpif.assurance.report import AssuranceReport
from ltpif.framework.loader import load_pack
from ltpif.framework.pack import Pack
from ltpif.framework.typed import parse
from ltpif.plans.access import Actor, Target
from ltpif.plans.document import Plan as PlanDocument
from ltpif.plans.workflow import Role
from ltpif.web.planning.models import Membership, Plan, PlanVersion


def pack_of(plan: Plan) -> Pack:
    return load_pack(plan.pack)


# plan id → (its lock version and save time, the document): parsing a working copy takes
# milliseconds and the roll-up and the monitoring summary read all 42 after every save
_parsed: dict[int, tuple[tuple, PlanDocument]] = {}


def document(plan: Plan) -> PlanDocument:
    """The working copy as a plan document (it was valid when saved). Every write of a working
    copy bumps its lock version, so this process parses each version once (documents are
    immutable); a plan created afresh under a reused id has a new `updated_at`."""
    version = (plan.lock_version, plan.updated_at)
    kept = _parsed.get(plan.pk)
    if kept is not None and kept[0] == version:
        return kept[1]
    doc = parse(PlanDocument, plan.working)
    _parsed[plan.pk] = (version, doc)
    return doc


def saved(plan: Plan, doc: PlanDocument) -> None:
    """`doc` was written as the plan's working copy, and `plan` read back in the same committed
    transaction: this process keeps it as that version's document instead of parsing it again."""
    _parsed[plan.pk] = ((plan.lock_version, plan.updated_at), doc)


# plan id → (the document, pack and maturity level assured, the report): every plan page shows
# the working copy's assurance, and a save stores its summary, so each is assured once here
_assured: dict[int, tuple[PlanDocument, Pack, str | None, AssuranceReport]] = {}


def maturity_level(plan: Plan) -> str | None:
    """The system's moderated ICS maturity level this plan year: its freedoms apply."""
    from ltpif.web.maturity.queries import level_now  # the maturity app reads plans from here
    from ltpif.web.views.common import today

    return level_now(plan.system_id, pack_of(plan), today())


def assurance(plan: Plan, doc: PlanDocument | None = None) -> AssuranceReport:
    """The assurance of the plan's working copy, or of `doc`, an edit of it about to be saved,
    with the freedoms of the system's moderated maturity level (rules it need not answer).
    Kept for the very document object it was made from (documents are immutable, and each
    version of a working copy is parsed into an object of its own), the pack and the level."""
    doc = document(plan) if doc is None else doc
    pack = pack_of(plan)
    level = maturity_level(plan)
    kept = _assured.get(plan.pk)
    if kept is not None and kept[0] is doc and kept[1] is pack and kept[2] == level:
        return kept[3]
    report = assure(pack, doc, level=level)
    _assured[plan.pk] = (doc, pack, level, report)
    return report


def documents(rows: Iterable[Plan]) -> dict[int, PlanDocument]:
    """By plan id, the documents of plans read without their working copy: only the copies
    not parsed yet are fetched, in one query (a copy saved since `rows` were read comes newer)."""
    found, missing = {}, []
    for row in rows:
        kept = _parsed.get(row.pk)
        if kept is not None and kept[0] == (row.lock_version, row.updated_at):
            found[row.pk] = kept[1]
        else:
            missing.append(row.pk)
    fetched = Plan.objects.filter(pk__in=missing).only("lock_version", "updated_at", "working")
    return found | {plan.pk: document(plan) for plan in fetched}


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
