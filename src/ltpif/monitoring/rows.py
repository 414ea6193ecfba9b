"""Row-by-row checks of a tabular file, every problem with its line: the reference validator.

Pipelines check whole files on an engine and only learn *that* something is wrong; this
module, run over the same rows streamed one at a time, says *where*. Numbers are the number
parser's plain notation, in their column's unit (the engine checks agree: see
`pipelines/raw.py`); a blank cell is no value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ltpif.framework.numbers import is_blank, parse_number
from ltpif.framework.problems import Problem

MOST_PER_KIND = 100  # problems listed per kind; the rest are counted in one line
MOST_FOUND = 10_000  # problems found before the rest of a file is left unread: it is refused

Row = dict[str, str]
Check = Callable[[Row], Iterable[tuple[str, str]]]  # a row → (column, message) per problem


def number(text: str | None, unit: str | None = None) -> float | None:
    """The number in a cell, in `unit`'s range; None when blank. BadNumber (a ValueError)
    says why a cell is not such a number."""
    if is_blank(text):
        return None
    return parse_number(text, unit=unit, plain=True)


@dataclass(frozen=True)
class RowRules:
    """What every row of one format must satisfy."""

    columns: tuple[str, ...]  # the header, in order
    numeric: tuple[str, ...] = ()
    units: Mapping[str, str] = field(default_factory=dict)  # numeric column → its unit
    required: tuple[str, ...] = ()
    key: tuple[str, ...] = ()  # no two rows may share these values
    key_name: str = "row"
    checks: tuple[Check, ...] = field(default=())


@dataclass
class Collector:
    """Problems by kind, keeping the first `MOST_PER_KIND` of each and counting the rest."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    found: int = 0
    stopped_at: int | None = None  # the line not read, once `MOST_FOUND` problems are found

    def add(self, line: int | None, key: str, message: str, kind: str | None = None) -> None:
        kind = kind or message
        self.found += 1
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.counts[kind] <= MOST_PER_KIND:
            self.problems.append(Problem(self.file, line, key, message))

    def result(self) -> list[Problem]:
        more = [
            Problem(self.file, None, "", f"{count - MOST_PER_KIND:,} more row(s): {kind}")
            for kind, count in self.counts.items()
            if count > MOST_PER_KIND
        ]
        if self.stopped_at is not None:
            message = f"{MOST_FOUND:,} problems found before this line: the rest is not read"
            more.append(Problem(self.file, self.stopped_at, "", message))
        return self.problems + more


def check_rows(
    file: str, rows: Iterable[tuple[int, Sequence[str]]], rules: RowRules
) -> list[Problem]:
    """Every problem of the rows (line number, cells), each at its line and column."""
    found = Collector(file)
    first_line: dict[tuple[str, ...], int] = {}
    width = len(rules.columns)
    for line, cells in rows:
        if found.found >= MOST_FOUND:
            found.stopped_at = line
            break
        if len(cells) != width:
            found.add(
                line, "", f"has {len(cells)} fields, the header has {width}", "wrong field count"
            )
            continue
        row = dict(zip(rules.columns, cells, strict=True))
        for column in rules.required:
            if not (row[column] or "").strip():
                found.add(line, column, "is blank", f"{column} blank")
        for column in rules.numeric:
            try:
                number(row[column], rules.units.get(column))
            except ValueError as exc:
                found.add(line, column, str(exc), f"{column}: not a number in its range")
        for check in rules.checks:
            for column, message in check(row):
                found.add(line, column, message)
        if rules.key:
            key = tuple((row[c] or "").strip() for c in rules.key)
            if key in first_line:
                found.add(
                    line,
                    "",
                    f"the same {rules.key_name} as line {first_line[key]}: "
                    + ", ".join(f"{c}={v}" for c, v in zip(rules.key, key, strict=True)),
                    "duplicate",
                )
            else:
                first_line[key] = line
    return found.result()
