"""Rounds side by side: the list of rounds, and the plans of an earlier round, read-only.

A plan of the current round is edited at /plans/<system>/; a plan of any round is read at
/rounds/<round id>/plans/<system>/ (for the current round, a summary linking to its live pages).
Nothing here writes: no form, no transition, whoever asks."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from ltpif.plans.access import Action, Target, can
from ltpif.plans.workflow import Status
from ltpif.web.organisations.models import Round
from ltpif.web.organisations.rounds import current_round
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import target_of
from ltpif.web.views.common import forbidden, page, with_actor


def _visible(request: HttpRequest, plans) -> list[Plan]:
    return [p for p in plans if can(request.actor, Action.VIEW_PLAN, target_of(p))]


def _round(pk: int) -> Round:
    found = Round.objects.filter(pk=pk).first()
    if found is None:
        raise Http404(f"no round {pk}")
    return found


@with_actor
def rounds(request: HttpRequest) -> HttpResponse:
    """Every round, newest first, with how many of its plans the actor may read."""
    current = current_round()
    plans = Plan.objects.select_related("system").defer("working")
    seen: dict[int, int] = {}
    for plan in _visible(request, plans):
        seen[plan.round_id] = seen.get(plan.round_id, 0) + 1
    listed = [
        {
            "round": r,
            "current": current is not None and r.pk == current.pk,
            "plans": seen.get(r.pk, 0),
        }
        for r in Round.objects.order_by("-opened_at", "-pk")
    ]
    may_open = can(request.actor, Action.OPEN_ROUND, Target(None, None)) and current is not None
    return page(request, "rounds/list.html", {"rounds": listed, "may_open": may_open})


@with_actor
def round_plans(request: HttpRequest, pk: int) -> HttpResponse:
    """The plans of one round that the actor may read."""
    the_round = _round(pk)
    current = current_round()
    plans = (
        Plan.objects.filter(round=the_round)
        .select_related("system__region")
        .defer("working")
        .order_by("system__region__name", "system__name")
    )
    return page(
        request,
        "rounds/plans.html",
        {
            "the_round": the_round,
            "is_current": current is not None and current.pk == the_round.pk,
            "page_round": None if current is not None and current.pk == the_round.pk else the_round,
            "plans": [{"plan": p, "status": Status(p.status)} for p in _visible(request, plans)],
        },
    )


@with_actor
def round_plan(request: HttpRequest, pk: int, system: str) -> HttpResponse:
    """One plan of a round, read-only: its status, its versions with their hashes, and the
    commitments of its last version."""
    the_round = _round(pk)
    plan = (
        Plan.objects.filter(round=the_round, system_id=system)
        .select_related("system__region")
        .first()
    )
    if plan is None:
        raise Http404(f"no plan for system {system} in round {pk}")
    if not can(request.actor, Action.VIEW_PLAN, target_of(plan)):
        return forbidden(request, "This plan is not one you can see.")
    current = current_round()
    is_current = current is not None and current.pk == the_round.pk
    versions = list(plan.versions.select_related("created_by").order_by("number"))
    last = versions[-1].document if versions else plan.working
    return page(
        request,
        "rounds/plan.html",
        {
            "the_round": the_round,
            "is_current": is_current,
            "page_round": None if is_current else the_round,
            "plan": plan,
            "status": Status(plan.status),
            "versions": versions,
            "commitments": last.get("commitments", []),
        },
    )
