"""Charts drawn as inline SVG: no script, the same bytes for the same numbers, printable.

`line_chart` draws series over years (a gap in a series where a value is missing, never a
drop to zero); `bar_chart` draws pairs of horizontal bars (planned against share) per area.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 72, 40, 16, 48
FONT = 'font-family="Arial, sans-serif" font-size="11"'


@dataclass(frozen=True)
class Line:
    label: str
    values: Sequence[float | None]
    colour: str
    dashed: bool = False


def _fmt(value: float) -> str:
    """Coordinates with two decimals at most, so output never depends on float noise."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def compact(value: float) -> str:
    """An axis label: 30M, 20k, 0.75, 1,500."""
    size = abs(value)
    if size >= 1e6:
        return f"{value / 1e6:.3g}M"
    if size >= 1e4:
        return f"{value / 1e3:.3g}k"
    if size >= 1 or value == 0:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{value:.2g}"


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 × 10^k apart) covering low..high."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    return [first + k * step for k in range(math.ceil((high - first) / step) + 1)]


def _frame(body: str, title: str, height: int = HEIGHT) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _legend(items: Sequence[tuple[str, str, bool]], y: float) -> str:
    parts, x = [], LEFT
    for label, colour, dashed in items:
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        parts.append(
            f'<line x1="{x}" y1="{_fmt(y)}" x2="{x + 24}" y2="{_fmt(y)}" stroke="{colour}" '
            f'stroke-width="3"{dash}/><text x="{x + 30}" y="{_fmt(y + 4)}" {FONT}>'
            f"{escape(label)}</text>"
        )
        x += 40 + 7 * len(label)
    return "".join(parts)


def line_chart(title: str, years: Sequence[str], lines: Sequence[Line]) -> str:
    known = [v for line in lines for v in line.values if v is not None]
    scale = ticks(min([0.0, *known]), max([0.0, *known]) or 1.0)
    low, high = scale[0], scale[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(years) - 1, 1)

    def x(k: int) -> float:
        return LEFT + k * step

    def y(v: float) -> float:
        return TOP + plot_h * (high - v) / (high - low)

    grid = "".join(
        f'<line x1="{LEFT}" y1="{_fmt(y(t))}" x2="{WIDTH - RIGHT}" y2="{_fmt(y(t))}" '
        f'stroke="#d8dde0"/><text x="{LEFT - 6}" y="{_fmt(y(t) + 4)}" text-anchor="end" '
        f"{FONT}>{escape(compact(t))}</text>"
        for t in scale
    )
    labels = "".join(
        f'<text x="{_fmt(x(k))}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" {FONT}>'
        f"{escape(year)}</text>"
        for k, year in enumerate(years)
    )
    drawn = []
    for line in lines:
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        runs: list[list[tuple[int, float]]] = [[]]
        for k, value in enumerate(line.values):
            if value is None:
                runs.append([])
            else:
                runs[-1].append((k, value))
        for run in (r for r in runs if r):
            points = " ".join(f"{_fmt(x(k))},{_fmt(y(v))}" for k, v in run)
            drawn.append(
                f'<polyline points="{points}" fill="none" stroke="{line.colour}" '
                f'stroke-width="2.5"{dash}/>'
            )
            drawn.extend(
                f'<circle cx="{_fmt(x(k))}" cy="{_fmt(y(v))}" r="3.5" fill="{line.colour}">'
                f"<title>{escape(line.label)} {escape(years[k])}: {escape(compact(v))}</title>"
                "</circle>"
                for k, v in run
            )
    legend = _legend([(ln.label, ln.colour, ln.dashed) for ln in lines], HEIGHT - 12)
    return _frame(grid + labels + "".join(drawn) + legend, title)


def bar_chart(
    title: str, rows: Sequence[tuple[str, float | None, float | None]], labels: tuple[str, str]
) -> str:
    """Per row (name, planned, share): two bars; a missing value draws no bar."""
    band = 34
    height = TOP + band * len(rows) + BOTTOM
    known = [v for _name, *values in rows for v in values if v is not None]
    scale = ticks(min([0.0, *known]), max([0.0, *known]) or 1.0)
    low, high = scale[0], scale[-1]
    left = 190
    plot_w = WIDTH - left - RIGHT

    def x(v: float) -> float:
        return left + plot_w * (v - low) / (high - low)

    parts = [
        f'<line x1="{_fmt(x(t))}" y1="{TOP}" x2="{_fmt(x(t))}" y2="{height - BOTTOM}" '
        f'stroke="#d8dde0"/><text x="{_fmt(x(t))}" y="{height - BOTTOM + 14}" '
        f'text-anchor="middle" {FONT}>{escape(compact(t))}</text>'
        for t in scale
    ]
    colours = ("#005eb8", "#768692")
    for k, (name, *values) in enumerate(rows):
        top = TOP + k * band
        parts.append(
            f'<text x="{left - 6}" y="{top + 18}" text-anchor="end" {FONT}>{escape(name)}</text>'
        )
        for j, value in enumerate(values):
            if value is None:
                continue
            start, end = sorted((x(0.0), x(value)))
            parts.append(
                f'<rect x="{_fmt(start)}" y="{top + 4 + j * 13}" width="{_fmt(end - start)}" '
                f'height="12" fill="{colours[j]}"><title>{escape(name)}, {escape(labels[j])}: '
                f"{escape(compact(value))}</title></rect>"
            )
    legend = _legend([(labels[0], colours[0], False), (labels[1], colours[1], False)], height - 12)
    return _frame("".join(parts) + legend, title, height)
