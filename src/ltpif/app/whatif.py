"""What-if for the page and the API: one system's trajectory replaced, the national gap before
and after, and nothing saved. The arithmetic is the domain's (rollup.whatif.what_if) on the
cached roll-up's long table; this module only reads the input and shapes the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ltpif.app.rollup import Current
from ltpif.framework import schema as s
from ltpif.framework.numbers import BadNumber, is_blank, parse_number
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError
from ltpif.plans.document import Trajectory
from ltpif.plans.validate import part_unit
from ltpif.rollup.whatif import WhatIf, what_if

Errors = list[tuple[str, str]]  # (form field, message), for the NHS error summary


@dataclass(frozen=True)
class Part:
    """One row of inputs: the values, or a ratio metric's numerator or denominator."""

    attr: str  # values, numerator, denominator
    prefix: str  # form field prefix: the field of a year is f"{prefix}__{year}"
    label: str


def what_if_metrics(pack: Pack) -> list[s.Metric]:
    """The metrics that have a national ambition, in pack order."""
    ids = dict.fromkeys(a.metric for a in pack.ambitions)
    return [pack.metric_by_id[m] for m in ids]


def parts(metric: s.Metric) -> list[Part]:
    if metric.rollup == "ratio_of_sums":
        return [
            Part("numerator", "numerator", metric.numerator or "Numerator"),
            Part("denominator", "denominator", metric.denominator or "Denominator"),
        ]
    return [Part("values", "values", metric.name)]


def read_trajectory(
    pack: Pack, metric: s.Metric, given: Mapping[str, Mapping[str, object]]
) -> tuple[Trajectory | None, Errors]:
    """A trajectory from {attr: {year: value or text}}; empty years stay missing."""
    errors: Errors = []
    read: dict[str, dict[str, float]] = {}
    for part in parts(metric):
        read[part.attr] = {}
        for year, raw in (given.get(part.attr) or {}).items():
            field = f"{part.prefix}__{year}"
            if year not in pack.plan_years:
                errors.append((field, f"{year} is not a year of the plans"))
                continue
            if is_blank(raw):
                continue
            try:
                read[part.attr][year] = parse_number(raw, unit=part_unit(metric, part.attr))
            except BadNumber as exc:
                errors.append((field, f"{year}: {exc.message}"))
            else:
                if part.attr == "denominator" and read[part.attr][year] == 0:
                    errors.append((field, f"{year}: the denominator cannot be zero"))
    if not errors and not any(read.values()):
        first = f"{parts(metric)[0].prefix}__{pack.plan_years[0]}"
        errors.append((first, "Enter at least one year's value"))
    if errors:
        return None, errors
    return Trajectory(metric=metric.id, **read), []


def run(now: Current, system: str, trajectory: Trajectory) -> list[WhatIf]:
    """The domain's what-if on the current plans; InputError names anything it refuses."""
    return what_if(now.rollup.pack, now.rollup.rows, system, trajectory)


def input_errors(exc: InputError) -> Errors:
    return [(p.key or "values", p.message) for p in exc.problems]


@dataclass(frozen=True)
class YearAnswer:
    """One year of an ambition: the plans together and the gap, before and after."""

    year: str
    planned_before: float | None
    planned_after: float | None
    target: float | None
    glide: float | None
    gap_before: float | None
    gap_after: float | None
    change: float | None  # how far the change moves the gap (None without both gaps)


@dataclass(frozen=True)
class AmbitionAnswer:
    ambition: str
    description: str
    scope: str
    due_year: str
    status_before: str
    status_after: str
    years: tuple[YearAnswer, ...]


def answer(results: list[WhatIf]) -> list[AmbitionAnswer]:
    """Per ambition, per year: the plans together and the gap, before and after."""
    return [
        AmbitionAnswer(
            ambition=result.before.ambition.id,
            description=result.before.ambition.description,
            scope=result.before.ambition.scope,
            due_year=result.before.due_year,
            status_before=result.before.status,
            status_after=result.after.status,
            years=tuple(
                YearAnswer(
                    year=old.year,
                    planned_before=old.planned,
                    planned_after=new.planned,
                    target=old.target,
                    glide=old.glide,
                    gap_before=old.gap,
                    gap_after=new.gap,
                    change=None if old.gap is None or new.gap is None else new.gap - old.gap,
                )
                for old, new in zip(result.before.years, result.after.years, strict=True)
            ),
        )
        for result in results
    ]
