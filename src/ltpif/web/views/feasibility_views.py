"""The Feasibility tab's charts as CSV; its capacity what-if (change the completed pathways
planned for a year, see the projected list and the 52-week waiters move; nothing is saved);
and the roll-up of feasibility findings for a region and the nation."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from ltpif.app import feasibility_rollup
from ltpif.app import feasibility_tables as tables
from ltpif.web.landscape.rollup_footprint import current  # by the footprint of each year
from ltpif.web.organisations.rounds import current_plans
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import document, documents, pack_of
from ltpif.web.views import feasibility_charts, rollup_charts, rollup_views
from ltpif.web.views.common import FORM, page, plan_view, with_actor


@plan_view()
def chart_csv(request: HttpRequest, plan: Plan, slug: str) -> HttpResponse:
    """One of the tab's charts as CSV: exactly its table's rows (a header alone if none)."""
    make = feasibility_charts.CHARTS.get(slug)
    if make is None:
        raise Http404("No such chart")
    chart = make(pack_of(plan), document(plan))
    response = HttpResponse(
        feasibility_charts.chart_csv(chart), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{plan.system_id}-{slug}.csv"'
    return response


@plan_view(methods=FORM)
def what_if(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The completed pathways by year as a form, the plan's to start with; posted, the list
    and the 52-week waiters with the plan's capacity and with the one tried."""
    from ltpif.web.views.plan_pages import context_for

    ctx = context_for(plan)
    years = tables.what_if_years(ctx.pack, ctx.doc)
    planned = {row.year: row.completions for row in tables.projection_rows_only(ctx.pack, ctx.doc)}
    fields = {year: f"{planned[year]:g}" for year in years}
    extra: dict = {"years": years, "fields": fields, "errors": [], "results": None}
    status = 200
    if request.method == "POST":
        posted = {year: request.POST.get(f"completions__{year}", "") for year in years}
        extra["fields"] = posted
        tried, errors = tables.read_capacity(years, posted)
        if errors:
            extra["errors"] = errors
            status = 400
        else:
            rows, before, after = tables.capacity_what_if(ctx.pack, ctx.doc, tried)
            extra.update(results=rows, before=before, after=after)
    context = {**ctx.as_dict(request, "feasibility"), **extra}
    return page(request, "plan/feasibility_what_if.html", context, status)


@with_actor
def rollup(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Systems × feasibility check kinds, nationally or for a region, and the ambitions the
    plans together (or the region's) fall short of."""
    region = rollup_views._scope(request, code)
    if isinstance(region, HttpResponse):
        return region
    now = current()
    pack = now.rollup.pack
    plans = current_plans().select_related("system__region").order_by("system__name")
    if region is not None:
        plans = plans.filter(system__region_id=region.code)
    listed = list(plans.defer("working"))
    docs = documents(listed)
    by_system = {p.system_id: docs[p.pk] for p in listed}
    rows = feasibility_rollup.system_rows(pack, by_system, [p.system_id for p in listed])
    kinds = feasibility_rollup.kinds_of(pack)
    summary = rollup_charts.summary_rows(pack, now.rollup, region.code if region else None)
    short = [r for r in summary if r["status"] == "short"]
    gaps = {g.ambition.id: g for g in now.rollup.gaps}
    rule_titles = {r.check: r.title for r in reversed(pack.rules.rule)}
    return page(
        request,
        "rollup/feasibility.html",
        {
            "region": region,
            "rows": rows,
            "kinds": kinds,
            "kind_titles": rule_titles,
            "totals": feasibility_rollup.totals(rows, kinds),
            "short": short,
            "gaps": gaps,
            "cell": rollup_charts.cell,
            "base": f"/rollup/regions/{region.code}/" if region else "/rollup/",
        },
    )
