"""Saving edits to a plan: parse the form, call one action, show errors or the new state.

On bad input or a conflict the page is shown again with the user's input kept in the form
and the NHS error summary linking to each field; nothing is saved.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.timezone import localtime

from ltpif.app import present
from ltpif.framework.numbers import BadNumber, is_blank, parse_number
from ltpif.plans.access import Action
from ltpif.plans.validate import part_unit
from ltpif.web.planning import actions
from ltpif.web.planning.models import Plan
from ltpif.web.signoffs import actions as signing
from ltpif.web.views.common import POST, plan_view
from ltpif.web.views.date_input import posted_iso
from ltpif.web.views.plan_pages import commitment_page, render_tab


class FormErrors(Exception):
    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors


def _lock_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("lock_version", ""))
    except ValueError:
        raise FormErrors([("lock_version", "The form is out of date: reload the page.")]) from None


def _numbers(
    request: HttpRequest, prefix: str, years: list[str], unit: str, errors: list
) -> dict[str, float]:
    """The years' numbers in `unit` (blank fields left out); each refused one in `errors`."""
    out = {}
    for year in years:
        field = f"{prefix}__{year}"
        raw = request.POST.get(field, "")
        if is_blank(raw):
            continue
        try:
            out[year] = parse_number(raw, unit=unit)
        except BadNumber as exc:
            errors.append((field, f"{year}: {exc.message}"))
    return out


def _failure(request, errors, render) -> HttpResponse:
    return render({"errors": errors, "posted": request.POST}, 400)


def _run(request: HttpRequest, do, render, success_message: str, success_url: str) -> HttpResponse:
    """Run an action; on problems re-render with the posted values kept."""
    try:
        do()
    except FormErrors as exc:
        return _failure(request, exc.errors, render)
    except actions.Invalid as exc:
        return _failure(request, exc.problems, render)
    except actions.Conflict as exc:  # busy: refused with nobody's change in the way
        busy = isinstance(exc, actions.Busy)
        extra = {"errors": [("lock_version", str(exc))], "posted": request.POST}
        return render({**extra, "conflict": True, "busy": busy}, 409)
    if request.htmx:
        return render({"saved": success_message}, 200)
    messages.success(request, success_message)
    return redirect(success_url)


def _run_on_commitment(
    request: HttpRequest, plan: Plan, commitment_id: str, do, success_message: str
) -> HttpResponse:
    """`_run` for a form on a commitment's page, which it re-renders or returns to."""
    return _run(
        request,
        do,
        lambda extra, status: commitment_page(request, plan, commitment_id, extra, status),
        success_message,
        request.path.rstrip("/").rpartition("/")[0] + "/",  # the commitment, from its form's URL
    )


def _trajectory_fields(metric) -> dict[str, str]:
    """A metric's trajectory parts and the form-field prefix of each."""
    if metric.rollup == "ratio_of_sums":
        return {"numerator": f"{metric.id}__num", "denominator": f"{metric.id}__den"}
    return {"values": metric.id}


def _shown(value: float | None) -> str:
    if value is None:
        return "blank"
    return str(int(value)) if float(value).is_integer() else str(value)


def last_saved_by(plan: Plan) -> tuple[str, str]:
    """Who saved the plan last, and when, in words ("Ann Example", "14:05 on 3 October 2019")."""
    last = plan.audit.select_related("actor").first()
    who = (last.actor.get_full_name() or last.actor.username) if last and last.actor else "Someone"
    at = localtime(last.at) if last else None
    when = f"{at:%H:%M} on {present.date(at.date())}" if at else "recently"
    return who, when


def _trajectory_conflict(request: HttpRequest, plan: Plan, commitment, years: list[str]) -> dict:
    """Someone saved the plan since the form was opened: who and when, and at each field where
    their saved value and the posted one differ, both; the form keeps the posted values, with
    the plan's new lock version, so saving again means "use mine". The plan is as saved now:
    read after that save, or read again by the refused one."""
    from ltpif.web.planning.queries import document

    found = document(plan).commitment_plan(commitment.id)
    saved = {t.metric: t for t in found[1].trajectories} if found else {}
    differences: list[tuple[str, str]] = []
    for metric in commitment.metric:
        trajectory = saved.get(metric.id)
        for part, prefix in _trajectory_fields(metric).items():
            theirs_by_year = getattr(trajectory, part) if trajectory else {}
            for year in years:
                field = f"{prefix}__{year}"
                raw = request.POST.get(field, "").strip()
                theirs = theirs_by_year.get(year)
                try:
                    mine = (
                        None if is_blank(raw) else parse_number(raw, unit=part_unit(metric, part))
                    )
                except BadNumber:
                    mine = raw
                if mine != theirs:
                    differences.append(
                        (field, f"{year}: theirs {_shown(theirs)}, yours {raw or 'blank'}")
                    )
    who, when = last_saved_by(plan)
    if differences:
        choice = (
            f"{len(differences)} of your values differ from theirs, shown at each field. "
            "Keep theirs, or use yours instead."
        )
    else:
        choice = "Your values are the same as theirs. Keep theirs, or save yours again."
    message = f"{who} saved this plan at {when}, after you opened it. Nothing was saved. {choice}"
    return {
        "errors": [("conflict", message), *differences],
        "conflict_by": who,
        "conflict_at": when,
        "conflict_message": message,
        "differences": dict(differences),
    }


# the save writes only the plan: its checks and the page answering it read the rest once
@plan_view(Action.EDIT_PLAN, POST, reads_once=True)
def save_trajectories(request: HttpRequest, plan: Plan, commitment_id: str) -> HttpResponse:
    from ltpif.web.planning.queries import pack_of

    pack = pack_of(plan)
    commitment = pack.commitment_by_id.get(commitment_id)

    def do() -> None:
        if commitment is None:
            raise FormErrors([("commitment", f"No commitment {commitment_id}")])
        errors: list[tuple[str, str]] = []
        trajectories = []
        for metric in commitment.metric:
            parts = {
                part: _numbers(request, prefix, pack.plan_years, part_unit(metric, part), errors)
                for part, prefix in _trajectory_fields(metric).items()
            }
            trajectories.append({"metric": metric.id, **parts})
        if errors:
            raise FormErrors(errors)
        actions.update_trajectories(
            plan=plan,
            commitment=commitment_id,
            trajectories=trajectories,
            lock_version=_lock_version(request),
            by=request.user,
        )

    def render(extra: dict, status: int) -> HttpResponse:
        if extra.get("conflict") and not extra.get("busy") and commitment is not None:
            extra = {**extra, **_trajectory_conflict(request, plan, commitment, pack.plan_years)}
        return commitment_page(request, plan, commitment_id, extra, status)

    return _run(
        request,
        do,
        render,
        "Trajectories saved.",
        request.path.rstrip("/").rpartition("/")[0] + "/",
    )


@plan_view(Action.EDIT_PLAN, POST)
def save_commitment(request: HttpRequest, plan: Plan, commitment_id: str) -> HttpResponse:
    def do() -> None:
        actions.update_commitment(
            plan=plan,
            commitment=commitment_id,
            lead_name=request.POST.get("lead_name", ""),
            lead_role=request.POST.get("lead_role", ""),
            narrative=request.POST.get("narrative", ""),
            local_justification=request.POST.get("local_justification", ""),
            lock_version=_lock_version(request),
            by=request.user,
        )

    return _run_on_commitment(request, plan, commitment_id, do, "Commitment saved.")


@plan_view(Action.EDIT_PLAN, POST)
def save_narrative(request: HttpRequest, plan: Plan) -> HttpResponse:
    def do() -> None:
        actions.update_narrative(
            plan=plan,
            field=request.POST.get("field", ""),
            text=request.POST.get("text", ""),
            lock_version=_lock_version(request),
            by=request.user,
        )

    return _run(
        request,
        do,
        lambda extra, status: render_tab(request, plan, "narrative", extra, status),
        "Section saved.",
        f"/plans/{plan.system_id}/narrative/",
    )


_MATURITY_PATH = re.compile(r"^(?:maturity\.)?characteristics\[(\d+)\]\.(levels|evidence)\.(.+)$")


def _maturity_fields(request: HttpRequest, pack) -> tuple[dict[str, str], list[dict] | None]:
    """The posted levels: per characteristic (`level__<characteristic>__<year>` and
    `evidence__<characteristic>__<year>`), or, from a page before them, `level__<year>`."""
    known = [c.id for c in pack.maturity.characteristic]
    legacy: dict[str, str] = {}
    given: dict[str, dict] = {}
    errors = []
    for name, value in request.POST.items():
        kind, _, rest = name.partition("__")
        if kind not in ("level", "evidence") or not rest:
            continue
        characteristic, _, year = rest.rpartition("__")
        if not characteristic:
            if kind == "level" and value:
                legacy[rest] = value
            continue
        if characteristic not in known:
            errors.append(
                (name, f"“{characteristic}” is not a characteristic of a mature ICS in the pack")
            )
            continue
        entry = given.setdefault(characteristic, {"levels": {}, "evidence": {}})
        if value.strip():
            entry["levels" if kind == "level" else "evidence"][year] = value.strip()
    if errors:
        raise FormErrors(errors)
    if not given:
        return legacy, None
    return {}, [
        {"characteristic": c, **given[c]}
        for c in known
        if c in given and (given[c]["levels"] or given[c]["evidence"])
    ]


@plan_view(Action.EDIT_PLAN, POST)
def save_maturity(request: HttpRequest, plan: Plan) -> HttpResponse:
    from ltpif.web.planning.queries import pack_of
    from ltpif.web.views.plan_pages import maturity_page

    pack = pack_of(plan)

    def do() -> None:
        assessment, characteristics = _maturity_fields(request, pack)
        try:
            actions.update_maturity(
                plan=plan,
                assessment=assessment,
                characteristics=characteristics,
                evidence=request.POST.get("evidence", ""),
                lock_version=_lock_version(request),
                by=request.user,
            )
        except actions.Invalid as exc:
            raise FormErrors([_at_field(p, characteristics) for p in exc.problems]) from None

    return _run(
        request,
        do,
        lambda extra, status: maturity_page(request, plan, extra, status),
        "Maturity self-assessment saved.",
        f"/plans/{plan.system_id}/maturity/",
    )


def _at_field(problem: tuple[str, str], characteristics: list[dict] | None) -> tuple[str, str]:
    """A problem found in the saved document, put at the form field it came from."""
    where, message = problem
    match = _MATURITY_PATH.match(where)
    if match is None or not characteristics:
        return problem
    index, part, year = int(match.group(1)), match.group(2), match.group(3)
    characteristic = characteristics[index]["characteristic"]
    kind = "level" if part == "levels" else "evidence"
    return f"{kind}__{characteristic}__{year}", message[:1].upper() + message[1:]


def _filled(
    request: HttpRequest,
    fields: tuple[str, ...],
    required: tuple[str, ...],
    dates: dict[str, tuple[str, bool]] | None = None,
) -> dict:
    """The posted fields, stripped and without blanks; FormErrors naming each missing one.
    `dates` maps a field to the NHS date input it is typed in and whether it is required."""
    values = {k: request.POST.get(k, "").strip() for k in fields}
    errors: list[tuple[str, str]] = []
    for field, (boxes, needed) in (dates or {}).items():
        values[field] = posted_iso(request.POST, boxes, errors, required=needed)
    bad = {name for name, _ in errors}
    dated = {field for field, (boxes, _) in (dates or {}).items() if boxes in bad}
    errors += [
        (k, f"Enter the {k.replace('_', ' ')}")
        for k in required
        if not values[k] and k not in dated
    ]
    if errors:
        raise FormErrors(errors)
    return {k: v for k, v in values.items() if v}


def _on_engagement_tab(request: HttpRequest, plan: Plan, do, message: str) -> HttpResponse:
    return _run(
        request,
        do,
        lambda extra, status: render_tab(request, plan, "engagement", extra, status),
        message,
        f"/plans/{plan.system_id}/engagement/",
    )


@plan_view(Action.RECORD_ENGAGEMENT, POST)
def add_engagement(request: HttpRequest, plan: Plan) -> HttpResponse:
    def do() -> None:
        event = _filled(
            request,
            ("date", "partner", "partner_name", "kind", "summary"),
            ("date", "partner", "partner_name", "kind"),
            {"date": ("date", True)},
        )
        actions.record_engagement(plan=plan, event=event, by=request.user)

    return _on_engagement_tab(request, plan, do, "Engagement recorded.")


@plan_view(Action.SIGN_OFF, POST)
def add_sign_off(request: HttpRequest, plan: Plan) -> HttpResponse:
    def do() -> None:
        fields = _filled(
            request,
            ("partner", "name", "status", "date", "concerns", "version", "plan_sha256"),
            ("partner", "status"),
            {"date": ("signed_on", False)},
        )
        signing.sign(plan=plan, fields=fields, by=request.user)

    return _on_engagement_tab(request, plan, do, "Sign-off recorded.")


@plan_view(Action.SIGN_OFF, POST)
def close_concerns(request: HttpRequest, plan: Plan, index: int) -> HttpResponse:
    def do() -> None:
        signing.close_concerns(
            plan=plan,
            index=index,
            outcome=request.POST.get("outcome", "").strip(),
            note=request.POST.get("note", ""),
            by=request.user,
        )

    return _on_engagement_tab(request, plan, do, "Concerns closed.")
