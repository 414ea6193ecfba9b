"""What every sheet of the layout is built from, and the input cells they share."""

from __future__ import annotations

from dataclasses import dataclass, field

from ltpif.framework import schema as s
from ltpif.framework.numbers import UNIT_RANGES
from ltpif.framework.pack import Pack
from ltpif.interchange.template.layout import FORMATS, Input, RawPath, Slot
from ltpif.plans.document import CommitmentPlan, Plan

CELL_TEXT_LIMIT = 32_767  # characters Excel holds in one cell


@dataclass(frozen=True)
class CommitmentRow:
    """A pack commitment in the workbook's order, the plan's entry for it, and its slot."""

    commitment: s.Commitment
    entry: CommitmentPlan | None
    slot: Slot


@dataclass
class Context:
    pack: Pack
    plan: Plan
    system: s.System
    commitments: list[CommitmentRow] = field(default_factory=list)
    # (plan path, message) for what a workbook cannot hold; export refuses such a plan
    problems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def years(self) -> list[str]:
        return self.pack.plan_years

    def text(self, value: str | None, path: RawPath, wide: bool = False, blank=None) -> Input:
        if value is not None and len(value) > CELL_TEXT_LIMIT:
            where = ".".join(f"{p.name} {p.index + 1}" if isinstance(p, Slot) else p for p in path)
            self.problems.append(
                (where, f"longer than the {CELL_TEXT_LIMIT:,} characters a cell holds")
            )
            value = value[:CELL_TEXT_LIMIT]
        extra = {} if blank is None else {"blank": blank}
        return Input("text", path, value or None, FORMATS["text"], wide=wide, **extra)

    def wide_text(self, value: str | None, path: RawPath) -> Input:
        return self.text(value, path, wide=True)

    def lines(self, values: list[str] | None, path: RawPath) -> Input:
        """Several names in one cell, one a line."""
        cell = self.text("\n".join(values) if values else None, path, wide=True)
        return Input("lines", path, cell.value, cell.number_format, wide=True)

    def number(self, value: float | None, path: RawPath, unit: str) -> Input:
        """A number cell for a value in the pack's `unit` (proportions as percentages), with
        the unit's range as the number parser has it (a count at least 0…)."""
        bounds = UNIT_RANGES[unit]
        kind = unit if unit in ("proportion", "flag") else "number"
        return Input(kind, path, value, FORMATS[unit], minimum=bounds.low, maximum=bounds.high)

    def money(self, value: float | None, path: RawPath) -> Input:
        """A £ million cell of the finance and estates sheets: never below 0."""
        return Input("number", path, value, FORMATS["gbp_m"], minimum=0)

    def date(self, value, path: RawPath) -> Input:
        return Input("date", path, value, FORMATS["date"])

    def choice(self, value: str | None, path: RawPath, choices: str) -> Input:
        return Input("choice", path, value or None, FORMATS["text"], choices=choices)

    def year(self, value: str | None, path: RawPath) -> Input:
        return Input("year", path, value, FORMATS["text"], choices="years")


def commitment_rows(pack: Pack, plan: Plan, sheet: str, first_row: int) -> list[CommitmentRow]:
    """The plan's commitments in its order, then the pack's others: the order keeps a
    round trip exact, since a plan's list order is part of the plan."""
    by_id = {entry.commitment: entry for entry in plan.commitments}
    order = [pack.commitment_by_id[c] for c in by_id if c in pack.commitment_by_id]
    order += [c for c in pack.commitments if c.id not in by_id]
    return [
        CommitmentRow(
            commitment,
            by_id.get(commitment.id),
            Slot(
                "commitment",
                index,
                (sheet, first_row + index, 1),
                (("commitment", commitment.id),),
                presence=True,
            ),
        )
        for index, commitment in enumerate(order)
    ]
