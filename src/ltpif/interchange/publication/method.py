"""The method notes of the publication and its reproducibility stamp, as a page."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from ltpif.interchange.publication.html import Page, table
from ltpif.interchange.publication.stamp import BUILD_TIME_ENV, Stamp

NOTES = """
<h2>How the plans are added up</h2>
<p>Every metric rolls up from systems to regions and the nation as the framework pack says:
counts, staff and money are <strong>summed</strong>; proportions are <strong>ratios of
sums</strong>, the sum of the systems' numerators over the sum of their denominators (never an
average of percentages); standards every system must meet are shown as
<strong>coverage</strong>, the number of systems meeting them in each year.</p>
<h2>Missing values</h2>
<p>A value a plan does not give stays missing; it is never counted as zero. A total some
systems gave no value for is the total of those that did, marked incomplete (*) with the
missing systems named; when no system of an area gave a value, the total is missing too.</p>
<h2>Ambition gap</h2>
<p>For each national ambition, the plans together are compared with the ambition from the
year it falls due (the plans for the financial year that ends by its date); earlier years are
compared with a straight glide path from the national baseline. Gaps are signed so that a
surplus is positive and a shortfall negative. Ambitions every system must meet count the
systems meeting them each year against all systems; "up to" ambitions are met at or below
their level.</p>
<h2>Fair shares</h2>
<p>A national ambition is split between systems by the basis the framework names for it:
need-weighted or registered population (the allocation model's 2018/19 populations, in the
pack), or each plan's baseline-year value. Shares of a whole-number ambition are rounded by
largest remainder, so they add up to the ambition exactly and each is within one unit of its
exact proportion; ties go to the lower system code. A system's gap is its planned value in
the due year less its share; the systems furthest from their share are ranked by that gap as
a proportion of the share.</p>
<h2>Milestones</h2>
<p>A plan's milestone answers a framework milestone when their descriptions match; it is on
time when dated on or before the framework's date.</p>
"""


def method_page(stamp: Stamp, system_names: Mapping[str, str]) -> Page:
    if stamp.standing:
        plans = table(
            ["System", "Plan", "Status", "Version", "SHA-256 of its canonical content"],
            (
                [
                    escape(system_names.get(code, code)),
                    escape(file),
                    escape(stamp.standing[code][0]) if code in stamp.standing else "",
                    str(stamp.standing[code][1]) if code in stamp.standing else "",
                    f'<code class="sha256">{digest}</code>',
                ]
                for code, file, digest in stamp.plans
            ),
        )
    else:
        plans = table(
            ["System", "Plan file", "SHA-256 of its canonical content"],
            (
                [
                    escape(system_names.get(code, code)),
                    escape(file),
                    f'<code class="sha256">{digest}</code>',
                ]
                for code, file, digest in stamp.plans
            ),
        )
    if stamp.left_out:
        plans += "<h3>Systems with no plan in this publication</h3>" + table(
            ["System", "Why"],
            (
                [escape(system_names.get(code, code)), escape(reason)]
                for code, reason in stamp.left_out.items()
            ),
        )
    if stamp.moves:
        plans += "<h3>Footprint changes the region totals follow</h3>" + table(
            ["Organisation", "From", "To", "From the plan year starting on or after"],
            (
                [
                    escape(move.organisation),
                    escape(system_names.get(move.from_system, move.from_system)),
                    escape(system_names.get(move.to_system, move.to_system)),
                    escape(move.effective.isoformat()),
                ]
                for move in stamp.moves
            ),
        )
    body = (
        "<h1>Method notes</h1>"
        + NOTES
        + "<h2>Reproducibility</h2>"
        + table(
            ["Framework pack", "Version", "Built"],
            [
                [
                    escape(stamp.pack),
                    escape(stamp.pack_version),
                    escape(stamp.build_time.isoformat()),
                ]
            ],
        )
        + f"<p>Rebuilding from the same plans and pack with the same build time "
        f"(<code>--build-time</code> or <code>{BUILD_TIME_ENV}</code>) gives the same HTML, "
        "CSV, JSON and XLSX, byte for byte. A plan's hash is the SHA-256 of its content as "
        "JSON with sorted keys and no spacing (<code>stamp.json</code> lists them).</p>" + plans
    )
    return Page("method", "Method notes", body)
