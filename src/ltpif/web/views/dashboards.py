"""Home (my tasks and the deadlines), the region's dashboard, and the national one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from ltpif.app.discretion import national_view
from ltpif.framework.loader import load_pack
from ltpif.plans.access import Action, Target, can
from ltpif.plans.calendar import Due
from ltpif.plans.workflow import Role, Status
from ltpif.web.organisations.rounds import current_plans
from ltpif.web.planning.models import Plan, Region
from ltpif.web.planning.queries import documents, due_of, extensions_of
from ltpif.web.views.common import forbidden, page, today, with_actor


@dataclass(frozen=True)
class Row:
    plan: Plan
    status: Status
    rag: str
    errors: int
    queries: int
    due: Due


def rows(plans) -> list[Row]:
    """Each plan's status, the RAG of its working copy's assurance (stored at each save), and
    what it owes next by when (the pack's deadlines, moved by any extension granted)."""
    listed = list(plans.defer("working"))
    extensions = extensions_of(listed)
    return [
        Row(p, Status(p.status), p.rag, p.errors, p.queries, due_of(p, extensions.get(p.pk, {})))
        for p in listed
    ]


def _filtered(request: HttpRequest, table: list[Row]) -> list[Row]:
    status, rag = request.GET.get("status", ""), request.GET.get("rag", "")
    overdue = request.GET.get("overdue", "") == "yes"
    return [
        r
        for r in table
        if (not status or r.status == status)
        and (not rag or r.rag == rag)
        and (not overdue or r.due.overdue)
    ]


def _deadlines(pack) -> list[dict]:
    now = today()
    return [
        {"deadline": d, "days": (d.date - now).days, "late": d.date < now}
        for d in sorted(pack.calendar.deadline, key=lambda d: d.date)
    ]


@with_actor
def home(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    plans = current_plans().select_related("system__region")
    if actor.role in (Role.SYSTEM_LEAD, Role.LA_PARTNER):
        plans = plans.filter(system_id=actor.system)
    elif actor.role == Role.REGIONAL_LEAD:
        plans = plans.filter(system__region_id=actor.region)
    waiting = {
        Role.SYSTEM_LEAD: {Status.DRAFTING, Status.CHANGES_REQUESTED},
        Role.LA_PARTNER: {Status.DRAFTING, Status.CHANGES_REQUESTED, Status.DRAFT_SUBMITTED},
        Role.REGIONAL_LEAD: {Status.DRAFT_SUBMITTED, Status.FINAL_SUBMITTED, Status.IN_REVIEW},
        Role.NATIONAL: {Status.AGREED},
        Role.OBSERVER: set(),
    }[actor.role]
    tasks = [p for p in plans if Status(p.status) in waiting]
    extensions = extensions_of(tasks)
    return page(
        request,
        "home.html",
        {
            "tasks": tasks,
            "dues": {p.pk: due_of(p, extensions.get(p.pk, {})) for p in tasks},
            "plan_count": plans.count(),
            "deadlines": _deadlines(load_pack()),
        },
    )


@with_actor
def region(request: HttpRequest, code: str) -> HttpResponse:
    if not can(request.actor, Action.VIEW_REGION, Target(None, code)):
        return forbidden(
            request, "This region's dashboard is for its assurance team and the national team."
        )
    the_region = Region.objects.filter(code=code).first()
    if the_region is None:
        return page(
            request, "error.html", {"title": "Page not found", "message": "No such region."}, 404
        )
    plans = current_plans().select_related("system__region").filter(system__region_id=code)
    table = rows(plans.order_by("system__name"))
    return page(
        request,
        "region.html",
        {
            "region": the_region,
            "rows": _filtered(request, table),
            "all_rows": table,
            "statuses": list(Status),
            "filters": request.GET,
        },
    )


@with_actor
def national(request: HttpRequest) -> HttpResponse:
    if not can(request.actor, Action.VIEW_NATIONAL, Target(None, None)):
        return forbidden(request, "The national dashboard is for the national team and observers.")
    table = rows(
        current_plans()
        .select_related("system__region")
        .order_by("system__region__name", "system__name")
    )
    by_status = {s: sum(1 for r in table if r.status == s) for s in Status}
    late = Counter(r.plan.system.region.name for r in table if r.due.overdue)
    pack = load_pack()
    docs = documents(r.plan for r in table)
    plans = {r.plan.system_id: docs[r.plan.pk] for r in table if r.plan.pack == pack.id}
    return page(
        request,
        "national.html",
        {
            "overdue": sum(late.values()),
            "overdue_by_region": sorted(late.items()),
            "rows": _filtered(request, table),
            "by_status": by_status,
            "statuses": list(Status),
            "filters": request.GET,
            "regions": Region.objects.order_by("name"),
            "discretion": national_view(pack, plans),
        },
    )
