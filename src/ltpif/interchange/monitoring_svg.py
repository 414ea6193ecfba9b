"""SPC and funnel charts as inline SVG, drawn from the chart dicts of `monitoring.charts`.

No script and no web fonts: the same bytes for the same numbers, readable when printed. Colours
follow Making Data Count: orange for special cause of concern, blue for improvement, purple
for special cause that is neither, grey for common cause. Each point carries a <title> for
hover; the pages put the same numbers in a table beside the chart for screen readers. A funnel
plot colours the systems outside its limits the same way, by direction (improvement, concern or
neither), and draws its limits in greys so that no limit shares a point's colour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from ltpif.interchange.publication.svg import compact, ticks

WIDTH, HEIGHT = 760, 340
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 16, 72
FONT = 'font-family="Arial, sans-serif" font-size="11"'
GREY, DARK, MEAN = "#768692", "#425563", "#231f20"
COLOURS = {"concern": "#ed8b00", "improvement": "#005eb8", "neither": "#7c2855", "common": GREY}
TARGET, TRAJECTORY = "#da291c", "#330072"
LIMIT_LINES = {"95": (GREY, "5 4"), "99_8": (DARK, "")}  # colour, dashes


def point_colour(variation: str) -> str:
    """concern-high → concern's colour; common-cause → grey."""
    return COLOURS[variation.partition("-")[0] if variation != "common-cause" else "common"]


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _frame(body: str, title: str, chart: dict | None = None) -> str:
    """The SVG; a chart with made-up points says so in its title and across its top."""
    note = (chart or {}).get("synthetic_note")
    if note:
        title = f"{title}. {note}"
        body += (
            f'<text x="{WIDTH - RIGHT}" y="14" text-anchor="end" font-weight="bold" '
            f'fill="#d5281b" {FONT} data-testid="synthetic-label">{escape(note)}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="ltpif-chart" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _label(unit: str) -> Callable[[float], str]:
    return (lambda v: f"{v:.1%}") if unit == "proportion" else compact


class _Scale:
    """Maps data to the plot area: x by index or by value, y by value."""

    def __init__(self, x_low: float, x_high: float, y_values: Sequence[float]):
        marks = ticks(min(y_values), max(y_values))
        self.y_ticks = marks
        self.y_low, self.y_high = marks[0], marks[-1]
        self.x_low, self.x_high = x_low, x_high if x_high > x_low else x_low + 1
        self.width, self.height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(self, value: float) -> float:
        return LEFT + (value - self.x_low) / (self.x_high - self.x_low) * self.width

    def y(self, value: float) -> float:
        return TOP + (self.y_high - value) / (self.y_high - self.y_low) * self.height

    def y_axis(self, label: Callable[[float], str]) -> str:
        parts = []
        for mark in self.y_ticks:
            y = _n(self.y(mark))
            parts.append(
                f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#e8edee"/>'
                f'<text x="{LEFT - 6}" y="{y}" dy="4" text-anchor="end" {FONT}>'
                f"{escape(label(mark))}</text>"
            )
        return "".join(parts)


def _path(points: Sequence[tuple[float, float] | None], colour: str, dash: str = "", width=1.5):
    """A polyline that breaks where a point is missing."""
    runs, run = [], []
    for point in [*points, None]:
        if point is None:
            if len(run) > 1:
                runs.append(run)
            run = []
        else:
            run.append(point)
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return "".join(
        f'<polyline fill="none" stroke="{colour}" stroke-width="{width}"{dashes} points="'
        + " ".join(f"{_n(x)},{_n(y)}" for x, y in r)
        + '"/>'
        for r in runs
    )


def _legend(items: Sequence[tuple[str, str, str]]) -> str:
    """One row of legend keys under the plot: (label, colour, 'line'|'dash'|'dot')."""
    parts, x, y = [], LEFT, HEIGHT - 14
    for label, colour, kind in items:
        if kind == "dot":
            parts.append(f'<circle cx="{x + 6}" cy="{y - 4}" r="4.5" fill="{colour}"/>')
            width = 14
        else:
            dash = ' stroke-dasharray="5 4"' if kind == "dash" else ""
            parts.append(
                f'<line x1="{x}" y1="{y - 4}" x2="{x + 22}" y2="{y - 4}" stroke="{colour}" '
                f'stroke-width="2"{dash}/>'
            )
            width = 28
        parts.append(f'<text x="{x + width}" y="{y}" {FONT}>{escape(label)}</text>')
        x += width + 16 + 7 * len(label)
    return "".join(parts)


def spc_svg(chart: dict) -> str:
    """An XmR chart: values, mean, process limits, target, the plan's trajectory."""
    points = chart["points"]
    unit = chart["metric"]["unit"]
    label = _label(unit)
    title = f"{chart['metric']['name']}, {chart['place']}: XmR chart"
    if not points:
        return _frame(f'<text x="{LEFT}" y="40" {FONT}>No data</text>', title)
    keys = ("value", "lower_limit", "upper_limit", "target", "trajectory")
    known = [p[k] for p in points for k in keys if p.get(k) is not None]
    scale = _Scale(0, max(len(points) - 1, 1), known)
    xs = [scale.x(i) for i in range(len(points))]

    def line(key: str) -> list[tuple[float, float] | None]:
        return [
            (x, scale.y(p[key])) if p.get(key) is not None else None
            for x, p in zip(xs, points, strict=True)
        ]

    def by_segment(key: str) -> list[tuple[float, float] | None]:
        """Step between segments: a break where the limits are recalculated."""
        out: list[tuple[float, float] | None] = []
        for i, (x, p) in enumerate(zip(xs, points, strict=True)):
            limits = ("mean", "lower_limit", "upper_limit")
            if i and any(p[k] != points[i - 1][k] for k in limits):
                out.append(None)
            out.append((x, scale.y(p[key])))
        return out

    body = [scale.y_axis(label)]
    step = max(1, round(len(points) / 12))
    for i in range(0, len(points), step):
        body.append(
            f'<text x="{_n(xs[i])}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" {FONT}>'
            f"{escape(points[i]['period'])}</text>"
        )
    body.append(_path(by_segment("upper_limit"), GREY, "5 4"))
    body.append(_path(by_segment("lower_limit"), GREY, "5 4"))
    body.append(_path(by_segment("mean"), MEAN, width=1))
    legend = [("Mean", MEAN, "line"), ("Process limits", GREY, "dash")]
    if any(p.get("target") is not None for p in points):
        body.append(_path(line("target"), TARGET, "2 3", 2))
        legend.append(("Target", TARGET, "dash"))
    if any(p.get("trajectory") is not None for p in points):
        body.append(_path(line("trajectory"), TRAJECTORY, "8 3", 2))
        legend.append(("Plan trajectory", TRAJECTORY, "dash"))
    body.append(_path(line("value"), DARK, width=1.5))
    for x, p in zip(xs, points, strict=True):
        colour = point_colour(p["variation"])
        words = p["variation"].replace("-", " ")
        body.append(
            f'<circle cx="{_n(x)}" cy="{_n(scale.y(p["value"]))}" r="4" fill="{colour}" '
            f'data-period="{escape(p["period"])}" data-variation="{escape(p["variation"])}">'
            f"<title>{escape(p['period'])}: {escape(label(p['value']))} ({escape(words)})"
            "</title></circle>"
        )
    legend += [
        ("Common cause", COLOURS["common"], "dot"),
        ("Concern", COLOURS["concern"], "dot"),
        ("Improvement", COLOURS["improvement"], "dot"),
    ]
    body.append(_legend(legend))
    return _frame("".join(body), title, chart)


def funnel_svg(chart: dict) -> str:
    """A funnel plot: each system's proportion by its denominator, with 95% and 99.8% limits."""
    points, curve = chart["points"], chart["curve"]
    title = f"{chart['metric']['name']}, {chart['period']}: funnel plot"
    if not points:
        return _frame(f'<text x="{LEFT}" y="40" {FONT}>No data</text>', title)
    label = _label("proportion")
    sizes = [c["at_denominator"] for c in curve] + [p["denominator"] for p in points]
    known = [p["proportion"] for p in points] + [
        c[k] for c in curve for k in ("lower_99_8", "upper_99_8")
    ]
    scale = _Scale(0, max(sizes), known)
    body = [scale.y_axis(label)]
    for mark in ticks(0, max(sizes)):
        if mark <= max(sizes):
            body.append(
                f'<text x="{_n(scale.x(mark))}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                f"{FONT}>{escape(compact(mark))}</text>"
            )
    body.append(
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - BOTTOM + 32}" text-anchor="end" {FONT}>'
        "Denominator (size of the system)</text>"
    )
    centre = scale.y(chart["centre"])
    body.append(
        f'<line x1="{LEFT}" y1="{_n(centre)}" x2="{WIDTH - RIGHT}" y2="{_n(centre)}" '
        f'stroke="{MEAN}"/>'
    )
    for level, (colour, dash) in LIMIT_LINES.items():
        for side in ("lower", "upper"):
            path = [(scale.x(c["at_denominator"]), scale.y(c[f"{side}_{level}"])) for c in curve]
            body.append(_path(path, colour, dash))
    for p in points:
        direction = p["direction"] or "common"
        body.append(
            f'<circle cx="{_n(scale.x(p["denominator"]))}" cy="{_n(scale.y(p["proportion"]))}" '
            f'r="4.5" fill="{COLOURS[direction]}" data-org="{escape(p["org_code"])}" '
            f'data-flag="{escape(p["flag"])}" data-direction="{direction}">'
            f"<title>{escape(p['name'] or p['org_code'])}: "
            f"{escape(label(p['proportion']))} of {p['denominator']:,.0f} "
            f"({escape(p['flag'])}{', ' + direction if p['direction'] else ''})</title></circle>"
        )
    neutral = chart["metric"]["polarity"] == "neutral"
    judged = ("neither",) if neutral else ("improvement", "concern")
    body.append(
        _legend(
            [
                ("Centre", MEAN, "line"),
                ("95% limits", LIMIT_LINES["95"][0], "dash"),
                ("99.8% limits", LIMIT_LINES["99_8"][0], "line"),
                ("Within", COLOURS["common"], "dot"),
                *[(key.capitalize(), COLOURS[key], "dot") for key in judged],
            ]
        )
    )
    return _frame("".join(body), title, chart)
