"""Actuals: the long record every source becomes, and the generic long format's rules.

A stored actual is one value of one metric for one period and one place (a system under its
pack code, or the nation), optionally with the numerator and denominator of a ratio and a
deprivation quintile (1 the most deprived fifth of the population, 5 the least; 0 everyone).

The long format (CSV or XLSX) has a header row and the columns `organisation_code`,
`metric`, `period`, then any of `value`, `numerator`, `denominator`, `deprivation_quintile`.
An organisation may be the nation, a system (any of its codes), a trust or a CCG: rows of
trusts and CCGs are added up to their system (sums, and ratios as Σ numerator / Σ
denominator). This module is the reference implementation: plain Python over rows; the Ibis
pipeline (`pipelines/long_format.py`) must agree with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ltpif.framework.numbers import RATIO_PART_UNIT
from ltpif.framework.periods import Calendar
from ltpif.framework.problems import Problem, quoted
from ltpif.monitoring.definitions import MonitoredMetric
from ltpif.monitoring.mapping import OrgMap
from ltpif.monitoring.periods import parse_period
from ltpif.monitoring.rows import Row, RowRules, check_rows, number

REQUIRED = ("organisation_code", "metric", "period")
OPTIONAL = ("value", "numerator", "denominator", "deprivation_quintile")
QUINTILES = ("1", "2", "3", "4", "5")
# the units of a ratio's parts, whatever the metric; a value's is its metric's
PART_UNITS = dict.fromkeys(("numerator", "denominator"), RATIO_PART_UNIT)
EVERYONE = 0
Key = tuple[str, str, str, str, int]  # level, place's code, metric, period, quintile
BAD = float("nan")  # a cell that is not a number, in checks that only ask whether one is given


@dataclass(frozen=True, order=True)
class Actual:
    level: str  # "system" or "national"
    org_code: str  # the system's pack code, or the national code
    metric: str
    period: str  # a month "2019-04", quarter "2019/20 Q1" or year "2019/20"
    value: float
    numerator: float | None = None
    denominator: float | None = None
    quintile: int = EVERYONE


@dataclass(frozen=True, order=True)
class Part:
    """What one organisation's rows gave to a system's stored actual (the same key, but
    `organisation`: the code that placed the rows in the system), kept so that an approved
    footprint change can move them later (`monitoring.reattribute`)."""

    org_code: str  # the system's pack code
    metric: str
    period: str
    quintile: int
    organisation: str  # upper case, as the lookups key it
    value: float
    numerator: float | None = None
    denominator: float | None = None


def parts_of(actuals: Iterable[Actual], organisation: str) -> list[Part]:
    """A system's actuals as made from one organisation's rows alone: that organisation's parts."""
    return [
        Part(
            a.org_code,
            a.metric,
            a.period,
            a.quintile,
            organisation,
            a.value,
            a.numerator,
            a.denominator,
        )
        for a in actuals
        if a.level == "system"
    ]


@dataclass(frozen=True)
class LongContext:
    orgs: OrgMap
    metrics: dict[str, MonitoredMetric]
    calendar: Calendar
    cadences: tuple[str, ...]  # the pack's actuals cadences


def header_problems(file: str, header: Sequence[str]) -> list[Problem]:
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    problems = []
    if missing:
        problems.append(Problem(file, 1, "", f"missing column(s): {', '.join(missing)}"))
    if unknown:
        expected = ", ".join(REQUIRED + OPTIONAL)
        problems.append(
            Problem(file, 1, "", f"unknown column(s): {', '.join(unknown)} (expected {expected})")
        )
    return problems


def row_rules(header: Sequence[str], context: LongContext) -> RowRules:
    return RowRules(
        columns=tuple(header),
        numeric=tuple(c for c in ("value", "numerator", "denominator") if c in header),
        units=PART_UNITS,
        required=REQUIRED,
        key=(*REQUIRED, *(("deprivation_quintile",) if "deprivation_quintile" in header else ())),
        key_name="organisation, metric, period and quintile",
        checks=(lambda row: row_problems(row, context),),
    )


def row_problems(row: Row, context: LongContext) -> Iterator[tuple[str, str]]:
    """Problems of one row beyond blanks and numbers (which `check_rows` finds)."""
    code, metric, period = (row[c].strip() for c in REQUIRED)
    if code and context.orgs.resolve(code) is None:
        yield "organisation_code", f"unknown organisation code {quoted(code)}"
    if metric and metric not in context.metrics:
        yield "metric", f"unknown metric {quoted(metric)}"
    if period:
        try:
            cadence = parse_period(period, context.calendar).cadence
        except ValueError as exc:
            yield "period", str(exc)
        else:
            if cadence not in context.cadences:
                yield "period", f"a {cadence} is not an actuals cadence of the pack"
    quintile = (row.get("deprivation_quintile") or "").strip()
    if quintile and quintile not in QUINTILES:
        yield (
            "deprivation_quintile",
            f"must be 1 (most deprived) to 5 (least), not {quoted(quintile)}",
        )
    yield from _amount_problems(row, context.metrics.get(metric))


def _amount_problems(row: Row, metric: MonitoredMetric | None) -> Iterator[tuple[str, str]]:
    amounts = {}
    for column in ("value", "numerator", "denominator"):
        try:
            amounts[column] = number(row.get(column), PART_UNITS.get(column))
        except ValueError:
            amounts[column] = BAD  # reported as not a number; given, so not missing
            continue
        if column == "value" and metric is not None and amounts[column] is not None:
            try:
                number(row[column], metric.unit)
            except ValueError as exc:
                yield column, str(exc)  # a number, outside its metric's unit
    value, num, den = amounts.values()
    if (num is None) != (den is None):
        yield "denominator" if den is None else "numerator", "numerator and denominator go together"
    elif den == 0:
        yield "denominator", "is zero"
    elif value is None and num is None:
        yield "value", "no value: give value, or numerator and denominator"


def read_long(
    file: str,
    rows: Iterable[tuple[int, Sequence[str]]],
    header: Sequence[str],
    context: LongContext,
) -> tuple[list[Actual], list[Problem]]:
    """Check every row, then add organisations up to their systems: (actuals, problems)."""
    rows = list(rows)
    problems = check_rows(file, rows, row_rules(header, context))
    if problems:
        return [], problems
    groups: dict[Key, list[tuple[int, Row, str]]] = {}
    for line, cells in rows:
        row = {c: (v or "").strip() for c, v in zip(header, cells, strict=True)}
        place = context.orgs.resolve(row["organisation_code"])
        assert place is not None  # checked above
        named = parse_period(row["period"], context.calendar)
        code = place.code
        if place.via in ("provider", "commissioner"):  # the footprint of the period
            code = context.orgs.system_on(row["organisation_code"], code, named.start)
        quintile = int(row.get("deprivation_quintile") or EVERYONE)
        key = (place.level, code, row["metric"], named.name, quintile)
        groups.setdefault(key, []).append((line, row, place.via))
    actuals = []
    for key, members in groups.items():
        actual, problem = combine(file, key, members, context.metrics[key[2]])
        if actual is not None:
            actuals.append(actual)
        elif problem is not None:
            problems.append(problem)
    return sorted(actuals), problems


def read_long_parts(
    rows: Iterable[tuple[int, Sequence[str]]], header: Sequence[str], context: LongContext
) -> list[Part]:
    """Each organisation's part of the system actuals of a checked file (rows of trusts and
    CCGs; a row naming a system or the nation is no organisation's)."""
    parts = []
    for _, cells in rows:
        row = {c: (v or "").strip() for c, v in zip(header, cells, strict=True)}
        place = context.orgs.resolve(row["organisation_code"])
        if place is None or place.via not in ("provider", "commissioner"):
            continue
        named = parse_period(row["period"], context.calendar)
        code = context.orgs.system_on(row["organisation_code"], place.code, named.start)
        num, den = number(row.get("numerator")), number(row.get("denominator"))
        parts.append(
            Part(
                code,
                row["metric"],
                named.name,
                int(row.get("deprivation_quintile") or EVERYONE),
                row["organisation_code"].upper(),
                _row_value(number(row.get("value")), num, den),
                num,
                den,
            )
        )
    return sorted(parts)


MIXED = "its own figure and others that add up to it"
PARTIAL_RATIO = "a ratio from several organisations needs numerator and denominator on every row"


def combined(
    metric: MonitoredMetric,
    count: int,
    direct: bool,
    whole: bool,
    value_sum: float,
    numerator_sum: float | None,
    denominator_sum: float | None,
) -> float | str:
    """The value stored for a group of rows of one place, or why they cannot be combined.

    `direct`: a row names the place itself (a system or the nation), not an organisation in
    it; `whole`: every row has a numerator and denominator; `value_sum`: the sum of the
    rows' values (a row's value is numerator / denominator when it gives no value).
    """
    if count > 1 and direct:
        return MIXED
    if not metric.is_ratio:
        return value_sum
    if whole and numerator_sum is not None and denominator_sum:
        return numerator_sum / denominator_sum  # a ratio of sums, never an average of ratios
    return value_sum if count == 1 else PARTIAL_RATIO


def _row_value(value: float | None, num: float | None, den: float | None) -> float:
    """A row's value: its own, else numerator / denominator (checked: one or the other)."""
    if value is not None:
        return value
    assert num is not None and den
    return num / den


def combine(
    file: str, key: Key, members: list[tuple[int, Row, str]], metric: MonitoredMetric
) -> tuple[Actual | None, Problem | None]:
    """One stored actual from the rows of one place, metric, period and quintile."""
    amounts = [
        (number(row.get("value")), number(row.get("numerator")), number(row.get("denominator")))
        for _, row, _ in members
    ]
    nums = [n for _, n, _ in amounts if n is not None]
    dens = [d for _, _, d in amounts if d is not None]
    whole = len(nums) == len(dens) == len(amounts)  # checked: the two go together
    num = sum(nums) if whole else None
    den = sum(dens) if whole else None
    value = combined(
        metric,
        len(members),
        any(via in ("system", "national") for _, _, via in members),
        whole,
        sum(_row_value(*a) for a in amounts),
        num,
        den,
    )
    if isinstance(value, str):
        lines = ", ".join(str(line) for line, _, _ in members)
        message = f"{key[1]} {key[2]} {key[3]} is given by lines {lines}: {value}"
        return None, Problem(file, members[0][0], "organisation_code", message)
    level, code, metric_id, period, quintile = key
    actual = Actual(level, code, metric_id, period, value, num, den, quintile)
    return actual, None
