"""The sheets of how the plan is resourced and agreed: finance, workforce, digital and estates,
engagement and sign-offs, footprint, maturity. Lists have blank rows for new entries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ltpif.interchange.template.context import Context
from ltpif.interchange.template.layout import Fixed, Input, RawPath, Sheet, SheetBuilder, Slot
from ltpif.plans.finance import LINES

FINANCE = "Finance"
WORKFORCE = "Workforce"
INFRASTRUCTURE = "Infrastructure"
ENGAGEMENT = "Engagement"
FOOTPRINT = "Footprint"
MATURITY = "Maturity"
SPARE = {
    "organisation": 3,
    "staff group": 5,
    "digital": 5,
    "estates": 5,
    "engagement": 10,
    "sign-off": 10,
    "ccg": 5,
    "local authority": 5,
    "landscape change": 5,
}
LINE_LABELS = {
    "income": "Income",
    "expenditure": "Expenditure",
    "cash_releasing_efficiency": "Cash-releasing efficiency savings",
    "admin_costs": "Administration costs",
    "mental_health_spend": "Mental health spending",
    "primary_community_spend": "Primary and community health spending",
    "capital": "Capital",
}
FIRST_YEAR_COLUMN = 3  # Finance and Workforce: the baseline year's column

# A column of a list table: its heading and the cell for an entry (None for a blank row).
Column = tuple[str, Callable[[Any, RawPath], Input]]


def _list_table(
    b: SheetBuilder, name: str, items: Sequence[Any], at: RawPath, columns: list[Column]
) -> None:
    b.header(["Key", *(heading for heading, _ in columns)], freeze=True)
    for index in range(len(items) + SPARE[name]):
        item = items[index] if index < len(items) else None
        slot = Slot(name, index, b.anchor())
        b.line(
            f"{name} {index + 1}",
            {2 + i: make(item, (*at, slot)) for i, (_, make) in enumerate(columns)},
        )


def _get(item: Any, name: str) -> Any:
    return None if item is None else getattr(item, name)


@dataclass
class FinanceRows:
    """Where each organisation's lines are, for the Checks sheet's formulas."""

    years: list[str]
    kind_rows: list[int] = field(default_factory=list)
    line_rows: list[dict[str, int]] = field(default_factory=list)


def finance_sheet(ctx: Context) -> tuple[Sheet, FinanceRows]:
    years = ctx.years
    b = SheetBuilder(
        FINANCE, {1: 30, 2: 36} | {FIRST_YEAR_COLUMN + i: 13 for i in range(len(years))}
    )
    b.title(
        "Finance by organisation (£ million)",
        "For each organisation: its code, name and kind, then each line by year. "
        "Fill a blank block to add an organisation; clear a block to remove one.",
    )
    b.header(["Key", "Line", *years], freeze=True)
    organisations = ctx.plan.finance.organisations
    rows = FinanceRows(years)
    for index in range(len(organisations) + SPARE["organisation"]):
        org = organisations[index] if index < len(organisations) else None
        key = f"organisation {index + 1}"
        slot = Slot("organisation", index, b.anchor())
        at = ("finance", "organisations", slot)
        b.line(key, {2: Fixed(f"Organisation {index + 1}", "heading")})
        b.line(f"{key}: code", {2: Fixed("Code"), 3: ctx.text(_get(org, "code"), (*at, "code"))})
        b.line(f"{key}: name", {2: Fixed("Name"), 3: ctx.text(_get(org, "name"), (*at, "name"))})
        kind = ctx.choice(_get(org, "kind"), (*at, "kind"), "organisation_kinds")
        rows.kind_rows.append(b.line(f"{key}: kind", {2: Fixed("Kind"), 3: kind}))
        lines = {}
        for line in LINES:
            cells: dict[int, Any] = {2: Fixed(LINE_LABELS[line])}
            for i, year in enumerate(years):
                finance_year = org.years.get(year) if org else None
                value = _get(finance_year, line)
                cells[FIRST_YEAR_COLUMN + i] = ctx.money(value, (*at, "years", year, line))
            lines[line] = b.line(f"{key}: {line}", cells)
        rows.line_rows.append(lines)
        b.gap()
    return b.sheet, rows


def workforce_sheet(ctx: Context) -> tuple[Sheet, list[int]]:
    years = ctx.years
    b = SheetBuilder(
        WORKFORCE, {1: 16, 2: 40} | {FIRST_YEAR_COLUMN + i: 12 for i in range(2 * len(years))}
    )
    b.title(
        "Workforce (whole-time equivalents, and pay in £ million)",
        "One staff group a row; blank rows add groups. The pay columns are optional: give "
        "each group's pay bill by year to have the workforce tested against the finance.",
    )
    first = b.row + 1
    columns: list[Column] = [_field("Staff group", "staff_group", ctx.text)]
    for year in years:
        columns.append(
            (
                year,
                lambda g, at, year=year: ctx.number(
                    g.wte.get(year) if g else None, (*at, "wte", year), "wte"
                ),
            )
        )
    for year in years:
        columns.append(
            (
                f"Pay {year} (£m)",
                lambda g, at, year=year: ctx.money(
                    (g.pay_cost or {}).get(year) if g else None, (*at, "pay_cost", year)
                ),
            )
        )
    _list_table(b, "staff group", ctx.plan.workforce, ("workforce",), columns)
    return b.sheet, list(range(first, b.row))


def _field(heading: str, name: str, make: Callable[[Any, RawPath], Input]) -> Column:
    """A column for a field of the entries: `make(value, path)` gives its cell."""
    return (heading, lambda item, at: make(_get(item, name), (*at, name)))


def _choice(ctx: Context, choices: str) -> Callable[[Any, RawPath], Input]:
    return lambda value, path: ctx.choice(value, path, choices)


def infrastructure_sheet(ctx: Context) -> Sheet:
    b = SheetBuilder(INFRASTRUCTURE, {1: 14, 2: 40, 3: 60, 4: 14, 5: 12})
    b.title("Digital and estates", "Digital items and estates schemes, each by a financial year.")
    b.heading("Digital")
    digital = [
        _field("Item", "item", ctx.text),
        _field("Description", "description", ctx.wide_text),
        _field("By (year)", "by", ctx.year),
    ]
    _list_table(b, "digital", ctx.plan.digital, ("digital",), digital)
    b.gap()
    b.heading("Estates")
    estates = [
        _field("Scheme", "scheme", ctx.text),
        _field("Description", "description", ctx.wide_text),
        _field("By (year)", "by", ctx.year),
        _field("Capital (£ million)", "capital", ctx.money),
    ]
    _list_table(b, "estates", ctx.plan.estates, ("estates",), estates)
    return b.sheet


def engagement_sheet(ctx: Context) -> Sheet:
    b = SheetBuilder(ENGAGEMENT, {1: 16, 2: 28, 3: 36, 4: 36, 5: 24, 6: 60})
    b.title("Engagement and sign-offs", "Partner types and kinds come from the lists in each cell.")
    b.heading("Engagement")
    events = [
        _field("Date", "date", ctx.date),
        _field("Partner type", "partner", _choice(ctx, "partner_types")),
        _field("Partner name", "partner_name", ctx.text),
        _field("Kind of engagement", "kind", _choice(ctx, "engagement_kinds")),
        _field("Summary", "summary", ctx.wide_text),
    ]
    _list_table(b, "engagement", ctx.plan.engagement, ("engagement",), events)
    b.gap()
    b.heading("Sign-offs")
    sign_offs = [
        _field("Partner type", "partner", _choice(ctx, "partner_types")),
        _field("Name", "name", ctx.text),
        _field("Status", "status", _choice(ctx, "sign_off_statuses")),
        _field("Date", "date", ctx.date),
        _field("Concerns", "concerns", ctx.wide_text),
    ]
    _list_table(b, "sign-off", ctx.plan.sign_offs, ("sign_offs",), sign_offs)
    return b.sheet


def footprint_sheet(ctx: Context) -> Sheet:
    footprint = ctx.plan.footprint
    b = SheetBuilder(FOOTPRINT, {1: 20, 2: 44, 3: 60, 4: 50})
    b.title(
        "Footprint and landscape changes", "The system's CCGs and local authorities, one a row."
    )
    b.heading("Clinical commissioning groups")
    _list_table(b, "ccg", footprint.ccgs, ("footprint", "ccgs"), [("CCG", ctx.text)])
    b.gap()
    b.heading("Local authorities")
    columns: list[Column] = [("Local authority", ctx.text)]
    _list_table(
        b,
        "local authority",
        footprint.local_authorities,
        ("footprint", "local_authorities"),
        columns,
    )
    b.gap()
    b.heading("Request to change the footprint")
    b.header(["Key", "Date", "Description"])
    change = footprint.change_request
    at = ("footprint", "change_request")
    b.line(
        "change request",
        {
            2: ctx.date(_get(change, "date"), (*at, "date")),
            3: ctx.wide_text(_get(change, "description"), (*at, "description")),
        },
    )
    b.gap()
    b.heading("Landscape changes (mergers, new structures, shared decision making)")
    changes = [
        _field("Kind", "kind", _choice(ctx, "landscape_kinds")),
        _field("Description", "description", ctx.wide_text),
        _field("Organisations (one a line)", "organisations", ctx.lines),
    ]
    _list_table(b, "landscape change", ctx.plan.landscape_changes, ("landscape_changes",), changes)
    return b.sheet


def maturity_sheet(ctx: Context) -> Sheet:
    maturity, pack = ctx.plan.maturity, ctx.pack
    b = SheetBuilder(MATURITY, {1: 12, 2: 14, 3: 60, 5: 14, 6: 8, 7: 20})
    mature = pack.maturity
    b.title(
        "ICS maturity self-assessment",
        f"The level the system expects to reach each year. The framework expects the "
        f"'{mature.mature_level}' level by {mature.mature_by.isoformat()}.",
    )
    top = b.row
    b.header(["Key", "Year", "Level"], freeze=True)
    for year in ctx.years:
        level = ctx.choice(
            maturity.self_assessment.get(year), ("maturity", "self_assessment", year), "levels"
        )
        b.line(year, {2: Fixed(year), 3: level})
    evidence = ctx.text(maturity.evidence, ("maturity", "evidence"), wide=True)
    b.line("evidence", {2: Fixed("Evidence"), 3: evidence})
    cells = b.sheet.cells
    for offset, label in enumerate(["Level", "Rank", "Name"]):
        cells[(top, 5 + offset)] = Fixed(label, "header")
    for index, level in enumerate(sorted(pack.maturity.level, key=lambda lv: lv.rank)):
        cells[(top + 1 + index, 5)] = Fixed(level.id, "note")
        cells[(top + 1 + index, 6)] = Fixed(level.rank, "note")
        cells[(top + 1 + index, 7)] = Fixed(level.name, "note")
    return b.sheet
