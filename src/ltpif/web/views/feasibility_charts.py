"""The Feasibility tab's charts: rows first (ltpif.app.feasibility_tables), then the drawing
made from them, as the roll-up's charts are (rollup_charts.Chart). Each chart's "Download data
(CSV)" returns its rows, so the download holds exactly the numbers drawn and tabled.
"""

from __future__ import annotations

from collections.abc import Callable

from ltpif.app import feasibility_tables as tables
from ltpif.app import present
from ltpif.framework.pack import Pack
from ltpif.interchange.publication import svg
from ltpif.plans.document import Plan
from ltpif.web.views.rollup_charts import BLUE, GREY, RED, Chart, Column, _with_desc

GREEN = "#007f3b"


def _line(label: str, rows: list[dict], key: str, colour: str, dashed: bool = False) -> svg.Line:
    return svg.Line(label, [r.get(key) for r in rows], colour, dashed)


def _drawn(slug: str, title: str, desc: str, rows: list[dict], columns, lines, note="") -> Chart:
    if not rows:
        return Chart(slug, title, desc, rows, columns, empty=note or "Nothing to draw.")
    drawing = svg.line_chart(title, [r["year"] for r in rows], lines)
    return Chart(slug, title, desc, rows, columns, _with_desc(drawing, desc), note=note)


def projection_chart(pack: Pack, plan: Plan) -> Chart:
    result = tables.projection(pack, plan)
    rows = tables.projection_dicts(result)
    title = "The waiting list: planned, and what the planned capacity leaves"
    desc = (
        "By year, the list as planned, the list the planned referrals and completed pathways "
        "leave from the first year's list, and the simulator's 10th to 90th percentile band."
    )
    columns = [
        Column("year", "Year"),
        Column("planned_list", "Planned list", "count"),
        Column("list_the_capacity_leaves", "List the capacity leaves", "count"),
        Column("simulated_low", "Simulated: low (10%)", "count"),
        Column("simulated_median", "Simulated: median", "count"),
        Column("simulated_high", "Simulated: high (90%)", "count"),
        Column("simulated_over_18_weeks", "Simulated: over 18 weeks", "count"),
        Column("simulated_over_52_weeks", "Simulated: over 52 weeks", "count"),
    ]
    lines = [
        _line("planned", rows, "planned_list", BLUE),
        _line("capacity leaves", rows, "list_the_capacity_leaves", RED, dashed=True),
        _line("simulated 10%", rows, "simulated_low", GREY, dashed=True),
        _line("simulated 90%", rows, "simulated_high", GREY, dashed=True),
    ]
    note = result.note if rows else "The plan does not give its waiting list and its flows."
    return _drawn("projection", title, desc, rows, columns, lines, note)


def capacity_chart(pack: Pack, plan: Plan) -> Chart:
    rows = tables.capacity_rows(pack, plan)
    title = "Completed pathways: needed for the planned list, against planned"
    desc = (
        "By year, the completed pathways the plan gives and those its list needs: the year's "
        "referrals less other removals, plus the fall in the list."
    )
    columns = [
        Column("year", "Year"),
        Column("demand", "Referrals less other removals", "count"),
        Column("planned", "Completed pathways planned", "count"),
        Column("needed", "Completed pathways needed", "count"),
        Column("shortfall", "Shortfall", "count"),
        Column("planned_a_week", "Planned a week", "decimal"),
        Column("needed_a_week", "Needed a week", "decimal"),
        Column("queue_load", "Queue load (demand / capacity)", "decimal"),
    ]
    lines = [
        _line("planned", rows, "planned", BLUE),
        _line("needed", rows, "needed", RED, dashed=True),
    ]
    return _drawn("capacity", title, desc, rows, columns, lines, "" if rows else "No flows.")


def finance_chart(pack: Pack, plan: Plan) -> Chart:
    rows = tables.finance_rows(pack, plan)
    title = "The system's balance by year"
    desc = (
        "By year, the system's income less expenditure (£ million), and its control total "
        "where the pack sets one."
    )
    columns = [
        Column("year", "Year"),
        Column("income", "Income", "money"),
        Column("expenditure", "Expenditure", "money"),
        Column("surplus", "Balance", "money"),
        Column("efficiency", "Cash-releasing efficiency", "money"),
        Column("control_total", "Control total", "money"),
    ]
    lines = [_line("balance", rows, "surplus", BLUE)]
    if any(r["control_total"] is not None for r in rows):
        lines.append(_line("control total", rows, "control_total", RED, dashed=True))
    return _drawn("finance", title, desc, rows, columns, lines, "" if rows else "No finances.")


def bridge_chart(pack: Pack, plan: Plan) -> Chart:
    rows = tables.finance_bridge(tables.finance_rows(pack, plan))
    title = "The finance bridge: from the first year's balance to the last's"
    desc = "What the income adds and the spending takes between the first and the last year."
    columns = [Column("step", "Step"), Column("amount", "£ million", "money")]
    why = "" if rows else "The plan gives no finances for two years."
    return Chart("finance-bridge", title, desc, rows, columns, empty=why)


def workforce_chart(pack: Pack, plan: Plan) -> Chart:
    rows = tables.workforce_rows(pack, plan)
    title = "The workforce against activity (first year = 100)"
    desc = (
        "By year, the workforce (WTE), its pay bill and planned surgery, each as an index of "
        "its first year."
    )
    columns = [
        Column("year", "Year"),
        Column("wte", "Workforce (WTE)", "decimal"),
        Column("pay_cost", "Pay bill (£m)", "money"),
        Column("activity", "Planned surgery", "count"),
        Column("wte_index", "Workforce index", "decimal"),
        Column("pay_cost_index", "Pay bill index", "decimal"),
        Column("activity_index", "Planned surgery index", "decimal"),
    ]
    lines = [
        _line("workforce", rows, "wte_index", BLUE),
        _line("planned surgery", rows, "activity_index", RED, dashed=True),
    ]
    if any(r["pay_cost_index"] is not None for r in rows):
        lines.append(_line("pay bill", rows, "pay_cost_index", GREEN))
    return _drawn("workforce", title, desc, rows, columns, lines, "" if rows else "No workforce.")


CHARTS: dict[str, Callable[[Pack, Plan], Chart]] = {
    "projection": projection_chart,
    "capacity": capacity_chart,
    "finance": finance_chart,
    "finance-bridge": bridge_chart,
    "workforce": workforce_chart,
}


def charts(pack: Pack, plan: Plan) -> list[Chart]:
    return [make(pack, plan) for make in CHARTS.values()]


def cell(kind: str, value: object) -> str:
    """A value as the tab's tables show it; `kind` is a Column's."""
    if value is None:
        return present.MISSING
    if not isinstance(value, int | float):
        return str(value)
    if kind == "count":
        return present.count(value)
    if kind == "money":
        return present.money_to_thousand(value)
    if kind == "decimal":
        return f"{value:,}"
    return str(value)


def chart_csv(chart: Chart) -> str:
    return tables.rows_csv([c.key for c in chart.columns], chart.rows)
