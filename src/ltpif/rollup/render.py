"""Roll-ups, gaps and fair shares as plain text tables for the terminal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ltpif.assurance.wording import MISSING, amount, target
from ltpif.framework import schema as s
from ltpif.framework.fairshare import BASES
from ltpif.framework.pack import Pack
from ltpif.rollup.fairshare import FairShares
from ltpif.rollup.gap import AmbitionGap
from ltpif.rollup.series import area_names
from ltpif.rollup.table import Row, Total

NAME_WIDTH, CELL_WIDTH = 40, 12
ROLLUP_WORDS = {"sum": "sum", "ratio_of_sums": "ratio of sums", "coverage": "coverage"}


def _line(name: str, cells: Iterable[str]) -> str:
    return f"  {name[:NAME_WIDTH]:<{NAME_WIDTH}}" + "".join(f" {c:>{CELL_WIDTH}}" for c in cells)


def _value(metric: s.Metric, value: float | None) -> str:
    return MISSING if value is None else amount(metric, value)


def _heading(metric: s.Metric) -> str:
    return f"{metric.name} ({metric.id}; {metric.unit}, {ROLLUP_WORDS[metric.rollup]})"


def render_totals(pack: Pack, totals: Sequence[Total], metrics: Sequence[str]) -> str:
    """Per metric, a line per region and one for the nation; * marks incomplete totals."""
    names, years = area_names(pack), pack.plan_years
    keyed = {t.key: t for t in totals}
    areas = [(t.level, t.area) for t in totals if t.metric == metrics[0] and t.year == years[0]]
    out = []
    for metric_id in metrics:
        metric = pack.metric_by_id[metric_id]
        out += [_heading(metric), _line("", years)]
        notes = set()
        for level, area in areas:
            cells = []
            for year in years:
                total = keyed[(level, area, metric_id, year)]
                text = _value(metric, total.value)
                if metric.rollup == "coverage" and total.value is not None:
                    text = f"{total.met} of {total.expected}"
                if not total.complete:
                    text += "*"
                    notes.add(f"{names[area]}: no value from {', '.join(total.missing)}")
                cells.append(text)
            out.append(_line(names[area], cells))
        out += [f"  * {note}" for note in sorted(notes)]
        out.append("")
    return "\n".join(out)


def render_rows(pack: Pack, rows: Sequence[Row], metrics: Sequence[str]) -> str:
    """Per metric, a line per system (its planned values)."""
    names, years = area_names(pack), pack.plan_years
    keyed = {(r.system, r.metric, r.year): r for r in rows}
    systems = sorted({r.system for r in rows}, key=lambda code: names[code])
    out = []
    for metric_id in metrics:
        metric = pack.metric_by_id[metric_id]
        out += [_heading(metric), _line("", years)]
        for system in systems:
            cells = [_value(metric, keyed[(system, metric_id, y)].value) for y in years]
            out.append(_line(names[system], cells))
        out.append("")
    return "\n".join(out)


def target_words(ambition: s.Ambition, metric: s.Metric) -> str:
    """ "at least 20,000 WTE", "every system at least 75%", "every system" (for a flag)."""
    if metric.unit == "flag":  # "every system at least yes" reads badly
        return "every system" if ambition.value else "no system"
    words = target(ambition, metric)
    return f"every system {words}" if ambition.scope == "every_system" else words


def gap_words(gap: AmbitionGap, value: float | None) -> str:
    """A signed gap: "+£80.7m", "-1,200 WTE", "-2 systems"."""
    if value is None:
        return MISSING
    if gap.ambition.scope == "every_system":
        return f"{value:+,.0f} systems"
    return ("+" if value >= 0 else "-") + amount(gap.metric, abs(value))


def render_gap(pack: Pack, gap: AmbitionGap) -> str:
    names = area_names(pack)
    due = gap.at_due
    status = gap.status.upper()
    if gap.status == "incomplete":
        status += f" ({due.reported} of {due.expected} systems)"
    every = gap.ambition.scope == "every_system"
    out = [
        f"{gap.ambition.id}: {gap.ambition.description}",
        f"  {target_words(gap.ambition, gap.metric)} by {gap.ambition.by} "
        f"(the {gap.due_year} plans): {status}",
        _line("", ["planned", "target", "glide", "gap", "reporting"]),
    ]

    def cell(value: float | None) -> str:
        if every:  # systems meeting it, of all systems
            return MISSING if value is None else f"{value:,.0f}"
        return _value(gap.metric, value)

    for year in gap.years:
        cells = [cell(year.planned), cell(year.target), cell(year.glide)]
        cells += [gap_words(gap, year.gap), f"{year.reported}/{year.expected}"]
        out.append(_line(year.year, cells))
    if every and due.not_meeting:
        out.append(f"  not meeting it in {gap.due_year}: {', '.join(due.not_meeting)}")
    if gap.shares_unavailable:
        out.append(f"  no fair shares: {gap.shares_unavailable}")
    if gap.furthest:
        furthest = ", ".join(
            f"{names[c.area]} ({c.relative_gap:+.1%})" for c in gap.furthest if c.relative_gap
        )
        out.append(f"  furthest below their fair share: {furthest}")
    return "\n".join(out) + "\n"


def render_fair_shares(pack: Pack, shares: FairShares) -> str:
    names = area_names(pack)
    metric = pack.metric_by_id[shares.ambition.metric]
    glide_years = [year for year, _target in shares.shares[0].glide] if shares.shares else []
    planned = any(share.planned is not None for share in shares.shares)
    head = ["weight", "quota", "share"]
    head += [f"planned {shares.due_year}", "distance"] if planned else []
    head += glide_years
    out = [
        f"{shares.ambition.id}: {target_words(shares.ambition, metric)} by {shares.ambition.by}, "
        f"shared by {BASES[shares.basis].name}",
        _line("system", head),
    ]
    for share in shares.shares:
        cells = [f"{share.weight:,.0f}", f"{share.quota:,.2f}", _value(metric, share.share)]
        if planned:
            distance = share.distance
            cells += [
                _value(metric, share.planned),
                MISSING if distance is None else f"{distance:+,.2f}",
            ]
        cells += [_value(metric, target) for _year, target in share.glide]
        name = names[share.system]
        out.append(_line(name, cells))
    total_quota = sum(share.quota for share in shares.shares)
    out.append(_line("total", ["", f"{total_quota:,.2f}", _value(metric, shares.total)]))
    return "\n".join(out) + "\n"
