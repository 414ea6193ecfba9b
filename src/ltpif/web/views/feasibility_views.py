"""The Feasibility tab's charts as CSV, and its capacity what-if: change the completed pathways
planned for a year, see the projected list and the 52-week waiters move. Nothing is saved."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from ltpif.app import feasibility_tables as tables
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import document, pack_of
from ltpif.web.views import feasibility_charts
from ltpif.web.views.common import FORM, page, plan_view


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
