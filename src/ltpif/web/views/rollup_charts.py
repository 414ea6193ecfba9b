"""Each ambition's charts for the roll-up pages: rows first, then the drawing made from them.

A chart is drawn only from its rows, and its "Download data (CSV)" link returns those rows, so
the download holds exactly the numbers drawn. The SVG (publication/svg.py) is inline, with a
<title> and a <desc>, and each chart is followed by a table of the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from ltpif.app import present
from ltpif.assurance.wording import amount
from ltpif.framework.pack import Pack
from ltpif.interchange.publication import svg
from ltpif.rollup import regional, series
from ltpif.rollup.gap import AmbitionGap
from ltpif.rollup.render import gap_words, target_words
from ltpif.rollup.run import Rollup

BLUE, RED, GREY = "#005eb8", "#d5281b", "#768692"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text, amount (in the metric's unit), gap, count, percent


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    description: str
    rows: list[dict]
    columns: list[Column]
    svg: Markup | None = None
    note: str = ""
    empty: str = ""  # why there is nothing to draw


def _with_desc(drawing: str, description: str) -> Markup:
    """The chart with a <desc> after its <title>, for screen readers."""
    described = drawing.replace("</title>", f"</title><desc>{escape(description)}</desc>", 1)
    return Markup(described)  # svg.py escapes every text it writes


def trajectory(pack: Pack, rollup: Rollup, gap: AmbitionGap, region: str | None) -> Chart:
    if region is None:
        rows = series.trajectory_series(gap)
    else:
        rows = regional.region_trajectory_series(pack, rollup.totals, gap, region)
    years = [row["year"] for row in rows]
    where = "the region's plans" if region else "the plans together"
    if gap.ambition.scope == "every_system":
        lines = [
            svg.Line("systems meeting it", [r["planned"] for r in rows], BLUE),
            svg.Line("systems", [r["expected"] for r in rows], RED, dashed=True),
        ]
        columns = [
            Column("year", "Year"),
            Column("planned", "Systems meeting it", "count"),
            Column("expected", "Systems", "count"),
            Column("gap", "Gap", "gap"),
            Column("not_meeting", "Not meeting it"),
            Column("missing", "No value"),
        ]
        whose = "the region's systems" if region else "the systems"
        desc = f"By year, how many of {whose} meet the standard, against all of them."
    else:
        share = "fair share" if region else "ambition"
        lines = [
            svg.Line(where, [r["planned"] for r in rows], BLUE),
            svg.Line(f"{share} (from {gap.due_year})", [r["target"] for r in rows], RED, True),
            svg.Line("glide path", [r["glide"] for r in rows], GREY, dashed=True),
        ]
        columns = [
            Column("year", "Year"),
            Column("planned", "Planned", "amount"),
            Column("target", "Fair share" if region else "Ambition", "amount"),
            Column("glide", "Glide path", "amount"),
            Column("gap", "Shortfall (−) or surplus (+)", "gap"),
            Column("reported", "Systems reporting", "count"),
            Column("missing", "No value"),
        ]
        desc = (
            f"{where.capitalize()} by year against the {share} from {gap.due_year} and the "
            "straight glide path to it; the table below gives every number."
        )
    title = f"{gap.metric.name}: {where} against {target_words(gap.ambition, gap.metric)}"
    drawing = svg.line_chart(title, years, lines)
    return Chart("trajectory", title, desc, rows, columns, _with_desc(drawing, desc))


_CONTRIBUTION_COLUMNS = [
    Column("name", "Area"),
    Column("planned", "Planned", "amount"),
    Column("share", "Fair share", "amount"),
    Column("gap", "Gap", "gap"),
]


def _bars(slug: str, title: str, desc: str, rows: list[dict], columns: list[Column]) -> Chart:
    drawn = [(r["name"], r["planned"], r["share"]) for r in rows]
    drawing = svg.bar_chart(title, drawn, ("planned", "fair share"))
    return Chart(slug, title, desc, rows, columns, _with_desc(drawing, desc))


def contributions(pack: Pack, gap: AmbitionGap, region: str | None) -> Chart:
    due = gap.due_year
    if region is None:
        rows = [r for r in series.contribution_series(pack, gap) if r["level"] == "region"]
        title = f"Regions in {due}: planned against fair share"
        desc = f"Each region's planned {gap.metric.name} in {due} against its fair share."
    else:
        rows = regional.system_contribution_series(pack, gap, region)
        title = f"The region's systems in {due}: planned against fair share"
        desc = (
            f"Each of the region's systems' planned {gap.metric.name} in {due} against its share."
        )
    if gap.shares is None:
        why = f"No fair shares for this ambition: {gap.shares_unavailable}."
        return Chart("contributions", title, desc, rows, _CONTRIBUTION_COLUMNS, note=why, empty=why)
    return _bars("contributions", title, desc, rows, _CONTRIBUTION_COLUMNS)


def furthest(pack: Pack, gap: AmbitionGap, region: str | None) -> Chart:
    rows = regional.furthest_series(pack, gap, region)
    title = f"Systems furthest below their fair share in {gap.due_year}"
    desc = "The systems whose plans fall furthest short of their fair share, relative to it."
    columns = [
        Column("name", "System"),
        Column("planned", "Planned", "amount"),
        Column("share", "Fair share", "amount"),
        Column("gap", "Gap", "gap"),
        Column("relative_gap", "Gap / share", "percent"),
    ]
    if not rows:
        why = (
            f"No fair shares for this ambition: {gap.shares_unavailable}."
            if gap.shares is None
            else "Every system with a plan reaches its fair share."
        )
        return Chart("furthest", title, desc, rows, columns, empty=why)
    return _bars("furthest", title, desc, rows, columns)


def charts(pack: Pack, rollup: Rollup, gap: AmbitionGap, region: str | None) -> list[Chart]:
    made = [trajectory(pack, rollup, gap, region)]
    if gap.ambition.scope == "national_total":
        made += [contributions(pack, gap, region), furthest(pack, gap, region)]
    return made


def chart(pack: Pack, rollup: Rollup, gap: AmbitionGap, region: str | None, slug: str):
    """One chart by its slug, or None."""
    return next((c for c in charts(pack, rollup, gap, region) if c.slug == slug), None)


_FORMATS = {
    "amount": lambda gap, value: amount(gap.metric, value),
    "gap": gap_words,
    "count": lambda _gap, value: present.count(value),
    "percent": lambda _gap, value: present.percent(value, signed=True),
}


def cell(gap: AmbitionGap, kind: str, value: object) -> str:
    """A value as the page's tables show it; `kind` is a Column's."""
    if value is None or value == []:
        return present.MISSING
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if kind in _FORMATS and isinstance(value, int | float):
        return _FORMATS[kind](gap, value)
    return str(value)


def summary_rows(pack: Pack, rollup: Rollup, region: str | None) -> list[dict]:
    """One row per ambition: the plans (or the region's) at its due year against it."""
    out = []
    for gap in rollup.gaps:
        rows = (
            series.trajectory_series(gap)
            if region is None
            else regional.region_trajectory_series(
                pack, rollup.totals, gap, region, (gap.due_year,)
            )
        )
        due = next(r for r in rows if r["year"] == gap.due_year)
        out.append(
            {
                "ambition": gap.ambition.id,
                "description": gap.ambition.description,
                "metric": gap.metric.id,
                "due_year": gap.due_year,
                "planned": due["planned"],
                "target": due["target"],
                "gap": due["gap"],
                "reported": due["reported"],
                "expected": due["expected"],
                "status": _status(due),
            }
        )
    return out


def _status(due: dict) -> str:
    """As AmbitionGap.status, for a national or a regional row at the due year."""
    if due["gap"] is None:
        return "no plans" if not due["reported"] else "no fair share"
    if due["reported"] != due["expected"]:
        return "incomplete"
    return "reached" if due["gap"] >= 0 else "short"
