"""The health and wellbeing partnership in the web (issue 15 item 4): a system's boards with
their joint health and wellbeing strategies and JSNA findings, recorded by each board's partner;
the system lead's links from the plan to them; the coverage, shown to the partner before they
sign off (the engagement tab) and on the plan's overview."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ltpif.plans.access import Action, Target, can
from ltpif.web.partnership import actions
from ltpif.web.partnership.models import StrategyItem
from ltpif.web.partnership.queries import (
    authority_of,
    boards_of_system,
    coverage_of,
    items_of,
    part_names,
)
from ltpif.web.planning import actions as planning_actions
from ltpif.web.planning.models import Plan, System
from ltpif.web.planning.queries import plan_for
from ltpif.web.views.common import FORM, POST, forbidden, page, plan_view, with_actor
from ltpif.web.views.plan_edit import _lock_version, _run
from ltpif.web.views.plan_pages import context_for


def _system_or_404(request: HttpRequest, code: str) -> System | HttpResponse:
    system = System.objects.select_related("region").filter(code=code).first()
    if system is None:
        context = {"title": "Page not found", "message": "No such system."}
        return page(request, "error.html", context, 404)
    if not can(request.actor, Action.VIEW_PLAN, Target(system.code, system.region_id)):
        return forbidden(request, "This system's partnership is not one you can see.")
    return system


def _partnership_page(
    request: HttpRequest,
    system: System,
    extra: dict | None = None,
    status: int = 200,
    item: StrategyItem | None = None,
) -> HttpResponse:
    authority = authority_of(request.user, system.code)
    may_record = (
        can(request.actor, Action.RECORD_STRATEGY, Target(system.code, system.region_id))
        and authority is not None
    )
    boards = boards_of_system(system.code)
    items = items_of([b.authority for b in boards])
    plan = plan_for(system.code)
    context = {
        "system": system,
        "plan": plan,
        "boards": boards,
        "items": items,
        "kinds": StrategyItem.KINDS,
        "authority": authority,
        "is_partner": request.actor.role == "la_partner",
        "may_record": may_record,
        "coverage": coverage_of(plan),
        "item": item,
        **(extra or {}),
    }
    template = "partnership/item.html" if item is not None else "partnership/system.html"
    return page(request, template, context, status)


def _record(request: HttpRequest, system: System, item: StrategyItem | None) -> HttpResponse:
    def do() -> None:
        actions.record_item(system=system, fields=request.POST.dict(), by=request.user, item=item)

    return _run(
        request,
        do,
        lambda extra, status: _partnership_page(request, system, extra, status, item),
        "Saved to the board's strategy.",
        f"/systems/{system.code}/partnership/",
    )


@with_actor(methods=FORM)
def partnership(request: HttpRequest, code: str) -> HttpResponse:
    system = _system_or_404(request, code)
    if isinstance(system, HttpResponse):
        return system
    if request.method != "POST":
        return _partnership_page(request, system)
    return _record(request, system, None)


@with_actor(methods=FORM)
def item(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    system = _system_or_404(request, code)
    if isinstance(system, HttpResponse):
        return system
    boards = {b.authority for b in boards_of_system(system.code)}
    found = StrategyItem.objects.filter(pk=pk, authority__in=boards).first()
    if found is None:
        context = {"title": "Page not found", "message": "This board has no such record."}
        return page(request, "error.html", context, 404)
    if request.method != "POST":
        return _partnership_page(request, system, item=found)
    return _record(request, system, found)


def _links_page(
    request: HttpRequest, plan: Plan, extra: dict | None = None, status: int = 200
) -> HttpResponse:
    ctx = context_for(plan)
    names = part_names(ctx.pack, ctx.doc)
    coverage = coverage_of(plan, ctx.doc)
    context = {
        **ctx.as_dict(request, "engagement"),
        "coverage": coverage,
        "links": list(enumerate(ctx.doc.strategy_links or [])),
        "names": names,
        "titles": {
            (b.authority, row.id): row.title
            for b in coverage
            for row in (*b.priorities, *b.findings)
        },
        "parts": [
            *(
                (f"commitment:{e.commitment}", names.get(e.commitment, e.commitment))
                for e in ctx.doc.commitments
                if not e.omitted
            ),
            *((f"local:{p.id}", names[p.id]) for p in ctx.doc.local_priorities),
        ],
        **(extra or {}),
    }
    return page(request, "partnership/links.html", context, status)


@plan_view(Action.VIEW_PLAN, FORM)
def links(request: HttpRequest, plan: Plan) -> HttpResponse:
    if request.method != "POST":
        return _links_page(request, plan)
    planning_actions.require(request.user, Action.EDIT_PLAN, plan)  # before the form is read

    def do() -> None:
        lock_version = _lock_version(request)
        actions.add_link(
            plan=plan,
            priority=request.POST.get("priority", ""),
            builds=request.POST.get("builds", ""),
            lock_version=lock_version,
            by=request.user,
        )

    return _run(
        request,
        do,
        lambda extra, status: _links_page(request, plan, extra, status),
        "Link saved.",
        f"/plans/{plan.system_id}/strategy-links/",
    )


@plan_view(Action.EDIT_PLAN, POST)
def remove_link(request: HttpRequest, plan: Plan, index: int) -> HttpResponse:
    def do() -> None:
        actions.remove_link(
            plan=plan, index=index, lock_version=_lock_version(request), by=request.user
        )

    return _run(
        request,
        do,
        lambda extra, status: _links_page(request, plan, extra, status),
        "Link removed.",
        f"/plans/{plan.system_id}/strategy-links/",
    )
