"""What-if page: pick a system and a metric, change its trajectory, see the national gap move.

Nothing is saved: the form posts the values, the page rolls them up with the other plans
(ltpif.app.whatif) and shows the gap before and after. System leads try their own system,
regional leads their region's systems, the national team any system.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ltpif.app import whatif
from ltpif.framework.problems import InputError
from ltpif.plans.access import Action, Target, can
from ltpif.rollup.render import gap_words
from ltpif.web.planning.current_rollup import Current, current
from ltpif.web.planning.models import System
from ltpif.web.views import rollup_charts
from ltpif.web.views.common import FORM, forbidden, page, with_actor


def _systems(actor) -> list[System]:
    systems = System.objects.select_related("region").order_by("name")
    return [x for x in systems if can(actor, Action.WHAT_IF, Target(x.code, x.region_id))]


def _current_values(now: Current, system: str, metric, years: list[str]) -> dict[str, str]:
    """The plan's values as form fields, to start from."""
    rows = {r.year: r for r in now.rollup.rows if r.system == system and r.metric == metric.id}
    fields = {}
    for part in whatif.parts(metric):
        for year in years:
            row = rows.get(year)
            value = getattr(row, "value" if part.attr == "values" else part.attr) if row else None
            fields[f"{part.prefix}__{year}"] = "" if value is None else f"{value:g}"
    return fields


def _posted(request: HttpRequest, metric, years: list[str]) -> dict[str, dict[str, str]]:
    return {
        part.attr: {year: request.POST.get(f"{part.prefix}__{year}", "") for year in years}
        for part in whatif.parts(metric)
    }


@with_actor(methods=FORM)
def what_if_page(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    systems = _systems(actor)
    if not systems:
        return forbidden(
            request,
            "What-if is for system planning leads, regional assurance leads and the national team.",
        )
    now = current()
    pack = now.rollup.pack
    metrics = whatif.what_if_metrics(pack)
    data = request.POST if request.method == "POST" else request.GET
    allowed = {x.code for x in systems}
    system = data.get("system") or (actor.system if actor.system in allowed else systems[0].code)
    if system not in allowed:
        return forbidden(request, "You cannot try changes to this system's plan.")
    metric = pack.metric_by_id.get(data.get("metric", "")) or metrics[0]
    years = pack.plan_years
    context = {
        "systems": systems,
        "metrics": metrics,
        "system": system,
        "metric": metric,
        "parts": whatif.parts(metric),
        "years": years,
        "fields": _current_values(now, system, metric, years),
        "now": now,
        "pack": pack,
        "errors": [],
        "results": None,
        "cell": rollup_charts.cell,
        "gap_words": gap_words,
    }
    status = 200
    if request.method == "POST":
        posted = _posted(request, metric, years)
        context["fields"] = {
            f"{p.prefix}__{y}": posted[p.attr][y] for p in context["parts"] for y in years
        }
        trajectory, errors = whatif.read_trajectory(pack, metric, posted)
        if trajectory is not None:
            try:
                ran = whatif.run(now, system, trajectory)
                context["results"] = whatif.answer(ran)
                context["gaps"] = {r.before.ambition.id: r.before for r in ran}  # for wording
            except InputError as exc:
                errors = whatif.input_errors(exc)
        context["errors"] = errors
        # htmx swaps only successful responses: it gets the errors with a 200
        status = 400 if errors and not request.htmx else 200
    template = "rollup/_what_if_body.html" if request.htmx else "rollup/what_if.html"
    return page(request, template, context, status)
