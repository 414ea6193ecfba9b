"""The publication's money section (issue 16 item 5): fair-share and targeted money side by
side, by region and year, and each system's, in the site, the PDF and the open data. Only a
publication built where the awards are known (the web) has it; one built from a plan folder
does not (the awards live in the web's database)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ltpif.assurance.wording import money_to_thousand
from ltpif.interchange.publication.html import Page, table
from ltpif.rollup.funding import Award, MoneyRow, gbp, money_side_by_side, money_totals
from ltpif.rollup.run import Rollup
from ltpif.rollup.series import area_names

INTRO = (
    "<p>The fair share is the income of the systems' commissioners (the CCG allocations, made "
    "on a fair-share basis); targeted money is what was awarded from targeted lines, in the "
    "years applied for (an award in part scaled down alike in each year). £ million.</p>"
)


def money_rows(rollup: Rollup, awards: Sequence[Award]) -> list[MoneyRow]:
    return money_side_by_side(rollup.plans, awards, rollup.pack.plan_years[1:])


def _fair(value: float | None) -> str:
    return "—" if value is None else money_to_thousand(value)


def funding_page(rollup: Rollup, awards: Sequence[Award]) -> Page:
    pack = rollup.pack
    names = area_names(pack)
    region_of = {x.code: x.region for x in pack.geography.system}
    rows = money_rows(rollup, awards)
    years = pack.plan_years[1:]
    parts = ["<h1>Fair-share and targeted money</h1>", INTRO, "<h2>England</h2>"]
    england = money_totals(rows)
    parts.append(
        table(
            ["Year", "Fair share", "Targeted, awarded"],
            [[y, _fair(england[y][0]), gbp(england[y][1])] for y in years if y in england],
            (1, 2),
        )
    )
    parts.append("<h2>By region</h2>")
    for region in sorted({region_of[r.system] for r in rows}, key=lambda c: names[c]):
        mine = money_totals(r for r in rows if region_of[r.system] == region)
        parts.append(f"<h3>{escape(names[region])}</h3>")
        parts.append(
            table(
                ["Year", "Fair share", "Targeted, awarded"],
                [[y, _fair(mine[y][0]), gbp(mine[y][1])] for y in years if y in mine],
                (1, 2),
            )
        )
    parts.append("<h2>By system</h2>")
    parts.append(
        table(
            ["System", "Year", "Fair share", "Targeted, awarded"],
            [
                [escape(names[r.system]), r.year, _fair(r.fair_share), gbp(r.targeted)]
                for r in sorted(rows, key=lambda r: (names[r.system], r.year))
            ],
            (2, 3),
        )
    )
    return Page("funding", "Fair-share and targeted money", "".join(parts))


def funding_table(rollup: Rollup, awards: Sequence[Award]) -> list[dict]:
    """The open data's rows: system, region, year, fair share and targeted money (£m)."""
    region_of = {x.code: x.region for x in rollup.pack.geography.system}
    return [
        {
            "system": r.system,
            "region": region_of[r.system],
            "year": r.year,
            "fair_share_gbp_m": r.fair_share,
            "targeted_awarded_gbp_m": float(r.targeted),
        }
        for r in money_rows(rollup, awards)
    ]
