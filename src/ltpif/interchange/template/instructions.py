"""The Instructions sheet: what to fill, in which units, by when (the pack's calendar)."""

from __future__ import annotations

from ltpif.interchange.template.context import Context
from ltpif.interchange.template.layout import Fixed, Sheet, SheetBuilder

# The one percentage convention of the template, stated to planners and applied on import.
PERCENT_RULE = (
    "Percentages: cells shown with a % sign hold proportions. Type 75% (Excel stores 0.75). "
    "A plain 75 in such a cell is refused with '75 looks like a percentage: type 75%'."
)
HOW_TO = (
    "Type only in the yellow cells; every other cell is locked. Each input cell checks what "
    "you type (numbers within range, choices from a list, dates).",
    "Keep the workbook's shape: do not insert, delete, move or rename rows, columns or sheets. "
    "ltpif finds each row by the key in column A. Blank rows are there for new entries; "
    "clear a row to remove an entry.",
    "Type values, not formulas: a formula in an input cell is refused.",
    "The Checks sheet works out totals, growth and the financial tests as you type.",
    "Upload the whole workbook to ltpif (or run `ltpif template import`). ltpif takes it only "
    "if every cell is valid; otherwise nothing changes and every problem is listed by sheet "
    "and cell, like Finance!D12.",
    "A workbook exported from an older version of the plan is refused, with its changes shown: "
    "download a fresh workbook and enter them again.",
)
UNITS = (
    "Money: £ million (type 12.5 for £12.5m).",
    "Workforce: whole-time equivalents (WTE).",
    PERCENT_RULE,
    "Dates: real dates (type 2019-09-27). A date typed as text is refused.",
    "Years: financial years like 2019/20, from the list in the cell.",
    "Lists in one cell (organisations of a landscape change): one a line (Alt+Enter).",
)


def _paragraphs(b: SheetBuilder, heading: str, lines: tuple[str, ...]) -> None:
    b.heading(heading)
    for text in lines:
        b.line(None, {2: Fixed(text, "para")})
    b.gap()


def instructions_sheet(ctx: Context, plan_version: str, sheets: dict[str, str]) -> Sheet:
    pack, system = ctx.pack, ctx.system
    b = SheetBuilder("Instructions", {1: 4, 2: 16, 3: 60, 4: 50}, data=False)
    b.title(
        f"{system.name}: strategy delivery plan workbook",
        f"{pack.meta.title} (pack {pack.id}, version {pack.meta.version}); system "
        f"{system.code}; exported at save {plan_version} of the plan.",
    )
    _paragraphs(b, "How to fill in this workbook", HOW_TO)
    _paragraphs(b, "Units", UNITS)
    b.heading("Deadlines")
    b.header(["", "Date", "Deadline", "Who"])
    for deadline in sorted(pack.calendar.deadline, key=lambda d: d.date):
        when = deadline.date.isoformat() + (" (about)" if deadline.approximate else "")
        b.line(None, {2: Fixed(when), 3: Fixed(deadline.name), 4: Fixed(deadline.who, "note")})
    b.gap()
    b.heading("The sheets")
    for name, purpose in sheets.items():
        b.line(None, {2: Fixed(name), 3: Fixed(purpose, "label")})
    return b.sheet
