"""The pages of the national implementation plan, as HTML fragments.

Summary (ambitions, milestones), one page per ambition (chart, years, regions, systems), the
national trajectories of every metric, the regional and system tables, the local discretion
index of every plan and nationally, and the method notes with the reproducibility stamp.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ltpif.assurance.wording import MISSING, amount, day
from ltpif.framework import schema as s
from ltpif.framework.fairshare import BASES
from ltpif.framework.pack import Pack
from ltpif.interchange.publication import svg
from ltpif.interchange.publication.discretion import discretion_page
from ltpif.interchange.publication.html import Link, Page, table, tag
from ltpif.interchange.publication.method import method_page
from ltpif.interchange.publication.stamp import NOT_YET_AGREED, Stamp
from ltpif.rollup import render
from ltpif.rollup.gap import AmbitionGap
from ltpif.rollup.render import gap_words
from ltpif.rollup.run import Rollup
from ltpif.rollup.series import area_names
from ltpif.rollup.table import NATIONAL, REGION, Total

BLUE, RED, GREY = "#005eb8", "#d5281b", "#768692"


class Names:
    def __init__(self, pack: Pack):
        names = area_names(pack)
        self.system = {x.code: names[x.code] for x in pack.geography.system}
        self.region = {r.code: names[r.code] for r in pack.geography.region}
        self.region_of = {x.code: x.region for x in pack.geography.system}


def show(metric: s.Metric, value: float | None) -> str:
    return MISSING if value is None else escape(amount(metric, value))


def show_total(metric: s.Metric, total: Total | None) -> str:
    """A total, marked * with the missing systems when some did not report."""
    if total is None or total.value is None:
        return MISSING
    text = (
        f"{total.met} of {total.expected}"
        if metric.rollup == "coverage"
        else amount(metric, total.value)
    )
    if total.complete:
        return escape(text)
    missing = ", ".join(total.missing)
    return f'{escape(text)}<abbr title="incomplete: no value from {escape(missing)}">*</abbr>'


def gap_status(gap: AmbitionGap) -> str:
    due = gap.at_due
    kind = {"reached": "met", "short": "short"}.get(gap.status, "incomplete")
    words = gap.status
    if gap.status == "incomplete":
        words += f" ({due.reported} of {due.expected})"
    return tag(kind, words)


def _gap_amount(gap: AmbitionGap, value: float | None) -> str:
    return escape(gap_words(gap, value))


def target_words(gap: AmbitionGap) -> str:
    return render.target_words(gap.ambition, gap.metric)


def whose_plans(planned: int, pack: Pack) -> str:
    """Whose plans a roll-up adds up: "the plans of all 42 systems", or of some of them."""
    systems = len(pack.geography.system)
    if planned == systems:
        return f"the plans of all {systems} systems"
    return f"the plans of {planned} of the {systems} systems"


def _unagreed_note(stamp: Stamp, link: Link) -> str:
    """The summary says, first, when some plans in it are not yet agreed."""
    unagreed = [code for code in stamp.standing if stamp.status_of(code) == NOT_YET_AGREED]
    if not unagreed:
        return ""
    return (
        f'<p class="note"><strong>{len(unagreed)} '
        f"{'plan is' if len(unagreed) == 1 else 'plans are'} not yet agreed</strong>: "
        f"their latest submitted version is shown, marked on "
        f'<a href="{link("systems")}">the systems page</a> ({escape(", ".join(unagreed))}).</p>'
    )


def summary_page(rollup: Rollup, stamp: Stamp, link: Link) -> Page:
    pack = rollup.pack
    rows = []
    for gap in rollup.gaps:
        due = gap.at_due
        planned = (
            MISSING
            if due.planned is None
            else (
                f"{due.planned:,.0f} systems"
                if gap.ambition.scope == "every_system"
                else show(gap.metric, due.planned)
            )
        )
        rows.append(
            [
                f'<a href="{link("ambition-" + gap.ambition.id)}">'
                f"{escape(gap.ambition.description)}</a>",
                escape(gap.due_year),
                planned,
                escape(target_words(gap)),
                _gap_amount(gap, due.gap),
                gap_status(gap),
            ]
        )
    national = [m for c in pack.commitments for m in c.milestone if m.scope == "national"]
    milestone_rows = [
        [escape(m.description), escape(day(pack.year_calendar.end_of(m.by)))] for m in national
    ]
    coverage_rows = [
        [
            escape(c.milestone.description),
            escape(day(c.due)),
            str(len(c.on_time)),
            _codes(c.late),
            _codes(c.absent),
            _codes(c.no_plan),
        ]
        for c in rollup.milestones
    ]
    body = (
        "<h1>National implementation plan</h1>"
        f'<p class="lead">{escape(pack.meta.title)}: {whose_plans(len(rollup.plans), pack)} '
        f"rolled up against the national ambitions, {escape(pack.id)} "
        f"version {escape(pack.meta.version)}.</p>"
        f'<p class="note">Built {escape(stamp.build_time.isoformat())} from the plans listed '
        f'in <a href="{link("method")}">the method notes</a>.</p>'
        + _unagreed_note(stamp, link)
        + "<h2>National ambitions: the plans together</h2>"
        + table(["Ambition", "Due", "Plans together", "Ambition", "Gap", ""], rows, (2, 4))
        + "<h2>National milestones</h2>"
        + table(["Milestone", "By"], milestone_rows)
        + "<h2>Milestones every system plans</h2>"
        + table(["Milestone", "Due", "On time", "Late", "Not in plan", "No plan"], coverage_rows)
    )
    return Page("index", "Summary", body)


def _codes(codes: Sequence[str]) -> str:
    """Systems' codes, each kept whole on one line."""
    return ", ".join(f'<span class="code">{escape(c)}</span>' for c in codes) or MISSING


def _chart(rollup: Rollup, gap: AmbitionGap) -> str:
    years = [y.year for y in gap.years]
    if gap.ambition.scope == "every_system":
        lines = [
            svg.Line("systems meeting it", [y.planned for y in gap.years], BLUE),
            svg.Line(
                f"all systems (by {gap.due_year})",
                [y.expected for y in gap.years],
                RED,
                dashed=True,
            ),
        ]
    else:
        lines = [
            svg.Line("plans together", [y.planned for y in gap.years], BLUE),
            svg.Line(
                f"ambition (by {gap.due_year})", [gap.ambition.value] * len(years), RED, dashed=True
            ),
            svg.Line("glide path", [y.glide for y in gap.years], GREY, dashed=True),
        ]
    return svg.line_chart(f"{gap.metric.name}: plans against the ambition", years, lines)


def _years_table(gap: AmbitionGap) -> str:
    metric = gap.metric
    if gap.ambition.scope == "every_system":
        rows = [
            [
                escape(y.year),
                MISSING if y.planned is None else f"{y.planned:,.0f}",
                str(y.expected),
                escape(", ".join(y.not_meeting)) or MISSING,
                escape(", ".join(y.missing)) or MISSING,
            ]
            for y in gap.years
        ]
        head = ["Year", "Systems meeting it", "Systems", "Not meeting it", "No value"]
        return table(head, rows, (1, 2))
    rows = [
        [
            escape(y.year),
            show(metric, y.planned) + ("" if y.complete else "*"),
            show(metric, y.target),
            show(metric, y.glide),
            _gap_amount(gap, y.gap),
            f"{y.reported} of {y.expected}",
        ]
        for y in gap.years
    ]
    head = ["Year", "Plans together", "Ambition", "Glide path", "Gap", "Systems reporting"]
    return table(head, rows, (1, 2, 3, 4, 5))


def _contributions(gap: AmbitionGap, names: Names) -> str:
    metric = gap.metric
    if gap.shares is None:
        return (
            f'<p class="note">No fair shares for this ambition: '
            f"{escape(gap.shares_unavailable)}.</p>"
        )
    region_rows = [(names.region.get(c.area, c.area), c.planned, c.share) for c in gap.regions]
    chart = svg.bar_chart(
        f"Regions in {gap.due_year}: planned against fair share",
        region_rows,
        ("planned", "fair share"),
    )
    regions = table(
        ["Region", "Planned", "Fair share", "Gap"],
        (
            [
                escape(names.region.get(c.area, c.area)),
                show(metric, c.planned),
                show(metric, c.share),
                _gap_amount(gap, c.gap),
            ]
            for c in gap.regions
        ),
        (1, 2, 3),
    )
    systems = table(
        ["System", "Region", "Planned", "Fair share", "Gap", "Gap / share"],
        (
            [
                escape(names.system[c.area]),
                escape(names.region[names.region_of[c.area]]),
                show(metric, c.planned),
                show(metric, c.share),
                _gap_amount(gap, c.gap),
                MISSING if c.relative_gap is None else f"{c.relative_gap:+.1%}",
            ]
            for c in gap.systems
        ),
        (2, 3, 4, 5),
    )
    furthest = "".join(
        f"<li>{escape(names.system[c.area])}: {_gap_amount(gap, c.gap)} "
        f"({c.relative_gap:+.1%} of its share)</li>"
        for c in gap.furthest
    )
    basis = escape(BASES[gap.shares.basis].name)
    return (
        f"<h2>Regions in {escape(gap.due_year)}</h2>{chart}{regions}"
        f"<h2>Systems in {escape(gap.due_year)}</h2>"
        f'<p class="note">Fair shares by {basis}, rounded by largest remainder so that they '
        f"add up to the ambition.</p>"
        + (f"<h3>Furthest below their fair share</h3><ul>{furthest}</ul>" if furthest else "")
        + systems
    )


def ambition_page(rollup: Rollup, gap: AmbitionGap, names: Names) -> Page:
    ambition = gap.ambition
    quote = ambition.source.quote
    body = (
        f"<h1>{escape(ambition.description)}</h1>"
        f'<p class="lead">{escape(gap.metric.name)}: {escape(target_words(gap))} by '
        f"{escape(str(ambition.by))} (the {escape(gap.due_year)} plans). {gap_status(gap)}</p>"
        + (f"<blockquote>{escape(quote)}</blockquote>" if quote else "")
        + _chart(rollup, gap)
        + _years_table(gap)
        + (_contributions(gap, names) if ambition.scope == "national_total" else "")
    )
    return Page(f"ambition-{ambition.id}", ambition.description, body, in_menu=False)


def _metric_rows(rollup: Rollup, totals: dict, level: str, area: str) -> list[list[str]]:
    pack = rollup.pack
    return [
        [escape(metric.name)]
        + [show_total(metric, totals.get((level, area, metric.id, y))) for y in pack.plan_years]
        for metric in pack.metric_by_id.values()
    ]


def trajectories_page(rollup: Rollup, totals: dict) -> Page:
    years = rollup.pack.plan_years
    body = (
        "<h1>National trajectories</h1><p>Every metric, all plans together, by year. "
        "* marks a total some systems gave no value for.</p>"
        + table(
            ["Metric", *years],
            _metric_rows(rollup, totals, NATIONAL, NATIONAL),
            range(1, len(years) + 1),
        )
    )
    return Page("trajectories", "National trajectories", body)


def regions_page(rollup: Rollup, totals: dict, names: Names) -> Page:
    years = rollup.pack.plan_years
    parts = ["<h1>Regions</h1>"]
    for code, name in sorted(names.region.items(), key=lambda item: item[1]):
        parts.append(f"<h2>{escape(name)}</h2>")
        parts.append(
            table(
                ["Metric", *years],
                _metric_rows(rollup, totals, REGION, code),
                range(1, len(years) + 1),
            )
        )
    return Page("regions", "Regions", "".join(parts))


def _marked(code: str, rollup: Rollup, stamp: Stamp) -> str:
    """What follows a system's name: nothing for an agreed plan (or a plan file), a clear mark
    for a plan shown before it is agreed, and why a system has no plan."""
    if code not in rollup.plans:
        return " — no plan" + (f" ({stamp.left_out[code]})" if code in stamp.left_out else "")
    if stamp.status_of(code) == NOT_YET_AGREED:
        return f" — NOT YET AGREED: its latest submitted version ({stamp.standing[code][1]})"
    return ""


def systems_page(rollup: Rollup, names: Names, stamp: Stamp) -> Page:
    pack = rollup.pack
    years = pack.plan_years
    values = {(r.system, r.metric, r.year): r.value for r in rollup.rows}
    metrics = list(pack.metric_by_id.values())
    parts = ["<h1>Systems</h1>"]
    for code, name in sorted(names.system.items(), key=lambda item: item[1]):
        region = names.region[names.region_of[code]]
        planned = _marked(code, rollup, stamp)
        parts.append(f"<h2>{escape(name)} ({escape(code)}, {escape(region)}){planned}</h2>")
        rows = [
            [escape(m.name)] + [show(m, values.get((code, m.id, y))) for y in years]
            for m in metrics
        ]
        parts.append(table(["Metric", *years], rows, range(1, len(years) + 1)))
    # 42 tables of every metric: in the site and the open data, not the PDF (too slow to lay
    # out, and the ambition pages print each system's figures against its fair share).
    return Page("systems", "Systems", "".join(parts), in_print=False)


def all_pages(rollup: Rollup, stamp: Stamp, link: Link) -> Sequence[Page]:
    names = Names(rollup.pack)
    totals = {t.key: t for t in rollup.totals}
    return [
        summary_page(rollup, stamp, link),
        *(ambition_page(rollup, gap, names) for gap in rollup.gaps),
        trajectories_page(rollup, totals),
        regions_page(rollup, totals, names),
        systems_page(rollup, names, stamp),
        discretion_page(rollup.pack, rollup.plans, names.system, names.region_of, names.region),
        method_page(stamp, names.system),
    ]
