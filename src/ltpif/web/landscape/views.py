"""Footprint change notices in the web (issue 16 item 3): a system lead notifies, another
region touched agrees or refuses first, the system's region decides; the national contiguity
page shows every system's authorities and the ones split across systems, as of today."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from ltpif.geography.contiguity import contiguity, share_text
from ltpif.geography.landscape import due
from ltpif.plans.access import Action, Target, can
from ltpif.web.landscape import actions, changes
from ltpif.web.landscape.models import FootprintMove, FootprintNotice, LandscapeChange
from ltpif.web.landscape.queries import authorities_on, changes_of, successions_of
from ltpif.web.organisations.models import Organisation
from ltpif.web.organisations.rounds import current_pack
from ltpif.web.organisations.views import system_view
from ltpif.web.planning.actions import Invalid
from ltpif.web.planning.models import Region, System
from ltpif.web.views.common import FORM, forbidden, page, today, with_actor
from ltpif.web.views.date_input import posted_iso

FIELDS = ("receiving", "reason", "evidence", "late_reason")


def _footprint(system: System):
    """The organisations of the system's footprint, as the forms list them."""
    return Organisation.objects.filter(footprint__system=system).order_by("type", "name")


def _notices_page(request, system, errors=(), form=None, chosen=(), status=200) -> HttpResponse:
    pack = current_pack()
    return page(
        request,
        "landscape/notices.html",
        {
            "system": system,
            "notices": FootprintNotice.objects.filter(system=system).select_related("receiving"),
            "moves": changes_of(system),
            "statuses": FootprintNotice.STATUSES,
            "can_notify": can(
                request.actor, Action.NOTIFY_FOOTPRINT, Target(system.code, system.region_id)
            ),
            "organisations": _footprint(system),
            "systems": System.objects.exclude(pk=system.pk).select_related("region"),
            "notice_date": actions.notice_date(pack),
            "late": today() > actions.notice_date(pack),
            "errors": list(errors),
            "form": form or {},
            "chosen": set(chosen),
        },
        status,
    )


@system_view(Action.VIEW_PLAN, FORM)
def notices(request: HttpRequest, system: System) -> HttpResponse:
    if request.method != "POST":
        return _notices_page(request, system)
    if not can(request.actor, Action.NOTIFY_FOOTPRINT, Target(system.code, system.region_id)):
        return forbidden(request, "Only the system's lead notifies a change of its footprint.")
    return _proposed(
        request,
        system,
        FIELDS,
        actions.submit,
        _notices_page,
        "Footprint change notice submitted.",
        "/footprint-notices/{pk}/",
    )


def _proposed(request, system, fields, make, again, done: str, at: str) -> HttpResponse:
    """A system's notice or proposal from the posted `fields` and organisations, made by
    `make`: then `done` and its page (`at`); or `again` the system's page with every problem."""
    form = {k: request.POST.get(k, "") for k in fields}
    chosen = request.POST.getlist("organisations")
    try:
        made = make(
            system=system,
            form=form,
            chosen=chosen,
            today=today(),
            pack=current_pack(),
            by=request.user,
        )
    except Invalid as exc:
        return again(request, system, exc.problems, form, chosen, 400)
    messages.success(request, done)
    return redirect(at.format(pk=made.pk))


def _may_see(actor, proposal: FootprintNotice | LandscapeChange) -> bool:
    """The system's plan readers and each region asked to agree see a notice or a proposal."""
    system = proposal.system
    return can(actor, Action.VIEW_PLAN, Target(system.code, system.region_id)) or any(
        can(actor, Action.AGREE_FOOTPRINT, Target(None, r)) for r in proposal.agreements
    )


def _can_agree(actor, proposal: FootprintNotice | LandscapeChange) -> bool:
    """The page offers the agreement form: the proposal awaits agreement and the actor may
    answer for a region that has not answered yet."""
    return proposal.status == proposal.AWAITING_AGREEMENT and any(
        a["answer"] == "" and can(actor, Action.AGREE_FOOTPRINT, Target(None, r))
        for r, a in proposal.agreements.items()
    )


def _region_asked(actor, proposal: FootprintNotice | LandscapeChange) -> bool:
    """The actor's region is one the proposal asks to agree, and the actor answers for it."""
    return actor.region in proposal.agreements and can(
        actor, Action.AGREE_FOOTPRINT, Target(None, actor.region)
    )


def _notice_page(request, notice, errors=(), status=200) -> HttpResponse:
    actor = request.actor
    return page(
        request,
        "landscape/notice.html",
        {
            "notice": notice,
            "statuses": FootprintNotice.STATUSES,
            "organisations": notice.organisations.order_by("type", "name"),
            "regions": {r.code: r.name for r in Region.objects.all()},
            "can_agree": _can_agree(actor, notice),
            "can_decide": notice.status == FootprintNotice.SUBMITTED
            and can(
                actor,
                Action.DECIDE_FOOTPRINT,
                Target(notice.system.code, notice.system.region_id),
            ),
            "errors": list(errors),
            "form": request.POST if request.method == "POST" else {},
        },
        status,
    )


@with_actor(methods=FORM)
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    found = (
        FootprintNotice.objects.select_related("system__region", "receiving__region")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(f"no notice {pk}")
    if not _may_see(request.actor, found):
        return forbidden(request, "This notice is not one you can see.")
    if request.method != "POST":
        return _notice_page(request, found)
    actor, system = request.actor, found.system
    form = {k: request.POST.get(k, "") for k in request.POST}
    try:
        if request.POST.get("step") == "agree":
            if not _region_asked(actor, found):
                return forbidden(request, "Only a region the change touches agrees to it.")
            actions.agree(notice_pk=found.pk, region=actor.region, form=form, by=request.user)
            messages.success(request, "Your region's answer is recorded.")
        else:
            if not can(actor, Action.DECIDE_FOOTPRINT, Target(system.code, system.region_id)):
                return forbidden(request, "Only the system's region decides a footprint change.")
            date_errors: list[tuple[str, str]] = []
            approving = form.get("decision") == "approve"
            form["effective"] = posted_iso(
                request.POST, "effective", date_errors, required=approving
            )
            try:
                decided = actions.decide(notice_pk=found.pk, form=form, by=request.user)
            except Invalid as exc:
                kept = [p for p in exc.problems if not (date_errors and p[0] == "effective")]
                raise Invalid(date_errors + kept) from None
            moved = f" Actuals: {decided.effects}." if decided.effects else ""
            messages.success(request, f"Decision recorded.{moved}")
    except Invalid as exc:
        found.refresh_from_db()
        return _notice_page(request, found, exc.problems, 400)
    return redirect(f"/footprint-notices/{found.pk}/")


@with_actor
def national(request: HttpRequest) -> HttpResponse:
    if not can(request.actor, Action.VIEW_NATIONAL, Target(None, None)):
        return forbidden(request, "England's footprints are for the national team and observers.")
    pack = current_pack()
    day = today()
    result = contiguity(pack, authorities_on(day))
    names = {s.code: s.name for s in System.objects.all()}
    return page(
        request,
        "landscape/footprints.html",
        {
            "result": result,
            "names": names,
            "share_text": share_text,
            "day": day,
            "moves": FootprintMove.objects.select_related(
                "organisation", "from_system", "to_system"
            ),
        },
    )


# --- landscape changes (issue 16 item 4) --------------------------------------------------

CHANGE_FIELDS = (
    "kind",
    "other_codes",
    "successor",
    "successor_name",
    "intended-day",
    "intended-month",
    "intended-year",
    "reason",
)


def _changes_page(request, system, errors=(), form=None, chosen=(), status=200) -> HttpResponse:
    pack = current_pack()
    return page(
        request,
        "landscape/changes.html",
        {
            "system": system,
            "changes": LandscapeChange.objects.filter(system=system),
            "successions": successions_of(system),
            "kinds": changes.kinds(pack),
            "statuses": LandscapeChange.STATUSES,
            "can_propose": can(
                request.actor,
                Action.PROPOSE_LANDSCAPE_CHANGE,
                Target(system.code, system.region_id),
            ),
            "organisations": _footprint(system),
            "errors": list(errors),
            "form": form or {},
            "chosen": set(chosen),
        },
        status,
    )


@system_view(Action.VIEW_PLAN, FORM)
def system_changes(request: HttpRequest, system: System) -> HttpResponse:
    if request.method != "POST":
        return _changes_page(request, system)
    target = Target(system.code, system.region_id)
    if not can(request.actor, Action.PROPOSE_LANDSCAPE_CHANGE, target):
        return forbidden(request, "Only the system's lead proposes a change to its landscape.")
    return _proposed(
        request,
        system,
        CHANGE_FIELDS,
        changes.propose,
        _changes_page,
        "Landscape change proposed.",
        "/landscape-changes/{pk}/",
    )


def _change_page(request, change, errors=(), status=200) -> HttpResponse:
    pack = current_pack()
    actor, system = request.actor, change.system
    deciding = can(actor, Action.DECIDE_LANDSCAPE_CHANGE, Target(system.code, system.region_id))
    timetables = {t.id: t for t in pack.maturity.landscape_timetable}
    return page(
        request,
        "landscape/change.html",
        {
            "change": change,
            "kind": changes.kinds(pack).get(change.kind, change.kind),
            "merges": changes.merges(pack, change.kind),
            "statuses": LandscapeChange.STATUSES,
            "organisations": change.organisations.order_by("type", "name"),
            "regions": {r.code: r.name for r in Region.objects.all()},
            "criteria": pack.maturity.landscape_criterion,
            "timetable": timetables["fast-track" if change.fast_track else "standard"],
            "fast_due": due(pack, change.submitted_on, "fast-track"),
            "can_agree": _can_agree(actor, change),
            "can_assess": deciding and change.status == LandscapeChange.SUBMITTED,
            "can_decide": deciding and change.status == LandscapeChange.ASSESSED,
            "errors": list(errors),
            "form": request.POST if request.method == "POST" else {},
        },
        status,
    )


@with_actor(methods=FORM)
def change(request: HttpRequest, pk: int) -> HttpResponse:
    found = (
        LandscapeChange.objects.select_related("system__region", "successor").filter(pk=pk).first()
    )
    if found is None:
        raise Http404(f"no landscape change {pk}")
    if not _may_see(request.actor, found):
        return forbidden(request, "This proposal is not one you can see.")
    if request.method != "POST":
        return _change_page(request, found)
    actor, system = request.actor, found.system
    form = {k: request.POST.get(k, "") for k in request.POST}
    step = request.POST.get("step", "")
    try:
        if step == "agree":
            if not _region_asked(actor, found):
                return forbidden(request, "Only a region whose organisations it names agrees.")
            changes.agree(change_pk=found.pk, region=actor.region, form=form, by=request.user)
            messages.success(request, "Your region's answer is recorded.")
        else:
            if not can(
                actor, Action.DECIDE_LANDSCAPE_CHANGE, Target(system.code, system.region_id)
            ):
                return forbidden(request, "Only the system's region assesses and decides it.")
            if step == "checklist":
                changes.record_checklist(
                    change_pk=found.pk, form=form, pack=current_pack(), by=request.user
                )
                messages.success(request, "Checklist recorded.")
            else:
                changes.decide(change_pk=found.pk, form=form, pack=current_pack(), by=request.user)
                messages.success(request, "Decision recorded.")
    except Invalid as exc:
        found.refresh_from_db()
        return _change_page(request, found, exc.problems, 400)
    return redirect(f"/landscape-changes/{found.pk}/")
