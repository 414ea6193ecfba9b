"""Operational plans: an agreed plan phased by month (`ltpif operational phase`), seasonal
from a file of monthly actuals where asked and given."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ltpif.framework.numbers import csv_number
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem
from ltpif.monitoring.actuals import EVERYONE, Actual
from ltpif.monitoring.definitions import catalogue_for
from ltpif.monitoring.pipelines.load import Loader
from ltpif.plans.canonical import plan_sha256
from ltpif.plans.document import Plan
from ltpif.plans.files import read_plan
from ltpif.plans.operational import (
    OperationalPlan,
    Profile,
    annual_values,
    operational_year,
    phase_plan,
    seasonal_weights,
)

PROFILES = ("flat", "seasonal")


@dataclass(frozen=True)
class Phased:
    operational: OperationalPlan
    notes: dict[str, str]  # metric → why it is flat though seasonal was asked


def monthly_actuals(actuals: list[Actual], system: str) -> dict[str, dict[str, float]]:
    """metric → month → the system's value, from monthly actuals of everyone."""
    found: dict[str, dict[str, float]] = {}
    for actual in actuals:
        if actual.level != "system" or actual.org_code != system or actual.quintile != EVERYONE:
            continue
        if len(actual.period) == 7 and actual.period[4] == "-":  # a month, "2019-04"
            found.setdefault(actual.metric, {})[actual.period] = actual.value
    return found


def seasonal_profile(
    pack: Pack, plan: Plan, year: str, actuals: list[Actual]
) -> tuple[dict[str, list[float]], dict[str, str]]:
    """Each metric's seasonal weights from the system's monthly actuals, or a note of why it
    stays flat (no actuals, a month missing, negative or all zero)."""
    weights: dict[str, list[float]] = {}
    notes: dict[str, str] = {}
    by_metric = monthly_actuals(actuals, plan.system)
    for metric in annual_values(plan, year):
        got = seasonal_weights(by_metric.get(metric, {}), pack.periods.year_start_month)
        if isinstance(got, str):
            notes[metric] = f"flat: {got}" if metric in by_metric else "flat: no actuals"
        else:
            weights[metric] = got
    return weights, notes


def phase_file(
    plan_path: Path,
    profile: Profile = "flat",
    actuals_path: Path | None = None,
    year: str | None = None,
) -> Phased:
    """The operational plan of a plan file; InputError listing every problem."""
    problems = []
    if profile == "seasonal" and actuals_path is None:
        problems.append(
            Problem("--actuals", None, "", "a seasonal profile needs a file of actuals")
        )
    try:
        loaded = read_plan(plan_path)
    except InputError as exc:
        raise InputError(problems + exc.problems) from None
    pack = loaded.pack
    if year is None:
        year = operational_year(pack)
    elif year not in pack.plan_years[1:]:
        known = ", ".join(pack.plan_years[1:])
        problems.append(Problem("--year", None, "", f"not a plan year: {year} ({known})"))
    if not problems and not annual_values(loaded.plan, year):
        message = f"the plan has no trajectory value for {year}: nothing to phase"
        problems.append(Problem(loaded.file, None, "commitments", message))
    weights: dict[str, list[float]] = {}
    notes: dict[str, str] = {}
    if actuals_path is not None and profile == "seasonal":
        loader = Loader(pack, catalogue_for(pack), None)
        try:
            actuals = loader.read_long(actuals_path).actuals
        except InputError as exc:
            problems += exc.problems
            actuals = []
        if not problems:
            weights, notes = seasonal_profile(pack, loaded.plan, year, actuals)
    if problems:
        raise InputError(problems)
    op = phase_plan(pack, loaded.plan, plan_sha256(loaded.plan), year, weights, notes, profile)
    return Phased(op, notes)


CSV_COLUMNS = ("metric", "name", "phasing", "annual")


def operational_csv(pack: Pack, operational: OperationalPlan) -> str:
    """An operational plan as CSV: a row per metric, its annual value then each month, as
    written (so the months of a summed metric add up to the annual value exactly)."""
    months = pack.year_calendar.months(operational.year)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *months])
    for phased in operational.metrics:
        name = pack.metric_by_id[phased.metric].name
        values = [csv_number(phased.months[m]) for m in months]
        writer.writerow([phased.metric, name, phased.phasing, csv_number(phased.annual), *values])
    return out.getvalue()


def agreed_operational(pack: Pack, plan: Plan, plan_sha256: str) -> OperationalPlan:
    """The default (flat) operational plan of an agreed plan version."""
    return phase_plan(pack, plan, plan_sha256, operational_year(pack))
