"""A system's footprint as real organisations; national and regional users add the ones of the
types with no public list (Cancer Alliances, local maternity systems, ...)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from ltpif.geography.contiguity import share_text
from ltpif.geography.organisations import ADDABLE, TYPES
from ltpif.plans.access import Action, Target, can
from ltpif.web.landscape.queries import changes_of, organisation_list_on, successions_of
from ltpif.web.organisations.models import Footprint, Organisation, Round
from ltpif.web.organisations.rounds import current_plans
from ltpif.web.planning.models import AuditEvent, System
from ltpif.web.views.common import FORM, forbidden, page, today, with_actor

CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}")
NAME_LIMIT = 200
AUTHORITIES = ("local_authority", "district")


def system_view(action: Action, methods: tuple[str, ...]) -> Callable:
    """A view of one system: 404 for an unknown system, 403 unless the actor may `action`."""

    def decorate(view: Callable) -> Callable:
        @with_actor(methods=methods)
        @wraps(view)
        def wrapped(request: HttpRequest, code: str) -> HttpResponse:
            system = System.objects.select_related("region").filter(code=code).first()
            if system is None:
                raise Http404(f"no system {code}")
            if not can(request.actor, action, Target(system.code, system.region_id)):
                return forbidden(request, "This system is not one you can see or change.")
            return view(request, system)

        return wrapped

    return decorate


def _listing(system: System) -> list[tuple[str, str, list[dict]]]:
    """(type, its name, its organisations in the system), types in the controlled list's order."""
    footprints = (
        Footprint.objects.filter(system=system)
        .select_related("organisation")
        .order_by("organisation__name", "organisation__code")
    )
    # contiguity: the other systems an authority of this footprint falls in
    elsewhere: dict[int, list[str]] = {}
    for org_id, name in (
        Footprint.objects.filter(
            organisation__footprint__system=system, organisation__type__in=AUTHORITIES
        )
        .exclude(system=system)
        .order_by("system__name")
        .values_list("organisation_id", "system__name")
    ):
        elsewhere.setdefault(org_id, []).append(name)
    by_type: dict[str, list[dict]] = {t: [] for t in TYPES}
    # the organisation list on the calendar's today: a merged organisation is replaced, in
    # its place, by its successor from the merger's date (issue 16 item 4)
    listed = organisation_list_on(system, today())
    current = {o.pk for o in listed}
    footprint_ids = set()
    for f in footprints:
        org = f.organisation
        footprint_ids.add(org.pk)
        if org.pk not in current:
            continue
        by_type[org.type].append(
            {
                "code": org.code,
                "name": org.name,
                "parent": org.parent,
                "share": share_text(f.share) if f.share is not None else "not published",
                "added": not org.source,
                "elsewhere": elsewhere.get(org.pk, []),
            }
        )
    for org in listed:
        if org.pk not in footprint_ids:
            by_type[org.type].append(
                {
                    "code": org.code,
                    "name": org.name,
                    "parent": org.parent,
                    "share": "successor of a merger",
                    "added": not org.source,
                    "elsewhere": elsewhere.get(org.pk, []),
                }
            )
    return [(t, TYPES[t], orgs) for t, orgs in by_type.items() if orgs]


def _render(
    request: HttpRequest, system: System, errors=(), form=None, status: int = 200
) -> HttpResponse:
    target = Target(system.code, system.region_id)
    return page(
        request,
        "organisations/system.html",
        {
            "system": system,
            "groups": _listing(system),
            "round": Round.objects.last(),
            "can_add": can(request.actor, Action.ADD_ORGANISATION, target),
            "types": [(t, TYPES[t]) for t in ADDABLE],
            "errors": list(errors),
            "form": form or {},
            "moves": changes_of(system),
            "successions": successions_of(system),
        },
        status,
    )


@system_view(Action.VIEW_PLAN, FORM)
def organisations(request: HttpRequest, system: System) -> HttpResponse:
    if request.method != "POST":
        return _render(request, system)
    if not can(request.actor, Action.ADD_ORGANISATION, Target(system.code, system.region_id)):
        return forbidden(request, "Only the national team and the region add organisations.")
    return _add(request, system)


def _checked(request: HttpRequest, system: System) -> tuple[dict, list[tuple[str, str]]]:
    form = {k: request.POST.get(k, "").strip() for k in ("type", "name", "code")}
    errors = []
    if form["type"] not in ADDABLE:
        errors.append(("type", "Choose the type of organisation"))
    if not form["name"]:
        errors.append(("name", "Enter the organisation's name"))
    elif len(form["name"]) > NAME_LIMIT:
        errors.append(("name", f"The name must be {NAME_LIMIT} characters or fewer"))
    if not form["code"]:
        errors.append(("code", "Enter the organisation's code (its ODS code, or one you choose)"))
    elif not CODE.fullmatch(form["code"]):
        errors.append(
            (
                "code",
                "The code must be up to 40 letters, digits and hyphens, starting with a "
                "letter or digit",
            )
        )
    if errors:
        return form, errors
    form["code"] = form["code"].upper()
    org = Organisation.objects.filter(type=form["type"], code=form["code"]).first()
    if org is not None and org.name != form["name"]:
        errors.append(("code", f"{form['code']} is already the code of {org.name}"))
    elif org is not None and org.footprint.filter(system=system).exists():
        errors.append(("code", f"{org.name} is already in the footprint of {system.name}"))
    return form, errors


def _add(request: HttpRequest, system: System) -> HttpResponse:
    form, errors = _checked(request, system)
    if errors:
        return _render(request, system, errors, form, status=400)
    with transaction.atomic():
        org, created = Organisation.objects.get_or_create(
            type=form["type"],
            code=form["code"],
            defaults={"name": form["name"], "added_by": request.user},
        )
        Footprint.objects.create(organisation=org, system=system, share=None)
        AuditEvent.objects.create(
            plan=current_plans().filter(system=system).first(),
            actor=request.user,
            action="add_organisation",
            summary=f"{TYPES[org.type]} {org.name} ({org.code}) added to the footprint of "
            f"{system.name}"[:300],
            before=None,
            after={
                "type": org.type,
                "code": org.code,
                "name": org.name,
                "system": system.code,
                "new_organisation": created,
            },
        )
    messages.success(request, f"{org.name} added to the footprint of {system.name}.")
    return redirect(f"/systems/{system.code}/organisations/")
