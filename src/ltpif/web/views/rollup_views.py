"""The roll-up dashboards: every plan against the national ambitions, nationally and by region.

National pages are for the national team and observers; a region's are also for its
assurance team, and show only the region's systems and totals. Each chart's numbers download
as CSV from the same rows the chart is drawn from.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from markupsafe import Markup

from ltpif.framework.kept import Latest
from ltpif.interchange.publication.opendata import csv_text
from ltpif.plans.access import Action, Target, can
from ltpif.plans.document import Plan
from ltpif.rollup.funding import gbp, money_side_by_side, money_totals
from ltpif.rollup.gap import AmbitionGap
from ltpif.rollup.regional import system_share_series
from ltpif.rollup.table import system_regions
from ltpif.web.funding.queries import awards
from ltpif.web.landscape.rollup_footprint import current  # by the footprint of each year
from ltpif.web.planning.current_rollup import Current
from ltpif.web.planning.models import Region
from ltpif.web.planning.regions import region_of
from ltpif.web.views import rollup_charts
from ltpif.web.views.common import forbidden, page, with_actor


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return page(request, "error.html", {"title": "Page not found", "message": message}, 404)


def _scope(request: HttpRequest, code: str | None) -> Region | HttpResponse | None:
    """The region (None for the nation) the actor may see, or the response refusing it."""
    if code is None:
        if not can(request.actor, Action.VIEW_NATIONAL, Target(None, None)):
            return forbidden(
                request, "The national roll-up is for the national team and observers."
            )
        return None
    if not can(request.actor, Action.VIEW_REGION, Target(None, code)):
        return forbidden(
            request, "This region's roll-up is for its assurance team and the national team."
        )
    region = region_of(code)
    return region if region is not None else _not_found(request, "No such region.")


def _gap(now: Current, ambition: str) -> AmbitionGap | None:
    return next((g for g in now.rollup.gaps if g.ambition.id == ambition), None)


def _base(region: Region | None) -> str:
    return f"/rollup/regions/{region.code}/" if region else "/rollup/"


def _context(request: HttpRequest, now: Current, region: Region | None) -> dict:
    actor = request.actor
    return {
        "now": now,
        "region": region,
        "base": _base(region),
        "pack": now.rollup.pack,
        "cell": rollup_charts.cell,
        "can_what_if": can(actor, Action.WHAT_IF, Target(actor.system, actor.region)),
    }


def _csv(rows: list[dict], filename: str) -> HttpResponse:
    response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _stem(region: Region | None) -> str:
    return f"region-{region.code}" if region else "national"


# each overview's body (by region; "" for England), kept while the roll-up is the same object
# (it is while no plan changes), the awards and the right to the what-if page are unchanged;
# after a change, drawn again only when a figure shown changed (a save seldom changes one)
_bodies: Latest[Markup] = Latest(16)
_drawn: Latest[Markup] = Latest(16)


@with_actor
def overview(request: HttpRequest, code: str | None = None) -> HttpResponse:
    region = _scope(request, code)
    if isinstance(region, HttpResponse):
        return region
    now = current()
    plans = _plans(now, region)
    awarded = awards(plans)
    context = _context(request, now, region)
    slot = region.code if region else ""
    named = region.name if region else None
    # the roll-up by identity (its id first: another roll-up differs there, not compared whole)
    made_from = (id(now), now, awarded, context["can_what_if"], named)

    def body() -> Markup:
        pack, included = now.rollup.pack, now.included
        rows = rollup_charts.summary_rows(pack, now.rollup, region.code if region else None)
        funds = money_totals(money_side_by_side(plans, awarded, pack.plan_years[1:]))
        # what the body shows: the figures, what was included, the pack's (its wording)
        shown = (rows, funds, (pack.id, pack.meta.version), len(included.plans))
        shown += (included.statuses, included.excluded, context["can_what_if"], named)
        gaps = {g.ambition.id: g for g in now.rollup.gaps}
        more = {"rows": rows, "gaps": gaps, "funds": funds, "gbp": gbp}
        return _drawn.get(
            slot,
            shown,
            lambda: Markup(render_to_string("rollup/_overview_body.html", context | more)),
        )

    drawn = _bodies.get(slot, made_from, body)
    return page(request, "rollup/overview.html", {"region": region, "body": drawn})


def _plans(now: Current, region: Region | None) -> Mapping[str, Plan]:
    """England's plans rolled up, or the region's (its systems as the roll-up counts them)."""
    plans = now.rollup.plans
    if region is None:
        return plans
    regions = system_regions(now.rollup.pack)
    return {code: plan for code, plan in plans.items() if regions.get(code) == region.code}


@with_actor
def summary_csv(request: HttpRequest, code: str | None = None) -> HttpResponse:
    region = _scope(request, code)
    if isinstance(region, HttpResponse):
        return region
    now = current()
    rows = rollup_charts.summary_rows(now.rollup.pack, now.rollup, region.code if region else None)
    return _csv(rows, f"{_stem(region)}-ambitions.csv")


@with_actor
def ambition(request: HttpRequest, ambition: str, code: str | None = None) -> HttpResponse:
    region = _scope(request, code)
    if isinstance(region, HttpResponse):
        return region
    now = current()
    gap = _gap(now, ambition)
    if gap is None:
        return _not_found(request, f"No national ambition {ambition!r}.")
    charts = rollup_charts.charts(now.rollup.pack, now.rollup, gap, region.code if region else None)
    return page(
        request,
        "rollup/ambition.html",
        {
            **_context(request, now, region),
            "gap": gap,
            "charts": charts,
            "system_shares": system_share_series(
                now.rollup.pack, gap, region.code if region else None
            )
            if gap.shares is not None
            else [],
        },
    )


@with_actor
def chart_csv(
    request: HttpRequest, ambition: str, chart: str, code: str | None = None
) -> HttpResponse:
    region = _scope(request, code)
    if isinstance(region, HttpResponse):
        return region
    now = current()
    gap = _gap(now, ambition)
    found = (
        rollup_charts.chart(
            now.rollup.pack, now.rollup, gap, region.code if region else None, chart
        )
        if gap
        else None
    )
    if found is None:
        return _not_found(request, f"No chart {chart!r} of ambition {ambition!r}.")
    return _csv(found.rows, f"{_stem(region)}-{ambition}-{chart}.csv")
