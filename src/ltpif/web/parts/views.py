"""A plan part's form: GET shows it with the plan's values, POST saves it through one action.

Bad input is shown again with the NHS error summary and the message at each field, nothing
saved; a save after someone else's (409) shows who and when, their value and yours at each
field that differs, and lets the planner keep theirs or use theirs' lock to save theirs over.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ltpif.app.dates import BadDate
from ltpif.app.plan_parts import (
    PARTS,
    Field,
    Part,
    flat,
    part_fields,
    prefix_of,
    rows_of,
    shown,
)
from ltpif.framework.numbers import BadNumber, parse_number
from ltpif.plans.access import Action
from ltpif.web.parts import actions as part_actions
from ltpif.web.parts.forms import at_form_rows, read_part
from ltpif.web.planning import actions
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import document, pack_of
from ltpif.web.views.common import FORM, page, plan_view
from ltpif.web.views.date_input import posted_date
from ltpif.web.views.plan_edit import FormErrors, _lock_version, last_saved_by
from ltpif.web.views.plan_pages import context_for


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return page(request, "error.html", {"title": "Page not found", "message": message}, 404)


def _form_url(plan: Plan, part: Part, commitment_id: str | None) -> str:
    if part.id == "milestones":
        return f"/plans/{plan.system_id}/commitments/{commitment_id}/milestones/"
    return f"/plans/{plan.system_id}/parts/{part.id}/"


def _back_url(plan: Plan, part: Part, commitment_id: str | None) -> str:
    if part.id == "milestones":
        return f"/plans/{plan.system_id}/commitments/{commitment_id}/#milestones"
    if part.tab == "overview":  # the overview's address is the plan's; the part is a task there
        return f"/plans/{plan.system_id}/#task-{part.id}"
    return f"/plans/{plan.system_id}/{part.tab}/#{part.id}"


def _row_title(record, fields: tuple[Field, ...]) -> str:
    for name in ("name", "staff_group", "item", "scheme", "description"):
        if any(f.name == name for f in fields) and getattr(record, name, ""):
            return str(getattr(record, name))
    return ""


def _heading(part: Part, commitment) -> str:
    return f"{part.title}: {commitment.title}" if commitment is not None else part.title


def part_page(
    request: HttpRequest,
    plan: Plan,
    part: Part,
    commitment_id: str | None,
    extra: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    ctx = context_for(plan)
    commitment = ctx.pack.commitment_by_id.get(commitment_id or "")
    fields = part_fields(part, ctx.pack, commitment_id)
    records = rows_of(part, ctx.doc, commitment_id)
    years = ctx.pack.plan_years
    extra = extra or {}
    posted = extra.get("posted") or {}
    posted_rows = [
        int(name[len(part.key) + 1 :].partition("]")[0])
        for name in posted
        if name.startswith(f"{part.key}[") and name[len(part.key) + 1 :].partition("]")[0].isdigit()
    ]
    count = max([len(records), *(r + 1 for r in posted_rows)]) + 1
    context = {
        **ctx.as_dict(request, part.tab),
        "part": part,
        "fields": fields,
        "years": years,
        "year_options": [(year, year) for year in years],
        "values": flat(part, records, fields, years),
        "row_count": count if part.many else 1,
        "existing": len(records),
        "row_titles": [_row_title(r, fields) for r in records],
        "heading": _heading(part, commitment),
        "commitment": commitment,
        "form_url": _form_url(plan, part, commitment_id),
        "back_url": _back_url(plan, part, commitment_id),
        "lock_version": posted.get("lock_version", plan.lock_version),
        "errors": [],
        "posted": {},
        **extra,
    }
    return page(request, "plan/part.html", context, status)


def _normal(raw: str, f: Field) -> str:
    """A posted value as the stored one is shown, to compare them."""
    if f.kind in ("number", "years", "grid"):
        try:
            return shown(parse_number(raw, unit=f.unit)) if raw.strip() else ""
        except BadNumber:
            return raw.strip()
    if f.kind == "lines":
        return "\n".join(line.strip() for line in raw.splitlines() if line.strip())
    return raw.strip()


def _yours(post, name: str, f: Field) -> tuple[str, str]:
    """The posted value of field `name` (compared, and as the planner typed it)."""
    if f.kind == "date":
        boxes = " ".join(post.get(f"{name}-{b}", "").strip() for b in ("day", "month", "year"))
        try:
            day = posted_date(post, name)
        except BadDate:
            return boxes.strip(), boxes.strip()
        return (day.isoformat() if day else ""), boxes.strip()
    raw = post.get(name, "")
    return _normal(raw, f), raw.strip()


def _named_fields(part: Part, fields, years, rows: int) -> list[tuple[str, Field]]:
    """Every field name of the form, with its field."""
    out: list[tuple[str, Field]] = []

    def walk(fs, at: str) -> None:
        for f in fs:
            name = at + f.name
            if f.kind == "years":
                out.extend((f"{name}.{y}", f) for y in years)
            elif f.kind == "grid":
                out.extend((f"{name}.{y}.{c.name}", c) for y in years for c in f.columns)
            elif f.kind == "record":
                walk(f.columns, name + ".")
            else:
                out.append((name, f))

    for row in range(rows):
        walk(fields, f"{part.key}[{row}]." if part.many else "")
    return out


def _conflict(request: HttpRequest, plan: Plan, part: Part, commitment_id: str | None) -> dict:
    """Someone saved since the form was opened: who and when, and at each field where theirs
    and yours differ, both. The form keeps yours, with the plan's new lock version, so saving
    again means "use mine"; "keep theirs" opens the form afresh."""
    plan.refresh_from_db()
    ctx = context_for(plan)
    fields = part_fields(part, ctx.pack, commitment_id)
    records = rows_of(part, document(plan), commitment_id)
    theirs = flat(part, records, fields, ctx.pack.plan_years)
    post = request.POST
    posted_rows = read_part(part, fields, post, []).rows
    rows = max(len(records), *(r + 1 for r in posted_rows), 0) + 1 if part.many else 1
    differences = []
    for name, f in _named_fields(part, fields, ctx.pack.plan_years, rows):
        compared, typed = _yours(post, name, f)
        theirs_value = theirs.get(name, "")
        if compared != theirs_value:
            differences.append(
                (name, f"Theirs: {theirs_value or 'blank'}. Yours: {typed or 'blank'}.")
            )
    who, when = last_saved_by(plan)
    choice = (
        f"{len(differences)} of your values differ from theirs, shown at each field. Keep "
        "theirs, or use yours instead."
        if differences
        else "Your values are the same as theirs. Keep theirs, or save yours again."
    )
    message = f"{who} saved this plan at {when}, after you opened it. Nothing was saved. {choice}"
    return {
        "errors": [("conflict", message), *differences],
        "conflict_message": message,
        "posted": post,
        "lock_version": plan.lock_version,
    }


def _save(request: HttpRequest, plan: Plan, part: Part, commitment_id: str | None):
    actions.require(request.user, Action.EDIT_PLAN, plan)
    pack, doc = pack_of(plan), document(plan)
    fields = part_fields(part, pack, commitment_id)

    def render(extra: dict, status: int) -> HttpResponse:
        return part_page(request, plan, part, commitment_id, extra, status)

    posted = read_part(part, fields, request.POST, pack.plan_years)
    try:
        lock_version = _lock_version(request)
        if posted.errors:
            raise FormErrors(posted.errors)
        part_actions.save_part(
            plan=plan,
            part=part,
            records=posted.records,
            lock_version=lock_version,
            commitment=commitment_id,
            by=request.user,
        )
    except FormErrors as exc:
        return render({"errors": exc.errors, "posted": request.POST}, 400)
    except actions.Invalid as exc:
        prefix = prefix_of(part, doc, commitment_id)
        errors = at_form_rows(part, exc.problems, prefix, posted.rows)
        return render({"errors": errors, "posted": request.POST}, 400)
    except actions.Busy as exc:  # nobody's change in the way: the same form may be sent again
        return render({"errors": [("part-form", str(exc))], "posted": request.POST}, 409)
    except actions.Conflict:
        return render(_conflict(request, plan, part, commitment_id), 409)
    heading = _heading(part, pack.commitment_by_id.get(commitment_id or ""))
    messages.success(request, f"{heading} saved.")
    return redirect(_back_url(plan, part, commitment_id))


@plan_view(Action.VIEW_PLAN, FORM)
def part_form(request: HttpRequest, plan: Plan, part_id: str) -> HttpResponse:
    part = PARTS.get(part_id)
    if part is None or part.id == "milestones":
        return _not_found(request, f"A plan has no part called {part_id}.")
    if request.method == "POST":
        return _save(request, plan, part, None)
    return part_page(request, plan, part, None)


@plan_view(Action.VIEW_PLAN, FORM)
def milestones_form(request: HttpRequest, plan: Plan, commitment_id: str) -> HttpResponse:
    part = PARTS["milestones"]
    if commitment_id not in pack_of(plan).commitment_by_id:
        return _not_found(request, f"The framework has no commitment {commitment_id}.")
    if request.method == "POST":
        return _save(request, plan, part, commitment_id)
    return part_page(request, plan, part, commitment_id)
