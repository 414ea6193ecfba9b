"""Home (my tasks and the deadlines), the region's dashboard, and the national one."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse

from ltpif.app.discretion import area_view, national_view
from ltpif.plans.access import Action, Target, can
from ltpif.plans.calendar import Due
from ltpif.plans.workflow import Role, Status
from ltpif.web.organisations.rounds import current_pack, current_plans
from ltpif.web.planning.models import Plan, PlanVersion, Region
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
    submitted: PlanVersion | None = None  # the latest submission (draft or final plan)

    @property
    def submitted_on(self) -> dt.date | None:
        return self.submitted.created_at.date() if self.submitted else None

    @property
    def days_late(self) -> int:
        """How late the plan is: its latest submission's days past the deadline it missed, or
        for a submission still owed, the days it is overdue; 0 when on time."""
        if self.due.overdue and self.due.days_left is not None:
            return -self.due.days_left
        version = self.submitted
        if version is not None and version.late_against is not None:
            return max((version.created_at.date() - version.late_against).days, 0)
        return 0


def rows(plans) -> list[Row]:
    """Each plan's status, the RAG of its working copy's assurance (stored at each save), what
    it owes next by when (the pack's deadlines, moved by any extension granted), and its
    latest submission."""
    listed = list(plans.defer("working"))
    extensions = extensions_of(listed)
    latest: dict[int, PlanVersion] = {}
    submissions = PlanVersion.objects.filter(
        plan_id__in=[p.pk for p in listed], kind__in=("draft", "final")
    ).defer("document")
    for version in submissions.order_by("number"):
        latest[version.plan_id] = version
    return [
        Row(
            p,
            Status(p.status),
            p.rag,
            p.errors,
            p.queries,
            due_of(p, extensions.get(p.pk, {})),
            latest.get(p.pk),
        )
        for p in listed
    ]


RAG_ORDER = {"red": 0, "amber": 1, "green": 2}
STATUS_ORDER = {s: i for i, s in enumerate(Status)}
FAR = dt.date.max
# the columns the list sorts by (`?sort=<key>`, `-<key>` for the reverse)
SORTS = {
    "system": ("System", lambda r: r.plan.system.name),
    "region": ("Region", lambda r: (r.plan.system.region.name, r.plan.system.name)),
    "status": ("Status", lambda r: STATUS_ORDER[r.status]),
    "rag": ("Assurance (final plan)", lambda r: RAG_ORDER.get(r.rag, 3)),
    "errors": ("Errors", lambda r: r.errors),
    "queries": ("Queries", lambda r: r.queries),
    "deadline": ("Next deadline", lambda r: r.due.date or FAR),
    "submitted": ("Submitted", lambda r: r.submitted_on or FAR),
    "late": ("Days late", lambda r: r.days_late),
}


def _sorted(request: HttpRequest, table: list[Row]) -> tuple[list[Row], list[dict]]:
    """The rows in the order `?sort=` asks (by system name otherwise; ties by system name),
    and each column's heading with the address that sorts by it (the reverse when it is the
    current order) and its aria-sort."""
    asked = request.GET.get("sort", "system")
    key = asked.removeprefix("-")
    if key not in SORTS:
        key, asked = "system", "system"
    descending = asked.startswith("-")
    ordered = sorted(table, key=lambda r: r.plan.system.name)
    ordered = sorted(ordered, key=SORTS[key][1], reverse=descending)
    others = {k: v for k, v in request.GET.items() if k != "sort"}
    columns = []
    for name, (label, _) in SORTS.items():
        current = name == key
        target = f"-{name}" if current and not descending else name
        columns.append(
            {
                "key": name,
                "label": label,
                "href": "?" + urlencode({**others, "sort": target}),
                "aria_sort": ("descending" if descending else "ascending") if current else None,
            }
        )
    return ordered, columns


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
    plans = current_plans().select_related("system__region", "round")
    if actor.role in (Role.SYSTEM_LEAD, Role.LA_PARTNER, Role.ICS_ASSURANCE):
        plans = plans.filter(system_id=actor.system)
    elif actor.role == Role.REGIONAL_LEAD:
        plans = plans.filter(system__region_id=actor.region)
    waiting = {
        Role.SYSTEM_LEAD: {Status.DRAFTING, Status.CHANGES_REQUESTED},
        Role.LA_PARTNER: {Status.DRAFTING, Status.CHANGES_REQUESTED, Status.DRAFT_SUBMITTED},
        Role.REGIONAL_LEAD: {Status.DRAFT_SUBMITTED, Status.FINAL_SUBMITTED, Status.IN_REVIEW},
        Role.NATIONAL: {Status.AGREED},
        Role.OBSERVER: set(),
        # the ICS's first-line assurance: a submitted plan before the region's review
        Role.ICS_ASSURANCE: {Status.DRAFT_SUBMITTED, Status.FINAL_SUBMITTED},
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
            "deadlines": _deadlines(current_pack()),
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
    plans = current_plans().select_related("system__region", "round").filter(system__region_id=code)
    table = rows(plans.order_by("system__name"))
    listed, columns = _sorted(request, _filtered(request, table))
    pack = current_pack()
    docs = documents(r.plan for r in table)
    region_plans = {r.plan.system_id: docs[r.plan.pk] for r in table}
    return page(
        request,
        "region.html",
        {
            "region": the_region,
            "rows": listed,
            "columns": columns,
            "all_rows": table,
            "statuses": list(Status),
            "filters": request.GET,
            "discretion": area_view(pack, region_plans),
        },
    )


@with_actor
def national(request: HttpRequest) -> HttpResponse:
    if not can(request.actor, Action.VIEW_NATIONAL, Target(None, None)):
        return forbidden(request, "The national dashboard is for the national team and observers.")
    table = rows(
        current_plans()
        .select_related("system__region", "round")
        .order_by("system__region__name", "system__name")
    )
    by_status = {s: sum(1 for r in table if r.status == s) for s in Status}
    late = Counter(r.plan.system.region.name for r in table if r.due.overdue)
    pack = current_pack()
    docs = documents(r.plan for r in table)
    plans = {r.plan.system_id: docs[r.plan.pk] for r in table}
    listed, columns = _sorted(request, _filtered(request, table))
    if "sort" not in request.GET:  # the national list reads by region unless sorted
        listed = _filtered(request, table)
    return page(
        request,
        "national.html",
        {
            "overdue": sum(late.values()),
            "overdue_by_region": sorted(late.items()),
            "rows": listed,
            "columns": columns,
            "by_status": by_status,
            "statuses": list(Status),
            "filters": request.GET,
            "regions": Region.objects.order_by("name"),
            "discretion": national_view(pack, plans),
        },
    )
