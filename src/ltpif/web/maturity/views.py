"""ICS maturity pages: the plan's tab (self-assessment, the region's moderation, the freedoms
earned), the moderation form's action, and the national view with its chart and CSV."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from markupsafe import Markup

from ltpif.interchange.publication import svg
from ltpif.interchange.publication.opendata import csv_text
from ltpif.plans.access import Action, Target, can
from ltpif.plans.maturity import (
    characteristic_levels,
    counted_level,
    freedoms_at,
    level_names,
    system_levels,
    waived_review_areas,
    waived_rules,
)
from ltpif.rollup.maturity import MaturityRollup, now_year, rollup_maturity
from ltpif.web.maturity import actions
from ltpif.web.maturity.queries import latest, national_inputs
from ltpif.web.planning.actions import Invalid
from ltpif.web.planning.models import Plan
from ltpif.web.views.common import POST, forbidden, may, page, plan_view, today, with_actor


def maturity_context(request: HttpRequest, ctx) -> dict:
    """What the plan's maturity tab shows beyond the plan's own context (`ctx`: PlanContext)."""
    pack, doc, plan = ctx.pack, ctx.doc, ctx.plan
    levels = characteristic_levels(pack, doc)
    own = {entry.characteristic: entry for entry in doc.maturity.characteristics}
    rows = latest([plan.system_id]).get(plan.system_id, {})
    moderations = {key: row.level for key, row in rows.items()}
    year = now_year(pack, today())
    level = counted_level(pack, levels, moderations, year)
    earned = set(freedoms_at(pack, level))
    waived = waived_rules(pack, level)
    areas = waived_review_areas(pack, level)
    return {
        "names": level_names(pack),
        "levels": levels,
        "own_evidence": {c: dict(entry.evidence) for c, entry in own.items()},
        "per_characteristic": bool(own),
        "moderation_rows": rows,
        "self_levels": system_levels(pack, doc),
        "moderated_count": {
            y: sum((c.id, y) in moderations for c in pack.maturity.characteristic)
            for y in pack.plan_years
        },
        "moderated_levels": {
            y: counted_level(pack, levels, moderations, y) for y in pack.plan_years
        },
        "now_year": year,
        "counted_level": level,
        "freedoms": [(f, f.id in earned) for f in pack.maturity.freedom],
        "waived_rules": [r for r in pack.rules.rule if r.id in waived],
        "waived_areas": [a for a in pack.sections.section if a.id in areas],
        "can_moderate": may(request.actor, Action.MODERATE_MATURITY, plan),
        "moderation_year": request.POST.get("year") or year,
    }


def _decisions(request: HttpRequest) -> dict[str, dict[str, str]]:
    """characteristic → its posted decision, level and reason (a characteristic left without a
    decision is left as it is)."""
    found: dict[str, dict[str, str]] = {}
    for name, value in request.POST.items():
        kind, _, characteristic = name.partition("__")
        if kind in ("decision", "level", "reason") and characteristic:
            found.setdefault(characteristic, {})[kind] = value
    return {c: answer for c, answer in found.items() if answer.get("decision")}


@plan_view(Action.VIEW_PLAN, POST)
def moderate(request: HttpRequest, plan: Plan) -> HttpResponse:
    from ltpif.web.views.plan_pages import maturity_page

    if not may(request.actor, Action.MODERATE_MATURITY, plan):
        return forbidden(request, "Only the system's region moderates its maturity.")
    try:
        actions.moderate(
            plan=plan,
            year=request.POST.get("year", ""),
            decisions=_decisions(request),
            by=request.user,
        )
    except Invalid as exc:
        extra = {"moderation_errors": exc.problems, "errors": exc.problems, "posted": request.POST}
        return maturity_page(request, plan, extra, 400)
    messages.success(request, "Moderation saved.")
    return redirect(f"/plans/{plan.system_id}/maturity/")


def _national(request: HttpRequest) -> MaturityRollup | HttpResponse:
    if not can(request.actor, Action.VIEW_NATIONAL, Target(None, None)):
        return forbidden(request, "England's ICS maturity is for the national team and observers.")
    return rollup_maturity(_pack(), national_inputs(_pack()), today())


def _pack():
    from ltpif.web.organisations.rounds import current_pack

    return current_pack()


def _rows(rollup: MaturityRollup, names: dict[str, str]) -> list[dict]:
    return [
        {
            "region": s.region,
            "system": s.name,
            "code": s.code,
            f"level_{rollup.now_year}": names.get(s.now or "", ""),
            "now_moderated": "yes" if s.now_moderated else "no",
            f"level_{rollup.due_year}": names.get(s.planned or "", ""),
            "planned_moderated": "yes" if s.planned_moderated else "no",
            "reaches_mature": "yes" if s.reaches else "no",
        }
        for s in rollup.systems
    ]


def chart(rollup: MaturityRollup) -> Markup:
    title = (
        f"Systems at the mature level or above, by region: now ({rollup.now_year}) and "
        f"planned for {rollup.due_year}"
    )
    drawing = svg.bar_chart(
        title,
        [(r.region, float(r.mature_now), float(r.mature_planned)) for r in rollup.regions],
        (f"mature now ({rollup.now_year})", f"planned mature ({rollup.due_year})"),
    )
    return Markup(drawing)  # svg.py escapes every text it writes


@with_actor
def national(request: HttpRequest) -> HttpResponse:
    rollup = _national(request)
    if isinstance(rollup, HttpResponse):
        return rollup
    pack = _pack()
    names = level_names(pack)
    return page(
        request,
        "maturity/national.html",
        {
            "rollup": rollup,
            "names": names,
            "chart": chart(rollup),
            "total": len(rollup.systems),
            "mature_name": names[rollup.mature_level],
        },
    )


@with_actor
def national_csv(request: HttpRequest) -> HttpResponse:
    rollup = _national(request)
    if isinstance(rollup, HttpResponse):
        return rollup
    response = HttpResponse(
        csv_text(_rows(rollup, level_names(_pack()))), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="ics-maturity.csv"'
    return response
