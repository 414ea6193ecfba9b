"""The publication's local discretion page (issue 15 item 5): the index of each system's plan
and nationally, with its definition (docs/reference/local-discretion.md is the long form)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from ltpif.assurance.discretion import PART_NAMES, PARTS, Part, discretion, national
from ltpif.assurance.wording import MISSING, money, percent
from ltpif.framework.pack import Pack
from ltpif.interchange.publication.html import Page, table
from ltpif.plans.document import Plan

DEFINITION = """
<p>The framework leaves most commitments to local systems, which have "substantial freedoms to
respond to local needs, prioritise and define their pace of delivery"; a few foundational
commitments are prescribed. The local discretion index measures, for each plan, the share of
its content that is locally chosen rather than centrally prescribed:
<strong>0 is wholly prescribed, 1 wholly local</strong>.</p>
<ul>
<li><strong>Prescribed</strong>: a foundational commitment with its national standard at the
national date; a local commitment at the national pace; a departure with no written
justification (the national expectation stands until one is written); the spending the
investment standards direct.</li>
<li><strong>Locally chosen</strong>: a local priority the system added itself; a local
commitment phased later or not taken up, with a written justification; a milestone the system
set itself; the rest of the commissioners' spending.</li>
</ul>
<p>Each part (commitments, metrics, trajectory values, milestones, money) is the locally chosen
share of that part; a plan's index is the mean of the parts it has. Nationally each part is
the ratio of the sums over the plans, never an average of the plans' shares.</p>
"""


def _index(value: float | None) -> str:
    return MISSING if value is None else f"{value:.3f}"


def _amount(part: Part, value: float) -> str:
    return escape(money(value)) if part.name == "money" else f"{value:,.0f}"


def discretion_page(
    pack: Pack,
    plans: Mapping[str, Plan],
    system_names: Mapping[str, str],
    region_of: Mapping[str, str],
    region_names: Mapping[str, str],
) -> Page:
    of_plan = {code: discretion(pack, plans[code]) for code in sorted(plans)}
    together = national(list(of_plan.values()))
    parts = table(
        ["Part", "Locally chosen", "In all", "Local share"],
        (
            [
                escape(PART_NAMES[part.name]),
                _amount(part, part.local),
                _amount(part, part.total),
                percent(part.share),
            ]
            for part in together.parts
        ),
        (1, 2, 3),
    )
    spread = together.quantiles()
    spread_text = ""
    if spread:
        low, q1, median, q3, high = (_index(v) for v in spread)
        spread_text = (
            f"<p>Across the {together.plans} plans: lowest {low}, lower quartile {q1}, median "
            f"{median}, upper quartile {q3}, highest {high}.</p>"
        )
    order = sorted(system_names, key=lambda code: (system_names[code], code))
    rows = []
    for code in order:
        region = escape(region_names.get(region_of.get(code, ""), ""))
        name = escape(system_names[code])
        found = of_plan.get(code)
        if found is None:
            rows.append([name, region, "no plan", *([MISSING] * len(PARTS))])
            continue
        shares = [percent(found.part(p).share) for p in PARTS]
        rows.append([name, region, _index(found.index), *shares])
    systems = table(
        ["System", "Region", "Index", *(escape(PART_NAMES[p]) for p in PARTS)],
        rows,
        range(2, 3 + len(PARTS)),
    )
    body = (
        "<h1>Local discretion</h1>"
        + DEFINITION
        + f"<h2>Nationally</h2><p>Index <strong>{_index(together.index)}</strong>.</p>"
        + parts
        + spread_text
        + "<h2>By system</h2>"
        + systems
    )
    return Page("discretion", "Local discretion", body)
