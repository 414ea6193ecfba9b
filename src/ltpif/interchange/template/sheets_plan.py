"""The sheets of what the plan commits to: narrative, commitments, trajectories, milestones."""

from __future__ import annotations

from ltpif.framework import schema as s
from ltpif.interchange.template.ambitions import metric_ambitions
from ltpif.interchange.template.context import CommitmentRow, Context, commitment_rows
from ltpif.interchange.template.layout import (
    FORMATS,
    PRESENT,
    Fixed,
    Formula,
    Input,
    Sheet,
    SheetBuilder,
    Slot,
    formula_ref,
)
from ltpif.plans.document import Trajectory

NARRATIVE = "Narrative"
COMMITMENTS = "Commitments"
TRAJECTORIES = "Trajectories"
MILESTONES = "Milestones"
SPARE_MILESTONES = 20
UNIT_NAMES = {
    "count": "number",
    "wte": "WTE",
    "proportion": "% (type 75%)",
    "gbp_m": "£ million",
    "days": "days",
    "hours": "hours",
    "weeks": "weeks",
    "flag": "1 yes, 0 no",
}
NARRATIVE_FIELDS = {
    "builds_on_strategies": "How the plan builds on local strategies (JSNA, joint health and "
    "wellbeing strategy)",
    "inequalities": "Reducing inequalities and unwarranted variation",
    "prevention": "Prevention",
    "innovation": "Local innovation",
    "demand": "Reducing the growth in demand (integration and prevention)",
    "variation": "Reducing unjustified variation in performance",
    "capital": "Better use of capital and existing assets",
}


def narrative_sheet(ctx: Context) -> Sheet:
    b = SheetBuilder(NARRATIVE, {1: 22, 2: 40, 3: 90, 4: 60})
    b.title(f"Narrative: {ctx.system.name}", "Text for each required section of the plan.")
    b.header(["Key", "Item", "Your text", "Guidance"], freeze=True)
    b.line("title", {2: Fixed("Plan title"), 3: ctx.text(ctx.plan.title, ("title",))})
    b.heading("Required sections")
    sections = ctx.plan.narrative.sections
    for section in ctx.pack.sections.section:
        path = ("narrative", "sections", section.id)
        text = ctx.text(sections.get(section.id), path, wide=True, blank="")
        b.line(
            f"section:{section.id}",
            {2: Fixed(section.title), 3: text, 4: Fixed(section.guidance, "note")},
        )
    for unknown in set(sections) - {section.id for section in ctx.pack.sections.section}:
        ctx.problems.append((f"narrative.sections.{unknown}", "not a section of the pack"))
    b.heading("How the plan meets the principles")
    for name, label in NARRATIVE_FIELDS.items():
        value = getattr(ctx.plan.narrative, name)
        b.line(
            f"narrative:{name}",
            {2: Fixed(label), 3: ctx.text(value, ("narrative", name), wide=True)},
        )
    b.heading("Who leads the plan")
    lead = ctx.plan.clinical_lead
    b.line(
        "plan-lead:name",
        {
            2: Fixed("Senior clinical lead for the plan as a whole (name)"),
            3: ctx.text(lead.name if lead else None, ("clinical_lead", "name")),
            4: Fixed("Required of the final plan.", "note"),
        },
    )
    b.line(
        "plan-lead:role",
        {
            2: Fixed("Senior clinical lead for the plan as a whole (role)"),
            3: ctx.text(lead.role if lead else None, ("clinical_lead", "role")),
        },
    )
    return b.sheet


COMMITMENT_HEADER = [
    "Key",
    "Commitment",
    "Kind",
    "Clinical implications",
    "In plan",
    "Clinical lead (name)",
    "Clinical lead (role)",
    "Narrative",
    "Local justification (where the plan departs from the national pace)",
]


def commitments_sheet(ctx: Context) -> Sheet:
    b = SheetBuilder(COMMITMENTS, {1: 28, 2: 40, 3: 12, 4: 11, 5: 9, 6: 24, 7: 24, 8: 60, 9: 50})
    b.title("Commitments", "Say Yes under 'In plan' for each commitment the plan takes on.")
    b.header(COMMITMENT_HEADER, freeze=True)
    ctx.commitments = commitment_rows(ctx.pack, ctx.plan, COMMITMENTS, b.row)
    for entry in ctx.plan.commitments:
        if entry.commitment not in ctx.pack.commitment_by_id:
            ctx.problems.append((f"commitments.{entry.commitment}", "not a commitment of the pack"))
    for row in ctx.commitments:
        c, entry, slot = row.commitment, row.entry, row.slot
        at = ("commitments", slot)
        lead = entry.clinical_lead if entry else None
        b.line(
            c.id,
            {
                2: Fixed(c.title),
                3: Fixed(c.kind),
                4: Fixed("Yes" if c.clinical_implications else "No"),
                5: Input("yes_no", (*at, PRESENT), "Yes" if entry else "No", choices="yes_no"),
                6: ctx.text(lead.name if lead else None, (*at, "clinical_lead", "name")),
                7: ctx.text(lead.role if lead else None, (*at, "clinical_lead", "role")),
                8: ctx.text(entry.narrative if entry else None, (*at, "narrative"), wide=True),
                9: ctx.text(
                    entry.local_justification if entry else None,
                    (*at, "local_justification"),
                    wide=True,
                ),
            },
        )
    return b.sheet


YEAR_COLUMN = 4  # the baseline year's column on the Trajectories sheet


def _ordered_metrics(row: CommitmentRow, ctx: Context) -> list[tuple[s.Metric, Trajectory | None]]:
    planned = {t.metric: t for t in row.entry.trajectories} if row.entry else {}
    own = {m.id: m for m in row.commitment.metric}
    for metric in planned:
        if metric not in own:
            ctx.problems.append(
                (
                    f"commitments.{row.commitment.id}.trajectories.{metric}",
                    "not a metric of this commitment",
                )
            )
    order = [own[m] for m in planned if m in own] + [m for m in own.values() if m.id not in planned]
    return [(metric, planned.get(metric.id)) for metric in order]


def _year_inputs(ctx: Context, values: dict[str, float], path, unit: str) -> dict:
    return {
        YEAR_COLUMN + i: ctx.number(values.get(year), (*path, year), unit)
        for i, year in enumerate(ctx.years)
    }


def trajectories_sheet(ctx: Context) -> Sheet:
    years = ctx.years
    ambition_col = YEAR_COLUMN + len(years)
    widths = {1: 36, 2: 52, 3: 16, ambition_col: 48, ambition_col + 1: 16}
    widths.update({YEAR_COLUMN + i: 12 for i in range(len(years))})
    b = SheetBuilder(TRAJECTORIES, widths)
    b.title(
        "Trajectories: the baseline and each year of the plan",
        "Ratio metrics take a numerator and a denominator; the ratio is worked out for you.",
    )
    b.header(
        ["Key", "Metric", "Unit", *years, "National ambition", "This system's target"], freeze=True
    )
    for row in ctx.commitments:
        if not row.commitment.metric:
            continue
        b.line(f"commitment:{row.commitment.id}", {2: Fixed(row.commitment.title, "heading")})
        for index, (metric, trajectory) in enumerate(_ordered_metrics(row, ctx)):
            slot = Slot("trajectory", index, b.anchor(), (("metric", metric.id),))
            at = ("commitments", row.slot, "trajectories", slot)
            text, target = metric_ambitions(ctx.pack, ctx.system, metric)
            beside = {ambition_col: Fixed(text, "note")} if text else {}
            if target is not None:
                beside[ambition_col + 1] = Fixed(target, "readonly", FORMATS.get(metric.unit))
            elif text:  # shared by baseline activity: only the roll-up of all plans knows
                beside[ambition_col + 1] = Fixed("see the national roll-up", "note")
            t = trajectory or Trajectory(metric=metric.id)
            if metric.rollup != "ratio_of_sums":
                cells = {2: Fixed(metric.name), 3: Fixed(UNIT_NAMES[metric.unit])}
                b.line(
                    metric.id,
                    cells | _year_inputs(ctx, t.values, (*at, "values"), metric.unit) | beside,
                )
                continue
            first = b.line(
                f"{metric.id}:numerator",
                {2: Fixed(f"{metric.name}: {metric.numerator}"), 3: Fixed("number")}
                | _year_inputs(ctx, t.numerator, (*at, "numerator"), "count")
                | beside,
            )
            b.line(
                f"{metric.id}:denominator",
                {2: Fixed(f"{metric.name}: {metric.denominator}"), 3: Fixed("number")}
                | _year_inputs(ctx, t.denominator, (*at, "denominator"), "count"),
            )
            ratios = {}
            for i in range(len(years)):
                top = formula_ref(TRAJECTORIES, first, YEAR_COLUMN + i)
                bottom = formula_ref(TRAJECTORIES, first + 1, YEAR_COLUMN + i)
                ratios[YEAR_COLUMN + i] = Formula(
                    f'=IFERROR({top}/{bottom},"")', FORMATS[metric.unit]
                )
            b.line(
                f"{metric.id}:ratio",
                {2: Fixed(f"{metric.name} (worked out)"), 3: Fixed(UNIT_NAMES[metric.unit])}
                | ratios,
            )
    return b.sheet


def milestones_sheet(ctx: Context) -> Sheet:
    b = SheetBuilder(MILESTONES, {1: 14, 2: 36, 3: 12, 4: 70, 6: 36, 7: 12, 8: 70})
    b.title(
        "Milestones",
        "One milestone a row: its commitment (from the list), its date and what will be done. "
        "Use the blank rows for new milestones; clear a row to remove one.",
    )
    top = b.row
    b.header(["Key", "Commitment", "Date", "Milestone"], freeze=True)
    rows = [
        (row.commitment.id, milestone)
        for row in ctx.commitments
        if row.entry
        for milestone in row.entry.milestones
    ]
    for index in range(len(rows) + SPARE_MILESTONES):
        commitment, milestone = rows[index] if index < len(rows) else (None, None)
        slot = Slot("milestone", index, b.anchor())
        at = ("milestone_rows", slot)
        b.line(
            f"milestone {index + 1}",
            {
                2: ctx.choice(commitment, (*at, "commitment"), "commitments"),
                3: ctx.date(milestone.date if milestone else None, (*at, "date")),
                4: ctx.text(
                    milestone.description if milestone else None, (*at, "description"), wide=True
                ),
            },
        )
    _national_milestones(b, ctx, top)
    return b.sheet


def _national_milestones(b: SheetBuilder, ctx: Context, top: int) -> None:
    """The pack's milestones, read-only beside the table, for reference."""
    cells = b.sheet.cells
    for offset, label in enumerate(["National milestone: commitment", "By", "Milestone"]):
        cells[(top, 6 + offset)] = Fixed(label, "header")
    row = top + 1
    for commitment in ctx.pack.commitments:
        for milestone in commitment.milestone:
            by = milestone.by if isinstance(milestone.by, str) else milestone.by.isoformat()
            cells[(row, 6)] = Fixed(commitment.id, "note")
            cells[(row, 7)] = Fixed(by, "note")
            cells[(row, 8)] = Fixed(milestone.description, "note")
            row += 1
