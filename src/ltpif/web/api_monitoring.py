"""The API for analysts: actuals, SPC results, funnel data, the board's summary, the roll-up
and the gaps, as JSON and as CSV, with the permissions of the pages that show them.

Added to the API in api.py (the same Bearer token or session). The numbers are the use cases'
own: `ltpif.app.monitoring.Monitoring` (as the monitoring pages build it) and the roll-up of
`ltpif.app.rollup` (as the roll-up pages read it); CSV is `charts.chart_csv` or the roll-up
pages' `csv_text`, so a download from the API equals the page's.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.errors import HttpError

from ltpif.app.monitoring import NATIONAL, Place
from ltpif.framework.problems import InputError
from ltpif.interchange.publication.opendata import csv_text
from ltpif.monitoring.charts import chart_csv, in_order
from ltpif.monitoring.definitions import MonitoredMetric
from ltpif.monitoring.funnel import ADJUSTMENTS
from ltpif.plans.access import Action, Target, can
from ltpif.web.landscape.rollup_footprint import current  # by the footprint of each year
from ltpif.web.planning.models import Region, System
from ltpif.web.views import rollup_charts
from ltpif.web.views.monitoring_views import _monitoring, assured_chart

router = Router(tags=["monitoring"])
# Each `….csv` route is declared before its JSON twin: `{place}` would match "CODE.csv".
ENGLAND = Target(None, None)
CSV = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}


def _csv(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _metric(metric: str) -> MonitoredMetric:
    try:
        return _monitoring().metric(metric)
    except InputError:
        raise HttpError(404, f"No metric {metric!r}.") from None


def _place(request: HttpRequest, place: str) -> Place:
    """A system (any of its codes) or England (`national`), if the caller may see it."""
    if place == NATIONAL:
        if not can(request.actor, Action.VIEW_MONITORING, ENGLAND):
            raise HttpError(403, "England's monitoring is for the national team and observers.")
        return _monitoring().place(NATIONAL)
    try:
        found = _monitoring().place(place)
    except InputError:
        raise HttpError(404, f"No system {place!r}.") from None
    system = System.objects.filter(code=found.code).first()
    region = system.region_id if system else None
    if not can(request.actor, Action.VIEW_MONITORING, Target(found.code, region)):
        raise HttpError(403, "This system's monitoring is not one you can see.")
    return found


def _actuals(request: HttpRequest, metric: str, place: str) -> dict:
    the_metric, found = _metric(metric), _place(request, place)
    monitoring = _monitoring()
    series = monitoring.actuals.series(the_metric.id, found.code)
    made_up = monitoring.actuals.synthetic_keys(the_metric.id)
    try:
        ordered = in_order(series, monitoring.pack.year_calendar)
    except ValueError as exc:
        raise HttpError(422, str(exc)) from None
    points = [
        {
            "period": a.period,
            "value": a.value,
            "numerator": a.numerator,
            "denominator": a.denominator,
            "source": "synthetic" if (found.code, a.period, 0) in made_up else "published",
        }
        for _, a in ordered
    ]
    return {"metric": the_metric.id, "place": found.label, "code": found.code, "points": points}


@router.get(
    "/monitoring/actuals/{metric}/{place}.csv",
    openapi_extra={"responses": CSV},
    summary="A place's actuals as CSV",
)
def actuals_csv(request: HttpRequest, metric: str, place: str):
    found = _actuals(request, metric, place)
    return _csv(chart_csv(found), f"actuals-{metric}-{place}")


@router.get("/monitoring/actuals/{metric}/{place}", response=dict, summary="A place's actuals")
def actuals(request: HttpRequest, metric: str, place: str):
    """Every period's stored actual of a metric for a system (any of its codes) or England
    (`national`), in period order; `source` is "synthetic" for the demo's made-up points."""
    return _actuals(request, metric, place)


def _spc(request: HttpRequest, metric: str, place: str) -> dict:
    the_metric, found = _metric(metric), _place(request, place)
    try:
        chart = assured_chart(_monitoring(), the_metric, found)
    except InputError as exc:
        raise HttpError(422, exc.problems[0].message) from None
    if chart is None:
        raise HttpError(404, "No actuals of this metric have been loaded for this place.")
    return chart


@router.get(
    "/monitoring/spc/{metric}/{place}.csv",
    openapi_extra={"responses": CSV},
    summary="An XmR chart's points as CSV (the page's data.csv)",
)
def spc_csv(request: HttpRequest, metric: str, place: str):
    return _csv(chart_csv(_spc(request, metric, place)), f"spc-{metric}-{place}")


@router.get(
    "/monitoring/spc/{metric}/{place}",
    response=dict,
    summary="An XmR chart: limits, special causes, icons, assurance",
)
def spc(request: HttpRequest, metric: str, place: str):
    """The XmR chart the SPC page draws (Making Data Count's rules): its points with the mean,
    limits, rules and variation, its signals, icons and assurance against the target and the
    plan's trajectory."""
    return _spc(request, metric, place)


def _funnel(request: HttpRequest, metric: str, period: str, overdispersion: str) -> dict:
    if not can(request.actor, Action.VIEW_MONITORING, ENGLAND):
        raise HttpError(403, "Funnel plots compare every system: national team and observers.")
    if overdispersion not in ADJUSTMENTS:
        raise HttpError(422, f"overdispersion is one of {', '.join(ADJUSTMENTS)}")
    the_metric = _metric(metric)
    monitoring = _monitoring()
    periods = monitoring.periods(the_metric)
    period = period or (periods[0] if periods else "")
    try:
        chart = monitoring.funnel(the_metric, period, overdispersion=overdispersion)
    except InputError as exc:
        raise HttpError(422, exc.problems[0].message) from None
    if chart is None:
        raise HttpError(404, f"No system-level actuals of {the_metric.name} for {period}.")
    return chart


@router.get(
    "/monitoring/funnel/{metric}.csv",
    openapi_extra={"responses": CSV},
    summary="A funnel plot's systems as CSV",
)
def funnel_csv(request: HttpRequest, metric: str, period: str = "", overdispersion: str = "auto"):
    chart = _funnel(request, metric, period, overdispersion)
    return _csv(chart_csv(chart), f"funnel-{metric}-{chart['period']}")


@router.get(
    "/monitoring/funnel/{metric}",
    response=dict,
    summary="A funnel plot across systems: limits, flags, directions",
)
def funnel(request: HttpRequest, metric: str, period: str = "", overdispersion: str = "auto"):
    """A proportion across the systems at `period` (default: the latest), with its limits
    method and overdispersion adjustment (`auto`, the default: additive random effects when
    the systems are overdispersed; `none`; `additive`; `multiplicative`)."""
    return _funnel(request, metric, period, overdispersion)


def _summary(request: HttpRequest) -> dict:
    systems = System.objects.order_by("region__name", "name")
    visible = [
        (s.code, s.name)
        for s in systems
        if can(request.actor, Action.VIEW_MONITORING, Target(s.code, s.region_id))
    ]
    return _monitoring().summary(visible)


@router.get(
    "/monitoring/summary.csv",
    openapi_extra={"responses": CSV},
    summary="The board's matrix as CSV",
)
def summary_csv(request: HttpRequest):
    return _csv(chart_csv(_summary(request)), "monitoring-summary")


@router.get(
    "/monitoring/summary",
    response=dict,
    summary="The board's matrix: every visible system's variation and assurance by metric",
)
def summary(request: HttpRequest):
    return _summary(request)


def _region(request: HttpRequest, region: str) -> str | None:
    """The region asked for (None: the nation) if the caller may see its roll-up."""
    if not region:
        if not can(request.actor, Action.VIEW_NATIONAL, ENGLAND):
            raise HttpError(403, "The national roll-up is for the national team and observers.")
        return None
    if not can(request.actor, Action.VIEW_REGION, Target(None, region)):
        raise HttpError(403, "This region's roll-up is for its assurance team and the nation's.")
    if not Region.objects.filter(code=region).exists():
        raise HttpError(404, f"No region {region!r}.")
    return region


def _ambitions(request: HttpRequest, region: str) -> list[dict]:
    scope = _region(request, region)
    now = current()
    return rollup_charts.summary_rows(now.rollup.pack, now.rollup, scope)


@router.get(
    "/rollup/ambitions.csv",
    openapi_extra={"responses": CSV},
    summary="The roll-up as CSV",
    tags=["roll-up"],
)
def ambitions_csv(request: HttpRequest, region: str = ""):
    return _csv(csv_text(_ambitions(request, region)), f"{region or 'national'}-ambitions")


@router.get(
    "/rollup/ambitions",
    response=list[dict],
    summary="The roll-up: the plans (or a region's) against each national ambition",
    tags=["roll-up"],
)
def ambitions(request: HttpRequest, region: str = ""):
    """One row per national ambition at its due year: planned, target, gap, plans reported of
    those expected, status (as `/rollup/ambitions.csv`); `region` for one region's plans."""
    return _ambitions(request, region)


def _gap_charts(request: HttpRequest, ambition: str, region: str) -> dict:
    scope = _region(request, region)
    now = current()
    gap = next((g for g in now.rollup.gaps if g.ambition.id == ambition), None)
    if gap is None:
        raise HttpError(404, f"No national ambition {ambition!r}.")
    made = rollup_charts.charts(now.rollup.pack, now.rollup, gap, scope)
    return {
        "ambition": gap.ambition.id,
        "metric": gap.metric.id,
        "due_year": gap.due_year,
        "region": scope,
        "charts": {chart.slug: chart.rows for chart in made},
    }


@router.get(
    "/rollup/gaps/{ambition}/{chart}.csv",
    openapi_extra={"responses": CSV},
    summary="One of an ambition's charts as CSV",
    tags=["roll-up"],
)
def gap_csv(request: HttpRequest, ambition: str, chart: str, region: str = ""):
    found = _gap_charts(request, ambition, region)["charts"]
    if chart not in found:
        raise HttpError(404, f"No chart {chart!r} of ambition {ambition!r}.")
    return _csv(csv_text(found[chart]), f"{region or 'national'}-{ambition}-{chart}")


@router.get(
    "/rollup/gaps/{ambition}",
    response=dict,
    summary="A national ambition's gap: year by year, and each area's contribution",
    tags=["roll-up"],
)
def gaps(request: HttpRequest, ambition: str, region: str = ""):
    """The rows of the ambition's charts (as their CSV downloads): `trajectory` (planned
    against the ambition, year by year), and for a national total `contributions` and
    `furthest` (the systems furthest from their fair share)."""
    return _gap_charts(request, ambition, region)
