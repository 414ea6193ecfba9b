"""Targeted funding pages: a plan's applications and the form to apply, one application with
the decision form, and the national page of every line against its envelope."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from ltpif.framework import schema as s
from ltpif.plans.access import Action, Target, can
from ltpif.rollup.funding import gbp
from ltpif.web.funding import actions
from ltpif.web.funding.models import Application, DevolvedBlock, Envelope
from ltpif.web.organisations.rounds import current_pack
from ltpif.web.planning.actions import Invalid
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import pack_of, plan_for, target_of
from ltpif.web.views.common import FORM, POST, forbidden, may, page, plan_view, with_actor
from ltpif.web.views.plan_pages import context_for


@dataclass(frozen=True)
class LineRow:
    stream: s.FundingStream
    envelope: Envelope | None
    applications: int
    awards: int

    @property
    def remaining(self) -> Decimal | None:
        return self.envelope.remaining if self.envelope else None


def _plan_page(request: HttpRequest, plan: Plan, template: str, extra: dict, status: int = 200):
    ctx = context_for(plan)
    context = {**ctx.as_dict(request, "infrastructure"), "gbp": gbp, **extra}
    return page(request, template, context, status)


def awards_of(plan: Plan) -> list[Application]:
    """The plan's decided applications that were awarded money, for its finance page."""
    return list(
        Application.objects.filter(
            system_id=plan.system_id, status__in=[Application.FULL, Application.PART]
        ).order_by("line", "id")
    )


def devolved_blocks(plan: Plan, pack) -> list[dict]:
    """The devolvable lines devolved to this system, each with its block and what the system
    has distributed of it."""
    rows = []
    distributed = {
        b.line: b.distributed for b in DevolvedBlock.objects.filter(system_id=plan.system_id)
    }
    for stream in actions.open_lines(pack):
        envelope = actions.devolved_envelope(plan, pack, stream)
        if envelope is not None:
            share = actions.block_of(plan, pack, envelope)
            spent = distributed.get(stream.id, Decimal(0))
            rows.append({"stream": stream, "block": share, "distributed": spent})
    return rows


def _plan_funding(request: HttpRequest, plan: Plan, extra: dict | None = None, status: int = 200):
    pack = pack_of(plan)
    return _plan_page(
        request,
        plan,
        "funding/plan.html",
        {
            "lines": actions.open_lines(pack),
            "years": pack.plan_years[1:],
            "applications": Application.objects.filter(system_id=plan.system_id),
            "can_apply": may(request.actor, Action.APPLY_FUNDING, plan),
            "devolved": devolved_blocks(plan, pack),
            "errors": [],
            "posted": {},
            **(extra or {}),
        },
        status,
    )


@plan_view()
def plan_funding(request: HttpRequest, plan: Plan) -> HttpResponse:
    return _plan_funding(request, plan)


@plan_view(Action.APPLY_FUNDING, POST)
def apply(request: HttpRequest, plan: Plan) -> HttpResponse:
    pack = pack_of(plan)
    try:
        application = actions.apply(
            plan=plan,
            line=request.POST.get("line", ""),
            applicant=request.POST.get("applicant", ""),
            amounts={y: request.POST.get(f"amount__{y}", "") for y in pack.plan_years[1:]},
            purpose=request.POST.get("purpose", ""),
            commitments=request.POST.getlist("commitments"),
            by=request.user,
        )
    except Invalid as exc:
        return _plan_funding(request, plan, {"errors": exc.problems, "posted": request.POST}, 400)
    messages.success(request, "Application made.")
    return redirect(f"/funding/applications/{application.pk}/")


@with_actor(methods=FORM)
def application(request: HttpRequest, pk: int) -> HttpResponse:
    found = Application.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("no such application")
    plan = plan_for(found.system_id)
    if not can(request.actor, Action.VIEW_PLAN, target_of(plan)):
        return forbidden(request, "This application is not one you can see.")
    can_decide = may(request.actor, Action.DECIDE_FUNDING, plan)
    pack = pack_of(plan)
    stream = actions.line_of(pack, found.line)
    errors: list = []
    if request.method == "POST":
        if not can_decide:
            return forbidden(request, "Only the system's region or the national team decides.")
        try:
            actions.decide(
                application=found,
                award=request.POST.get("award", ""),
                refuse=request.POST.get("decision") == "refuse",
                reason=request.POST.get("reason", ""),
                by=request.user,
            )
        except Invalid as exc:
            errors = exc.problems
        else:
            messages.success(request, "Decision recorded.")
            return redirect(f"/funding/applications/{found.pk}/")
    envelope = actions.envelope_of(stream) if stream is not None else None
    return _plan_page(
        request,
        plan,
        "funding/application.html",
        {
            "application": found,
            "stream": stream,
            "envelope": envelope,
            "can_decide": can_decide and found.status == Application.SUBMITTED,
            "errors": errors,
            "posted": request.POST if errors else {},
        },
        400 if errors else 200,
    )


def _national(request: HttpRequest, extra: dict | None = None, status: int = 200):
    pack = current_pack()
    lines = actions.open_lines(pack)
    envelopes = {e.line: e for e in Envelope.objects.all()}
    for stream in lines:
        if stream.id not in envelopes and stream.amount_by_year:
            envelopes[stream.id] = actions.envelope_of(stream)
    applications = list(Application.objects.select_related("system"))
    rows = [
        LineRow(
            stream,
            envelopes.get(stream.id),
            sum(a.line == stream.id for a in applications),
            sum(a.line == stream.id and a.status in ("full", "part") for a in applications),
        )
        for stream in lines
    ]
    return page(
        request,
        "funding/national.html",
        {
            "rows": rows,
            "applications": applications,
            "gbp": gbp,
            "can_set": can(request.actor, Action.SET_ENVELOPE, Target(None, None)),
            "errors": [],
            "posted": {},
            **(extra or {}),
        },
        status,
    )


@with_actor
def national(request: HttpRequest) -> HttpResponse:
    if not can(request.actor, Action.VIEW_NATIONAL, Target(None, None)):
        return forbidden(request, "Targeted funding across England is for the national team.")
    return _national(request)


@with_actor(methods=POST)
def set_envelope(request: HttpRequest, line: str) -> HttpResponse:
    if not can(request.actor, Action.SET_ENVELOPE, Target(None, None)):
        return forbidden(request, "Only the national team sets a line's envelope.")
    try:
        actions.set_envelope(
            line=line, amount=request.POST.get(f"amount__{line}", ""), by=request.user
        )
    except Invalid as exc:
        return _national(request, {"errors": exc.problems, "posted": request.POST}, 400)
    messages.success(request, "Envelope set.")
    return redirect("/funding/")
