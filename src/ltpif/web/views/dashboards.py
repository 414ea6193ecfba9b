"""Home (my tasks and the deadlines), the region's dashboard, and the national one."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from markupsafe import Markup

from ltpif.app.discretion import area_view, national_view
from ltpif.framework.kept import Latest
from ltpif.framework.pack import Pack
from ltpif.plans.access import Action, Target, can
from ltpif.plans.calendar import Due, due
from ltpif.plans.workflow import Role, Status
from ltpif.web.compiled import compiled
from ltpif.web.organisations.rounds import current_pack, current_plans, current_round
from ltpif.web.planning.models import DeadlineExtension, Plan, PlanVersion
from ltpif.web.planning.queries import documents, due_of, extensions_by_id, extensions_of
from ltpif.web.planning.regions import by_name as regions_by_name
from ltpif.web.planning.regions import region_of
from ltpif.web.views.common import forbidden, page, today, with_actor


@dataclass(frozen=True)
class Submitted:
    """A plan's latest submission (draft or final plan) as the dashboards show it."""

    on: dt.date
    kind: str  # its label ("Draft submission")
    late_against: dt.date | None  # the deadline it missed, if it was late


@dataclass(frozen=True)
class Row:
    """One plan of a dashboard's list: what its row shows (compared: a row is drawn again only
    when that changes), and the version of its working copy (`documents` reads each plan's
    parsed copy by these; not compared: a save that changes nothing shown keeps the row)."""

    pk: int
    system_id: str
    system_name: str
    region_name: str
    status: Status
    rag: str
    errors: int
    queries: int
    due: Due
    submitted: Submitted | None
    lock_version: int = field(compare=False)
    updated_at: dt.datetime = field(compare=False)

    @property
    def submitted_on(self) -> dt.date | None:
        return self.submitted.on if self.submitted else None

    @property
    def days_late(self) -> int:
        """How late the plan is: its latest submission's days past the deadline it missed, or
        for a submission still owed, the days it is overdue; 0 when on time."""
        if self.due.overdue and self.due.days_left is not None:
            return -self.due.days_left
        version = self.submitted
        if version is not None and version.late_against is not None:
            return max((version.on - version.late_against).days, 0)
        return 0


PLAN_FIELDS = ("pk", "system_id", "system__name", "system__region__name", "status")
PLAN_FIELDS += ("reviewing_final", "rag", "errors", "queries", "lock_version", "updated_at")
KIND_LABELS = dict(PlanVersion.KINDS)
SUBMISSIONS = ("draft", "final")

# each list's plans' extensions and latest submissions, kept while no plan of it has a newer
# extension or submission (both are appended, never changed: the latest id of each says all)
_granted: Latest[tuple[dict[int, dict], dict[int, Submitted]]] = Latest(16)


def _granted_and_submitted(
    ids: list[int],
) -> tuple[dict[int, dict], dict[int, Submitted]]:
    latest: dict[int, Submitted] = {}
    submissions = PlanVersion.objects.filter(plan_id__in=ids, kind__in=SUBMISSIONS)
    for plan, kind, created_at, late_against in submissions.order_by("number").values_list(
        "plan_id", "kind", "created_at", "late_against"
    ):
        latest[plan] = Submitted(created_at.date(), KIND_LABELS[kind], late_against)
    return extensions_by_id(ids), latest


@compiled  # the dashboards ask it after every save
def _listed(the_round: int | None, region: str | None) -> QuerySet:
    """The round's plans (`current_plans`, the round known), or the region's, by system name
    (England's by region first), each with its latest extension and submission ids."""
    plans = Plan.objects.filter(round=the_round)
    if region is not None:
        plans = plans.filter(system__region_id=region).order_by("system__name")
    else:
        plans = plans.order_by("system__region__name", "system__name")
    last_extension = DeadlineExtension.objects.filter(plan=OuterRef("pk")).order_by("-id")
    last_submission = PlanVersion.objects.filter(plan=OuterRef("pk"), kind__in=SUBMISSIONS)
    return plans.annotate(
        last_extension=Subquery(last_extension.values("id")[:1]),
        last_submission=Subquery(last_submission.order_by("-id").values("id")[:1]),
    ).values_list(*PLAN_FIELDS, "last_extension", "last_submission")


def rows(region: str | None, pack: Pack) -> list[Row]:
    """Each of the current round's plans (England's, or the `region`'s; `pack` is theirs):
    its status, the RAG of its working copy's assurance (stored at each save), what it owes
    next by when (the pack's deadlines, moved by any extension granted), and its latest
    submission. Read as plain values in one query, with each plan's latest extension and
    submission ids; the extensions and submissions themselves (two more) only when those
    changed since this process last read the list's."""
    the_round = current_round()  # the request's: asked once, with the user
    listed = _listed(the_round.pk if the_round is not None else None, region)
    slot = region or ""
    ids = [found[0] for found in listed]
    stamp = tuple((found[0], found[-2], found[-1]) for found in listed)
    extensions, latest = _granted.get(slot, stamp, lambda: _granted_and_submitted(ids))
    now, deadlines = today(), pack.stage_deadlines
    return [
        Row(
            pk,
            system,
            name,
            region,
            Status(status),
            rag,
            errors,
            queries,
            due(now, Status(status), final, deadlines, extensions.get(pk, {})),
            latest.get(pk),
            lock,
            at,
        )
        for pk, system, name, region, status, final, rag, errors, queries, lock, at, _, _ in listed
    ]


# each system's rendered <tr>: a list of 42 rows of which a save changes one at most
_row_html: Latest[Markup] = Latest(512)


def row_html(table: Iterable[Row]) -> dict[str, Markup]:
    """Each row's <tr> in the plans table (_plan_row.html), by system."""
    return {
        row.system_id: _row_html.get(
            row.system_id,
            row,
            lambda row=row: Markup(render_to_string("_plan_row.html", {"row": row})),
        )
        for row in table
    }


RAG_ORDER = {"red": 0, "amber": 1, "green": 2}
STATUS_ORDER = {s: i for i, s in enumerate(Status)}
FAR = dt.date.max
# the columns the list sorts by (`?sort=<key>`, `-<key>` for the reverse)
SORTS = {
    "system": ("System", lambda r: r.system_name),
    "region": ("Region", lambda r: (r.region_name, r.system_name)),
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
    ordered = sorted(table, key=lambda r: r.system_name)
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


# each page's body (by page, region and query string), drawn again only when a row, a region's
# name or the discretion shown changes: the header around it is drawn for each visit
_bodies: Latest[Markup] = Latest(64)


def _body(request: HttpRequest, template: str, slot: str, made_from: tuple, context) -> Markup:
    """The page's body (`template` with `context()`), kept for `slot` and the query string
    while `made_from` (everything the body shows is made from it) is unchanged."""
    return _bodies.get(
        (template, slot, request.GET.urlencode()),
        made_from,
        lambda: Markup(render_to_string(template, context())),
    )


@with_actor
def region(request: HttpRequest, code: str) -> HttpResponse:
    if not can(request.actor, Action.VIEW_REGION, Target(None, code)):
        return forbidden(
            request, "This region's dashboard is for its assurance team and the national team."
        )
    the_region = region_of(code)
    if the_region is None:
        return page(
            request, "error.html", {"title": "Page not found", "message": "No such region."}, 404
        )
    pack = current_pack()
    table = rows(code, pack)
    docs = documents(table)
    discretion = area_view(pack, {r.system_id: docs[r.pk] for r in table})

    def context() -> dict:
        listed, columns = _sorted(request, _filtered(request, table))
        return {
            "region": the_region,
            "rows": listed,
            "row_html": row_html(listed),
            "columns": columns,
            "all_rows": table,
            "statuses": list(Status),
            "filters": request.GET,
            "discretion": discretion,
        }

    made_from = (the_region.code, the_region.name, table, discretion)
    body = _body(request, "_region_body.html", code, made_from, context)
    return page(request, "region.html", {"region": the_region, "body": body})


@with_actor
def national(request: HttpRequest) -> HttpResponse:
    if not can(request.actor, Action.VIEW_NATIONAL, Target(None, None)):
        return forbidden(request, "The national dashboard is for the national team and observers.")
    pack = current_pack()
    table = rows(None, pack)
    docs = documents(table)
    discretion = national_view(pack, {r.system_id: docs[r.pk] for r in table})
    regions = tuple(regions_by_name())

    def context() -> dict:
        late = Counter(r.region_name for r in table if r.due.overdue)
        listed, columns = _sorted(request, _filtered(request, table))
        if "sort" not in request.GET:  # the national list reads by region unless sorted
            listed = _filtered(request, table)
        return {
            "overdue": sum(late.values()),
            "overdue_by_region": sorted(late.items()),
            "rows": listed,
            "row_html": row_html(listed),
            "columns": columns,
            "by_status": {s: sum(1 for r in table if r.status == s) for s in Status},
            "statuses": list(Status),
            "filters": request.GET,
            "regions": regions,
            "discretion": discretion,
        }

    body = _body(request, "_national_body.html", "", (table, regions, discretion), context)
    return page(request, "national.html", {"body": body})
