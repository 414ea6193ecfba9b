"""Opening the next round in the web, from the current one (the national team only).

Choose the new pack version (/rounds/next/); see what changes and what each system's agreed
plan carries (/rounds/next/<pack>/), and confirm: the round opens, every agreed plan becomes its
system's first draft there and the new round becomes current, in one transaction
(`store.open_next_round`). What was carried is then kept with the round, a CSV per system
(/rounds/<id>/carried/)."""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from ltpif.app.carry_forward import RoundCarry, carry_round
from ltpif.framework.diff import change_words
from ltpif.framework.loader import load_pack, shipped_packs
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError
from ltpif.plans.access import Action, Target, can
from ltpif.plans.carry_forward import ACTIONS
from ltpif.plans.workflow import Status
from ltpif.web.organisations.models import Round
from ltpif.web.organisations.rounds import current_round, pack_of_round
from ltpif.web.organisations.store import CarryRefused, open_next_round
from ltpif.web.planning.models import Plan
from ltpif.web.planning.plan_source import WorkingCopies
from ltpif.web.planning.queries import target_of
from ltpif.web.views.common import FORM, forbidden, page, with_actor

ENGLAND = Target(None, None)
NATIONAL_ONLY = "Only the national team opens a new round."
AGREED = (Status.AGREED, Status.PUBLISHED)


def _choices(current: Round) -> list[tuple[str, str]]:
    """The installed packs a round may move to: not the current round's version, nor one whose
    round has already been current."""
    used = {
        (r.pack, r.pack_version)
        for r in Round.objects.filter(current_since__isnull=False).only("pack", "pack_version")
    }
    found = []
    for name in shipped_packs():
        try:
            pack = load_pack(name)
        except InputError:
            continue  # a broken pack is not offered: `ltpif framework check` says why
        if (pack.id, pack.meta.version) not in used:
            found.append((name, f"{pack.meta.title} — {pack.id} {pack.meta.version}"))
    return found


def _national(request: HttpRequest) -> HttpResponse | None:
    if not can(request.actor, Action.OPEN_ROUND, ENGLAND):
        return forbidden(request, NATIONAL_ONLY)
    return None


def _no_round(request: HttpRequest) -> HttpResponse:
    message = "No round is open yet: `ltpif round open --pack NAME` opens the first one."
    return page(request, "error.html", {"title": "No round to carry from", "message": message})


@with_actor(methods=FORM)
def next_round(request: HttpRequest) -> HttpResponse:
    """Choose the pack version of the next round."""
    refused = _national(request)
    if refused is not None:
        return refused
    current = current_round()
    if current is None:
        return _no_round(request)
    choices = _choices(current)
    errors: list[tuple[str, str]] = []
    chosen = request.POST.get("pack", "") if request.method == "POST" else ""
    if request.method == "POST":
        if chosen in dict(choices):
            return redirect(f"/rounds/next/{chosen}/")
        errors.append(("pack", "Select the pack version of the new round"))
    context = {"current": current, "choices": choices, "chosen": chosen, "errors": errors}
    return page(request, "rounds/next.html", context, 400 if errors else 200)


def _carry(current: Round, name: str) -> RoundCarry:
    old = pack_of_round(current)
    return carry_round(WorkingCopies(old, AGREED), _new_pack(current, name))


def _new_pack(current: Round, name: str) -> Pack:
    if name not in dict(_choices(current)):
        raise Http404(f"no pack {name} to open a round with")
    return load_pack(name)


@with_actor(methods=FORM)
def confirm_next_round(request: HttpRequest, name: str) -> HttpResponse:
    """What opening the round of pack `name` changes, and (POST) opening it."""
    refused = _national(request)
    if refused is not None:
        return refused
    current = current_round()
    if current is None:
        return _no_round(request)
    carry = _carry(current, name)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            opened = open_next_round(carry, request.user)
        except CarryRefused as exc:
            errors.append(("confirm", f"The round was not opened: {exc}."))
        else:
            return redirect(f"/rounds/{opened.pk}/carried/")
    systems = carry.systems
    context = {
        "current": current,
        "name": name,
        "new": carry.new,
        "changes": [change_words(c) for c in carry.changes],
        "systems": systems,
        "carried": len(carry.drafts),
        "without": [s for s in systems if not s.agreed and s.code in carry.new.system_by_code],
        "gone": [s for s in systems if s.agreed and not s.draft],
        "kept": sum(s.kept for s in systems),
        "dropped": sum(s.dropped for s in systems),
        "errors": errors,
    }
    return page(request, "rounds/confirm.html", context, 409 if errors else 200)


def _carried_round(pk: int) -> Round:
    found = Round.objects.filter(pk=pk, carried_from__isnull=False).first()
    if found is None:
        raise Http404(f"no round {pk} carried from another")
    return found


@with_actor
def carried(request: HttpRequest, pk: int) -> HttpResponse:
    """What was carried into a round, system by system, with each system's report."""
    refused = _national(request)
    if refused is not None:
        return refused
    the_round = _carried_round(pk)
    report = the_round.carry_report
    context = {
        "the_round": the_round,
        "systems": report,
        "carried": sum(1 for s in report if s["draft"]),
        "kept": sum(s["kept"] for s in report),
        "dropped": sum(s["dropped"] for s in report),
        "headings": ACTIONS,
    }
    return page(request, "rounds/carried.html", context)


@with_actor
def carried_csv(request: HttpRequest, pk: int, system: str) -> HttpResponse:
    """One system's carry report as CSV: the national team's, and whoever reads the system's
    plan in the new round."""
    the_round = _carried_round(pk)
    entry = next((s for s in the_round.carry_report if s["code"] == system), None)
    if entry is None:
        raise Http404(f"no system {system} in the carry into round {pk}")
    plan = Plan.objects.filter(round=the_round, system_id=system).select_related("system").first()
    national = can(request.actor, Action.OPEN_ROUND, ENGLAND)
    if not national and (plan is None or not can(request.actor, Action.VIEW_PLAN, target_of(plan))):
        return forbidden(request, "This system's report is not one you can see.")
    response = HttpResponse(report_csv(the_round, entry), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{system}-carried-forward.csv"'
    return response


def report_csv(the_round: Round, entry: dict) -> str:
    """A system's report: a line per note (what, where, the note); one line when none."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["system", "name", "round", "what", "where", "note"])
    head = [entry["code"], entry["name"], f"{the_round.pack} {the_round.pack_version}"]
    if not entry["agreed"]:
        writer.writerow([*head, "No agreed plan", "", "nothing was carried"])
    for action, where, message in entry["notes"]:
        writer.writerow([*head, ACTIONS.get(action, action), where, message])
    if entry["agreed"] and not entry["notes"]:
        writer.writerow([*head, "Carried", "", "everything carried; nothing to add"])
    return out.getvalue()
