"""The Checks sheet: live formulas over the input cells, so planners see problems as they type.

System finance totals and their year-on-year growth, the financial tests (balance; cash-
releasing productivity at least the pack rule's minimum, plus its extra for a provider in
deficit the year before), the workforce total and its growth, and each trajectory's growth.
Thresholds are cells filled from the pack's rules, so the formulas name no number.
"""

from __future__ import annotations

from ltpif.framework.pack import Pack
from ltpif.interchange.template.context import Context
from ltpif.interchange.template.layout import (
    FORMATS,
    Fixed,
    Formula,
    Input,
    Sheet,
    SheetBuilder,
    formula_range,
    formula_ref,
)
from ltpif.interchange.template.sheets_plan import TRAJECTORIES
from ltpif.interchange.template.sheets_resources import (
    FINANCE,
    FIRST_YEAR_COLUMN,
    LINE_LABELS,
    WORKFORCE,
    FinanceRows,
)

CHECKS = "Checks"
COLUMN = 3  # the baseline year's column here, as on Finance and Workforce
OK, SHORT = '"OK"', '"Below"'


def _rule_params(pack: Pack, check: str) -> tuple[str, dict] | None:
    """The title of the financial test a check kind computes, and its rule's parameters."""
    for rule in pack.rules.rule:
        if rule.check == check:
            test = next((t for t in pack.finance.financial_test if rule.id in t.rules), None)
            title = f"Test {test.number}: {test.name}" if test else rule.title
            return title, rule.params
    return None


def _cells(rows: list[int], sheet: str, col: int) -> str:
    return ",".join(formula_ref(sheet, row, col) for row in rows)


def _per_year(b: SheetBuilder, label: str, formula, fmt: str | None, years: int) -> int:
    """A row with a formula per year: `formula(col)` where col is the year's column here."""
    cells = {2: Fixed(label)} | {
        COLUMN + i: Formula(formula(COLUMN + i), fmt) for i in range(years)
    }
    return b.line(None, cells)


def _growth(b: SheetBuilder, label: str, row: int, years: int) -> None:
    def growth(col: int) -> str:
        now, before = formula_ref(CHECKS, row, col), formula_ref(CHECKS, row, col - 1)
        return f'=IFERROR({now}/{before}-1,"")'

    cells = {2: Fixed(label)} | {
        COLUMN + i: Formula(growth(COLUMN + i), FORMATS["growth"]) for i in range(1, years)
    }
    b.line(None, cells)


def _system_finance(b: SheetBuilder, rows: FinanceRows) -> dict[str, int]:
    years = len(rows.years)
    b.heading("System finance (£ million): the sum of its organisations")
    totals: dict[str, int] = {}
    for line, label in LINE_LABELS.items():
        org_rows = [lines[line] for lines in rows.line_rows]
        totals[line] = _per_year(
            b,
            label,
            lambda col, org_rows=org_rows: (
                f"=SUM({_cells(org_rows, FINANCE, col + FIRST_YEAR_COLUMN - COLUMN)})"
            ),
            FORMATS["gbp_m"],
            years,
        )
    income, spend = totals["income"], totals["expenditure"]
    totals["surplus"] = _per_year(
        b,
        "Surplus (deficit if negative)",
        lambda col: f"={formula_ref(CHECKS, income, col)}-{formula_ref(CHECKS, spend, col)}",
        FORMATS["gbp_m"],
        years,
    )
    efficiency = totals["cash_releasing_efficiency"]
    _per_year(
        b,
        "Productivity: efficiency savings ÷ expenditure",
        lambda col: (
            f'=IFERROR({formula_ref(CHECKS, efficiency, col)}/{formula_ref(CHECKS, spend, col)},"")'
        ),
        FORMATS["proportion"],
        years,
    )
    for line in ("income", "expenditure", "mental_health_spend", "primary_community_spend"):
        _growth(b, f"{LINE_LABELS[line]}: growth on the year before", totals[line], years)
    return totals


def _balance(b: SheetBuilder, ctx: Context, rows: FinanceRows, totals: dict[str, int]) -> None:
    found = _rule_params(ctx.pack, "financial-balance")
    if found is None:
        return
    years = len(rows.years)
    b.gap()
    b.heading(found[0])
    surplus = totals["surplus"]
    _per_year(
        b,
        "The system is in balance",
        lambda col: f'=IF({formula_ref(CHECKS, surplus, col)}>=0,{OK},"Deficit")',
        None,
        years,
    )
    for index, lines in enumerate(rows.line_rows):

        def balance(col: int, lines=lines) -> str:
            at = col + FIRST_YEAR_COLUMN - COLUMN
            income = formula_ref(FINANCE, lines["income"], at)
            spend = formula_ref(FINANCE, lines["expenditure"], at)
            return f'=IF(COUNT({income},{spend})<2,"",IF({income}-{spend}>=0,{OK},"Deficit"))'

        _per_year(b, f"Organisation {index + 1} is in balance", balance, None, years)


def _productivity(b: SheetBuilder, ctx: Context, rows: FinanceRows) -> None:
    found = _rule_params(ctx.pack, "productivity-growth")
    if found is None:
        return
    title, params = found
    years = len(rows.years)
    b.gap()
    b.heading(title)
    minimum = b.line(
        None,
        {
            2: Fixed("Minimum, from the pack"),
            3: Fixed(params["min_growth"], "readonly", FORMATS["proportion"]),
        },
    )
    extra = b.line(
        None,
        {
            2: Fixed("Extra for a provider in deficit the year before"),
            3: Fixed(params["deficit_extra"], "readonly", FORMATS["proportion"]),
        },
    )
    least, more = formula_ref(CHECKS, minimum, 3, True), formula_ref(CHECKS, extra, 3, True)
    for index, lines in enumerate(rows.line_rows):
        kind = formula_ref(FINANCE, rows.kind_rows[index], FIRST_YEAR_COLUMN)

        def test(col: int, lines=lines, kind=kind) -> str:
            at = col + FIRST_YEAR_COLUMN - COLUMN
            saving = formula_ref(FINANCE, lines["cash_releasing_efficiency"], at)
            spend = formula_ref(FINANCE, lines["expenditure"], at)
            if col == COLUMN:  # the baseline: no year before it
                required = least
            else:
                income_before = formula_ref(FINANCE, lines["income"], at - 1)
                spend_before = formula_ref(FINANCE, lines["expenditure"], at - 1)
                deficit = f'AND({kind}="provider",{income_before}-{spend_before}<0)'
                required = f"{least}+IF({deficit},{more},0)"
            verdict = f"IF({saving}/{spend}>={required},{OK},{SHORT})"
            return f'=IF(COUNT({saving},{spend})<2,"",IFERROR({verdict},""))'

        _per_year(b, f"Organisation {index + 1}: productivity", test, None, years)


def _workforce(b: SheetBuilder, rows: list[int], years: int) -> None:
    b.gap()
    b.heading("Workforce (whole-time equivalents)")
    first, last = rows[0], rows[-1]

    def total(col: int) -> str:
        at = col + FIRST_YEAR_COLUMN - COLUMN
        return f"=SUM({formula_range(WORKFORCE, first, last, at)})"

    row = _per_year(b, "Total workforce", total, FORMATS["wte"], years)
    _growth(b, "Total workforce: growth on the year before", row, years)


def _trajectories(b: SheetBuilder, trajectories: Sheet, years: int) -> None:
    b.gap()
    b.heading("Trajectories: growth on the year before")
    offset = min(col for (_, col), cell in trajectories.cells.items() if isinstance(cell, Input))
    keys = trajectories.keys()
    for row in sorted(keys):
        key = keys[row]
        if key.startswith("commitment:") or key.endswith((":numerator", ":denominator")):
            continue
        label = trajectories.cells[(row, 2)].value

        def growth(col: int, row=row) -> str:
            at = col + offset - COLUMN
            now, before = formula_ref(TRAJECTORIES, row, at), formula_ref(TRAJECTORIES, row, at - 1)
            return f'=IFERROR({now}/{before}-1,"")'

        cells = {2: Fixed(str(label))} | {
            COLUMN + i: Formula(growth(COLUMN + i), FORMATS["growth"]) for i in range(1, years)
        }
        b.line(None, cells)


def checks_sheet(
    ctx: Context, finance: FinanceRows, workforce: list[int], trajectories: Sheet
) -> Sheet:
    years = len(ctx.years)
    widths = {1: 4, 2: 52} | {COLUMN + i: 13 for i in range(years)}
    b = SheetBuilder(CHECKS, widths, data=False)
    b.title(
        "Checks",
        "Live formulas over your entries: problems show here before you upload. ltpif's "
        "assurance runs the full checks when the plan is uploaded.",
    )
    b.header(["", "Check", *ctx.years], freeze=True)
    totals = _system_finance(b, finance)
    _balance(b, ctx, finance, totals)
    _productivity(b, ctx, finance)
    _workforce(b, workforce, years)
    _trajectories(b, trajectories, years)
    return b.sheet
