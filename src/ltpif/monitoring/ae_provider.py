"""NHS England's monthly A&E provider CSV, as published (`Monthly-AE-April-2025.csv`).

One row per provider and month: `Period` ("MSitAE-APRIL-2025"), `Org Code`, `Parent Org`,
`Org name`, then counts by A&E type — attendances, booked-appointment attendances,
attendances over four hours (unbooked and booked), waits from decision to admit, emergency
admissions via A&E by type and other emergency admissions — and a last row `TOTAL` (or
`Total`) holding the file's own sums. Some months carry empty columns after the last.

What ltpif takes from it is what `ae.py` defines for the long files, per A&E type: a booked
appointment is an attendance of its type and is held to the four-hour standard, so its
attendances and its waits over four hours are counted with the unbooked ones; admissions are
the emergency admissions via A&E (not "Other emergency admissions"). The total row must equal
the sum of the rows above it, column by column, or the file is refused at that line.

A file is some 200 rows: it is read in Python, and providers are mapped to systems as the
A&E pipeline maps them (the trust lookup through the successor file).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ltpif.framework.periods import Calendar
from ltpif.framework.problems import InputError, Problem, quoted
from ltpif.monitoring import ae
from ltpif.monitoring.mapping import OrgMap
from ltpif.monitoring.periods import month_problem, parse_period
from ltpif.monitoring.rows import Row, RowRules, check_rows, number
from ltpif.monitoring.sources import SourceResult, Totals, Unmapped, add_totals, result_from_totals

PERIOD, PROVIDER = "Period", "Org Code"
# ae.py's type → the columns of its attendances, its waits over four hours, its admissions
# (booked appointments second in each); the file words "other" three ways
TYPE_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    kind: {
        "attendances": (f"A&E attendances {seen}", f"A&E attendances Booked Appointments {other}"),
        "breaches": (
            f"Attendances over 4hrs {other}",
            f"Attendances over 4hrs Booked Appointments {other}",
        ),
        "admissions": (f"Emergency admissions via A&E - {admitted}",),
    }
    for kind, seen, other, admitted in (
        ("1", "Type 1", "Type 1", "Type 1"),
        ("2", "Type 2", "Type 2", "Type 2"),
        ("other", "Other A&E Department", "Other Department", "Other A&E department"),
    )
}
COUNTS = tuple(c for columns in TYPE_COLUMNS.values() for cs in columns.values() for c in cs)
TOTAL = "TOTAL"


def header_problems(header: Sequence[str]) -> list[str]:
    missing = [c for c in (PERIOD, PROVIDER, *COUNTS) if c not in header]
    return [f"missing column(s): {', '.join(missing)}"] if missing else []


def is_total(cells: Sequence[str], header: Sequence[str]) -> bool:
    return (
        cells[header.index(PERIOD)].strip().upper() == TOTAL if len(cells) == len(header) else False
    )


def row_rules(header: Sequence[str], calendar: Calendar) -> RowRules:
    def check(row: Row) -> Iterable[tuple[str, str]]:
        problem = month_problem(row[PERIOD], calendar)
        if problem:
            yield PERIOD, problem
        for kind, columns in TYPE_COLUMNS.items():
            try:
                seen, over = (_sum(row, columns[m]) for m in ("attendances", "breaches"))
            except ValueError:
                continue  # reported as not a number
            if over > seen:
                yield (
                    columns["breaches"][0],
                    f"more attendances over four hours ({over:g}) than attendances ({seen:g}) "
                    f"of type {kind}, booked appointments included",
                )

    return RowRules(
        columns=tuple(header),
        numeric=COUNTS,
        required=(PERIOD, PROVIDER),
        key=(PERIOD, PROVIDER),
        key_name="period and provider",
        checks=(check,),
    )


def _sum(row: Row, columns: Iterable[str]) -> float:
    return sum(number(row[c]) or 0.0 for c in columns)


def provider_totals(row: Row) -> Totals:
    """A provider's month over every type: ae.py's attendances, breaches and admissions."""
    return {
        measure: sum(_sum(row, columns[measure]) for columns in TYPE_COLUMNS.values())
        for measure in ae.COUNTS
    }


def total_problems(file: str, line: int, total: Row, rows: Iterable[Row]) -> Iterator[Problem]:
    """Where the file's total row differs from the sum of its rows."""
    sums = dict.fromkeys(COUNTS, 0.0)
    for row in rows:
        for column in COUNTS:
            sums[column] += number(row[column]) or 0.0
    for column in COUNTS:
        try:
            stated = number(total[column])
        except ValueError:
            yield Problem(file, line, column, f"not a number: {quoted(total[column])}")
            continue
        if stated is not None and stated != sums[column]:
            message = f"the file's total is {stated:,.0f}, its rows add up to {sums[column]:,.0f}"
            yield Problem(file, line, column, message)


def read(
    path: Path, lines: Iterable[tuple[int, list[str]]], header: list[str],
    orgs: OrgMap, calendar: Calendar,
) -> SourceResult:  # fmt: skip
    """A checked file's actuals by system and nationally; InputError with every problem."""
    body: list[tuple[int, list[str]]] = []
    totals: list[tuple[int, list[str]]] = []
    for line, cells in lines:
        (totals if is_total(cells, header) else body).append((line, cells))
    problems = check_rows(path.name, body, row_rules(header, calendar))
    if len(totals) > 1:
        where = ", ".join(str(line) for line, _ in totals)
        problems.append(Problem(path.name, totals[1][0], PERIOD, f"total rows at lines {where}"))
    if problems:
        raise InputError(problems)
    rows = [dict(zip(header, cells, strict=True)) for _, cells in body]
    for line, cells in totals:
        problems += total_problems(path.name, line, dict(zip(header, cells, strict=True)), rows)
    if problems:
        raise InputError(problems)
    by_system: dict = {}
    by_nation: dict = {}
    by_part: dict = {}
    lost: dict[str, list[float]] = {}
    for row in rows:
        named = parse_period(row[PERIOD], calendar)
        period = named.name
        provider = row[PROVIDER].strip().upper()
        counts = provider_totals(row)
        add_totals(by_nation, period, counts)
        if system := orgs.providers.get(provider):
            system = orgs.system_on(provider, system, named.start)  # the period's footprint
            add_totals(by_system, (period, system), counts)
            add_totals(by_part, (period, system, provider), counts)
        else:
            tally = lost.setdefault(provider, [0, 0.0])
            tally[0] += 1
            tally[1] += counts["attendances"]
    unmapped = [Unmapped(code, "", int(n), amount) for code, (n, amount) in lost.items()]
    return result_from_totals(
        orgs.national, by_system, by_nation, unmapped, len(rows), ae.to_actuals, by_part
    )
