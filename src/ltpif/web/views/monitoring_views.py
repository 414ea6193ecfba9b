"""Delivery monitoring pages: the board's summary matrix, SPC charts per system (and England),
inequalities by deprivation quintile, funnel plots across systems, the loaded files; every
chart's numbers as CSV.

A system's charts (SPC, inequalities) are seen by whoever may see its plan; England's and
the funnel plots (every system side by side) by the national team and observers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify
from markupsafe import Markup

from ltpif.app.monitoring import NATIONAL, Monitoring, Place
from ltpif.framework.kept import Latest
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError
from ltpif.interchange.monitoring_svg import funnel_svg, spc_svg
from ltpif.monitoring.charts import chart_csv
from ltpif.monitoring.definitions import MonitoredMetric
from ltpif.monitoring.funnel import ADJUSTMENTS
from ltpif.monitoring.icons import ASSURANCE_LABELS, VARIATION_LABELS
from ltpif.monitoring.spc import MINIMUM_POINTS
from ltpif.plans.access import Action, Target, can
from ltpif.web.actuals.models import ActualsLoad
from ltpif.web.actuals.queries import CountedStore, DatabaseStore
from ltpif.web.compiled import compiled
from ltpif.web.operational.queries import agreed_months
from ltpif.web.organisations.rounds import current_pack
from ltpif.web.planning.models import System
from ltpif.web.planning.plan_source import ReadOnce, WorkingCopies
from ltpif.web.views.common import forbidden, page, with_actor

LABELS = {"variation": VARIATION_LABELS, "assurance": ASSURANCE_LABELS}
ENGLAND = Target(None, None)


def _monitoring() -> Monitoring:
    """The stored actuals, assured against the plans' working copies."""
    pack = current_pack()
    return Monitoring.of(pack, DatabaseStore(), WorkingCopies(pack))


def _metric(metric_id: str, monitoring: Monitoring | None = None) -> MonitoredMetric:
    try:
        return (monitoring or _monitoring()).metric(metric_id)
    except InputError:
        raise Http404(f"no metric {metric_id}") from None


class _Seen(NamedTuple):
    code: str
    name: str
    region: str
    region_name: str


def _visible(actor) -> list[_Seen]:
    """The systems whose monitoring the actor may see, by region then name (plain rows: the
    summary lists all 42)."""
    seen = [_Seen(*row) for row in _systems()]
    return [s for s in seen if can(actor, Action.VIEW_MONITORING, Target(s.code, s.region))]


@compiled  # the summary asks it after every save
def _systems() -> QuerySet:
    systems = System.objects.order_by("region__name", "name")
    return systems.values_list("code", "name", "region_id", "region__name")


def _place(request: HttpRequest, place: str) -> Place | HttpResponse:
    """The place if the actor may see it, else the 403 page."""
    if place == NATIONAL:
        if not can(request.actor, Action.VIEW_MONITORING, ENGLAND):
            return forbidden(request, "England's charts are for the national team and observers.")
        return _monitoring().place(NATIONAL)
    system = System.objects.filter(code=place).first()
    if system is None:
        raise Http404(f"no system {place}")
    if not can(request.actor, Action.VIEW_MONITORING, Target(system.code, system.region_id)):
        return forbidden(request, "This system's monitoring is not one you can see.")
    return Place("system", system.code, f"{system.name} ({system.code})")


def _csv(chart: dict, name: str) -> HttpResponse:
    response = HttpResponse(chart_csv(chart), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.csv"'
    return response


class _Shown(NamedTuple):
    """Who asks for the summary and which of it: a slot of the page bodies kept."""

    visible: tuple[_Seen, ...]  # names and regions too: a renamed system is drawn again
    region: str  # the region filtered on; "?" for one not among the visible
    england: bool  # may see England's charts and funnel plots
    may_upload: bool


# per slot, the summary's body as last drawn: by the stamps read (the loads' fingerprint and
# count, the working copies' versions), then, after one changes (a save, a load), by what
# it shows (the cells, seldom changed by a save): hundreds of cells take milliseconds to draw.
# Some 70 slots: each system's own, each region's, the national team's per region filtered
_by_stamp: Latest[Markup] = Latest(256)
_by_cells: Latest[Markup] = Latest(256)


@with_actor
def summary(request: HttpRequest) -> HttpResponse:
    visible = _visible(request.actor)
    region = request.GET.get("region", "")
    regions = {s.region: s.region_name for s in visible}
    shown = _Shown(
        tuple(visible),
        region if not region or region in regions else "?",
        can(request.actor, Action.VIEW_MONITORING, ENGLAND),
        can(request.actor, Action.LOAD_ACTUALS, ENGLAND),
    )
    pack = current_pack()
    actuals, plans = CountedStore(), ReadOnce(pack)  # the copies read once: stamp, then plans
    stamp = (actuals.fingerprint(), actuals.synthetic, plans.fingerprint())  # pack's too
    body = _by_stamp.get(shown, stamp, lambda: _summary_body(pack, actuals, plans, shown))
    return page(request, "monitoring/summary.html", {"body": body})


def _summary_body(pack: Pack, actuals: CountedStore, plans: ReadOnce, shown: _Shown) -> Markup:
    """The summary below the header: drawn again only when a cell, a name or a count shown
    changes."""
    monitoring = Monitoring.of(pack, actuals, plans)
    region = shown.region
    systems = [s for s in shown.visible if not region or s.region == region]
    regions = {s.region: s.region_name for s in shown.visible}
    named = len(regions) > 1 and not region  # each system's region under its name
    matrix = monitoring.summary([(s.code, s.name) for s in systems])
    context = {
        "matrix": matrix,
        "region_of": {s.code: s.region_name if named else "" for s in systems},
        "regions": [{"code": c, "name": n} for c, n in regions.items()],
        "region": region,
        "labels": LABELS,
        "england": shown.england,
        "may_upload": shown.may_upload,
        "loads": actuals.count,
        "ratio_metrics": {m.id for m in monitoring.catalogue.metrics.values() if m.is_ratio},
        "synthetic": actuals.synthetic > 0,
    }
    shows = {k: v for k, v in context.items() if k != "matrix"}
    shows |= {"metrics": matrix["metrics"], "rows": matrix["rows"]}
    return _by_cells.get(
        shown,
        shows,
        lambda: Markup(render_to_string("monitoring/_summary_body.html", context)),
    )


def _operational_months(monitoring: Monitoring, place: Place, metric: str):
    """A system's agreed operational plan's months of the metric: its monthly trajectory."""
    if place.level != "system":
        return None
    return agreed_months(monitoring.pack, place.code, metric)


@dataclass(frozen=True)
class _Drawn:
    chart: dict | None
    body: Markup  # the page below its heading: the chart, its tables, the other metrics


# per (metric, place), the chart drawn: a chart changes only with the actuals loaded (their
# fingerprint), the pack, the place's name and its plan's trajectory (a save elsewhere changes
# the plan, seldom the metric's trajectory), so each process charts and draws it once per
# change of those, not per visit
_drawn: Latest[_Drawn] = Latest(1024)


def _plans_of(monitoring: Monitoring, found: Place, metric: str):
    """A place's planned values of the metric: by year (its plan's trajectory) and by month
    (its agreed operational plan's), the second None where it has none."""
    by_year = monitoring.plan_by_year(found.code, metric) if found.level == "system" else {}
    return by_year, _operational_months(monitoring, found, metric)


def assured_chart(
    monitoring: Monitoring, metric: MonitoredMetric, found: Place, plans=None
) -> dict | None:
    """The place's XmR chart of the metric assured against its target and its plan's trajectory
    (an agreed operational plan's months where it has them): the page's, its CSV's and the
    API's. None when no actuals are loaded; InputError for a series it cannot chart."""
    by_year, by_month = plans or _plans_of(monitoring, found, metric.id)
    return monitoring.spc(metric, found, plan_by_year=by_year, plan_by_month=by_month)


def _drawn_chart(
    monitoring: Monitoring, metric: MonitoredMetric, found: Place, place: str
) -> _Drawn:
    """The place's assured chart of the metric and the page's body drawing it."""
    by_year, by_month = plans = _plans_of(monitoring, found, metric.id)
    made_from = (
        (monitoring.pack.id, monitoring.pack.meta.version, monitoring.actuals.fingerprint()),
        found,
        sorted(by_year.items()),
        sorted(by_month.items()) if by_month is not None else None,
    )
    return _drawn.get(
        (metric.id, place), made_from, lambda: _draw_chart(monitoring, metric, found, place, plans)
    )


def _draw_chart(
    monitoring: Monitoring, metric: MonitoredMetric, found: Place, place: str, plans
) -> _Drawn:
    try:
        chart = assured_chart(monitoring, metric, found, plans)
    except InputError as exc:  # a series that mixes months and quarters
        chart, problem = None, exc.problems[0].message
    else:
        problem = "" if chart else "No actuals of this metric have been loaded for this place."
    context = {
        "chart": chart,
        "svg": spc_svg(chart) if chart else "",
        "problem": problem,
        "metric": metric,
        "place": place,
        "others": monitoring.metrics_of(found.code),
        "labels": LABELS,
    }
    return _Drawn(chart, Markup(render_to_string("monitoring/_spc_chart.html", context)))


@with_actor
def spc(request: HttpRequest, metric: str, place: str) -> HttpResponse:
    found = _place(request, place)
    if isinstance(found, HttpResponse):
        return found
    monitoring = _monitoring()
    the_metric = _metric(metric, monitoring)
    drawn = _drawn_chart(monitoring, the_metric, found, place)
    return page(
        request,
        "monitoring/spc.html",
        {"metric": the_metric, "label": found.label, "drawn": drawn.body},
        200 if drawn.chart else 404,
    )


@with_actor
def spc_csv(request: HttpRequest, metric: str, place: str) -> HttpResponse:
    found = _place(request, place)
    if isinstance(found, HttpResponse):
        return found
    monitoring = _monitoring()
    chart = _drawn_chart(monitoring, _metric(metric, monitoring), found, place).chart
    if chart is None:
        raise Http404("no actuals")
    return _csv(chart, f"spc-{metric}-{place}")


@with_actor
def inequalities(request: HttpRequest, metric: str, place: str) -> HttpResponse:
    """A metric by deprivation quintile for a place: each quintile's values, the gap between
    the most and least deprived fifths and that gap's XmR chart (is it narrowing?)."""
    found = _place(request, place)
    if isinstance(found, HttpResponse):
        return found
    the_metric = _metric(metric)
    breakdown = _monitoring().inequalities(the_metric, found)
    gap_chart = breakdown["gap_chart"] if breakdown else None
    table: dict[str, dict[int, float]] = {}
    for point in breakdown["points"] if breakdown else []:
        table.setdefault(point["period"], {})[point["quintile"]] = point["value"]
    return page(
        request,
        "monitoring/inequalities.html",
        {
            "metric": the_metric,
            "label": found.label,
            "breakdown": breakdown,
            "table": table,
            "gaps": {g["period"]: g for g in breakdown["gap"]} if breakdown else {},
            "gap_chart": gap_chart,
            "svg": spc_svg(gap_chart) if gap_chart else "",
            "minimum_points": MINIMUM_POINTS,
            "labels": LABELS,
        },
    )


def _adjustment(request: HttpRequest) -> str:
    """The funnel's overdispersion adjustment asked for (`?overdispersion=`): auto by default,
    "1" (the earlier checkbox) multiplicative."""
    asked = request.GET.get("overdispersion", "auto")
    asked = "multiplicative" if asked == "1" else asked
    return asked if asked in ADJUSTMENTS else "auto"


def _funnel(request: HttpRequest, metric: str) -> tuple[dict | None, str, list[str]]:
    the_metric = _metric(metric)
    monitoring = _monitoring()
    periods = monitoring.periods(the_metric)
    period = request.GET.get("period") or (periods[0] if periods else "")
    if period not in periods:
        return (
            None,
            f"No system-level actuals of {the_metric.name} for {period or 'any period'}.",
            periods,
        )
    try:
        return (
            monitoring.funnel(the_metric, period, overdispersion=_adjustment(request)),
            "",
            periods,
        )
    except InputError as exc:  # not a proportion, or no numerators
        return None, exc.problems[0].message, periods


@with_actor
def funnel(request: HttpRequest, metric: str) -> HttpResponse:
    if not can(request.actor, Action.VIEW_MONITORING, ENGLAND):
        return forbidden(
            request,
            "Funnel plots compare every system: they are for the national team and observers.",
        )
    chart, problem, periods = _funnel(request, metric)
    return page(
        request,
        "monitoring/funnel.html",
        {
            "chart": chart,
            "svg": funnel_svg(chart) if chart else "",
            "problem": problem,
            "metric": _metric(metric),
            "periods": periods,
            "adjustment": _adjustment(request),
        },
        200 if chart else 404,
    )


@with_actor
def funnel_csv(request: HttpRequest, metric: str) -> HttpResponse:
    if not can(request.actor, Action.VIEW_MONITORING, ENGLAND):
        return forbidden(request, "Funnel plots are for the national team and observers.")
    chart, _, _ = _funnel(request, metric)
    if chart is None:
        raise Http404("no funnel plot")
    return _csv(chart, f"funnel-{metric}-{chart['period']}")


@with_actor
def loads(request: HttpRequest) -> HttpResponse:
    return page(
        request,
        "monitoring/loads.html",
        {"loads": ActualsLoad.objects.select_related("loaded_by").order_by("-id")},
    )
