"""A system's own local priorities on the plan's pages: add, change, remove (issue 15 item 2).

The form's fields are named as the plan file's keys (`metrics[0].unit`), so a problem the
plan's validation (plans.validate, the one home) finds is shown at the field it names.
"""

from __future__ import annotations

import re
from typing import get_args

from django.http import HttpRequest, HttpResponse

from ltpif.framework.numbers import BadNumber, Unit, is_blank, parse_number
from ltpif.plans.access import Action
from ltpif.web.planning import actions
from ltpif.web.planning.models import Plan
from ltpif.web.views.common import FORM, POST, page, plan_view
from ltpif.web.views.date_input import posted_iso
from ltpif.web.views.plan_edit import FormErrors, _lock_version, _run
from ltpif.web.views.plan_pages import context_for

METRIC_FIELDS = ("id", "name", "unit", "polarity", "target", "by")
MILESTONE_FIELDS = ("date", "description", "evidence")
_ROW = re.compile(r"^(metrics|milestones)\[(\d+)\]")


def _rows(request: HttpRequest, kind: str) -> list[int]:
    """The form's row numbers of `metrics` or `milestones` that hold anything."""
    rows = set()
    for name, value in request.POST.items():
        match = _ROW.match(name)
        if match and match.group(1) == kind and value.strip():
            rows.add(int(match.group(2)))
    return sorted(rows)


def _number(raw: str, unit: str | None, field: str, errors: list) -> float | None:
    try:
        return parse_number(raw, unit=unit or None)
    except BadNumber as exc:
        errors.append((field, exc.message))
        return None


def _posted_priority(request: HttpRequest, years: list[str]) -> tuple[dict, dict]:
    """The posted local priority as the plan file writes it, and the form row of each record
    row ({"metrics": [form row, ...], ...}); FormErrors for numbers that are not."""
    post = request.POST
    text = {k: post.get(k, "").strip() for k in ("id", "title", "rationale", "strategy", "theme")}
    priority: dict = {k: v for k, v in text.items() if v or k in ("id", "title")}
    if post.get("lead_name", "").strip():
        priority["clinical_lead"] = {
            "name": post["lead_name"].strip(),
            "role": post.get("lead_role", "").strip(),
        }
    errors: list[tuple[str, str]] = []
    rows = {"metrics": _rows(request, "metrics"), "milestones": _rows(request, "milestones")}
    metrics = []
    for row in rows["metrics"]:
        at = f"metrics[{row}]"
        given = {k: post.get(f"{at}.{k}", "").strip() for k in METRIC_FIELDS}
        unit = given["unit"] or None
        metric: dict = {k: given[k] for k in ("id", "name", "unit", "polarity", "by") if given[k]}
        metric.setdefault("id", "")
        metric.setdefault("name", "")
        if given["target"]:
            metric["target"] = _number(given["target"], unit, f"{at}.target", errors)
        trajectory = {}
        for year in years:
            raw = post.get(f"{at}.trajectory.{year}", "")
            if not is_blank(raw):
                trajectory[year] = _number(raw, unit, f"{at}.trajectory.{year}", errors)
        metric["trajectory"] = trajectory
        metrics.append(metric)
    milestones = []
    for row in rows["milestones"]:
        at = f"milestones[{row}]"
        given = {k: post.get(f"{at}.{k}", "").strip() for k in MILESTONE_FIELDS if k != "date"}
        given["date"] = posted_iso(post, f"{at}.date", errors, required=True)
        milestone = {k: v for k, v in given.items() if v}
        milestone.setdefault("description", "")
        milestones.append(milestone)
    if errors:
        raise FormErrors(errors)
    priority["metrics"] = metrics
    priority["milestones"] = milestones
    return priority, rows


def _at_form_row(problems: list[tuple[str, str]], rows: dict) -> list[tuple[str, str]]:
    """Problems of the record, at the form's own row numbers (blank rows are left out)."""

    def to_form(match: re.Match) -> str:
        kind, index = match.group(1), int(match.group(2))
        form_rows = rows[kind]
        return f"{kind}[{form_rows[index] if index < len(form_rows) else index}]"

    return [(_ROW.sub(to_form, where), message) for where, message in problems]


def priority_page(
    request: HttpRequest,
    plan: Plan,
    priority_id: str | None,
    extra: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    ctx = context_for(plan)
    priority = next((p for p in ctx.doc.local_priorities if p.id == priority_id), None)
    if priority_id is not None and priority is None:
        message = f"The plan has no local priority {priority_id}."
        return page(request, "error.html", {"title": "Page not found", "message": message}, 404)
    context = {
        **ctx.as_dict(request, "commitments"),
        "priority": priority,
        "themes": sorted(((t.id, t.name) for t in ctx.pack.theme_by_id.values()), key=_name),
        "units": [(unit, unit) for unit in get_args(Unit)],
        "years": [(year, year) for year in ctx.pack.plan_years],
        "polarities": POLARITIES,
        **(extra or {}),
    }
    return page(request, "plan/local_priority.html", context, status)


def _name(option: tuple[str, str]) -> str:
    return option[1]


POLARITIES = (
    ("higher_is_better", "Higher is better"),
    ("lower_is_better", "Lower is better"),
    ("neutral", "Neither"),
)


def _save(request: HttpRequest, plan: Plan, priority_id: str | None) -> HttpResponse:
    from ltpif.web.planning.queries import pack_of

    years = pack_of(plan).plan_years

    def do() -> None:
        priority, rows = _posted_priority(request, years)
        lock_version = _lock_version(request)
        try:
            actions.save_local_priority(
                plan=plan,
                priority_id=priority_id,
                priority=priority,
                lock_version=lock_version,
                by=request.user,
            )
        except actions.Invalid as exc:
            raise FormErrors(_at_form_row(exc.problems, rows)) from None

    return _run(
        request,
        do,
        lambda extra, status: priority_page(request, plan, priority_id, extra, status),
        "Local priority saved.",
        f"/plans/{plan.system_id}/commitments/",
    )


@plan_view(Action.VIEW_PLAN, FORM)
def new_priority(request: HttpRequest, plan: Plan) -> HttpResponse:
    if request.method != "POST":
        return priority_page(request, plan, None)
    return _edit(request, plan, None)


@plan_view(Action.VIEW_PLAN, FORM)
def priority(request: HttpRequest, plan: Plan, priority_id: str) -> HttpResponse:
    if request.method != "POST":
        return priority_page(request, plan, priority_id)
    return _edit(request, plan, priority_id)


def _edit(request: HttpRequest, plan: Plan, priority_id: str | None) -> HttpResponse:
    actions.require(request.user, Action.EDIT_PLAN, plan)
    return _save(request, plan, priority_id)


@plan_view(Action.EDIT_PLAN, POST)
def remove_priority(request: HttpRequest, plan: Plan, priority_id: str) -> HttpResponse:
    def do() -> None:
        actions.remove_local_priority(
            plan=plan,
            priority_id=priority_id,
            lock_version=_lock_version(request),
            by=request.user,
        )

    return _run(
        request,
        do,
        lambda extra, status: priority_page(request, plan, priority_id, extra, status),
        "Local priority removed.",
        f"/plans/{plan.system_id}/commitments/",
    )
