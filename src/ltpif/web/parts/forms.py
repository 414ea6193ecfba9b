"""A plan part's form, read: the posted rows as the plan file writes them, through the one
number parser (`framework.numbers.parse_number`) and the one date parser (`app.dates`, by the
NHS date input's three boxes). Which fields there are, and which are required, is the part's
record's (`app.plan_parts`); the rules a plan must keep are `plans.validate`'s, applied when
the action saves."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ltpif.app.dates import PARTS as DATE_BOXES
from ltpif.app.plan_parts import Field, Part
from ltpif.framework.numbers import BadNumber, is_blank, parse_number
from ltpif.web.views.date_input import BadDate, posted_date

Errors = list[tuple[str, str]]


@dataclass
class Posted:
    records: list[dict]  # the filled rows, as the plan file writes them
    rows: list[int]  # the form's row number of each record
    errors: Errors = field(default_factory=list)


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def row_numbers(part: Part, post: Mapping[str, str]) -> list[int]:
    """The rows of the form that hold anything, not ticked for removal."""
    pattern = re.compile(rf"^{re.escape(part.key)}\[(\d+)\]\.(.+)$")
    filled, removed = set(), set()
    for name, value in post.items():
        match = pattern.match(name)
        if not match:
            continue
        row, rest = int(match.group(1)), match.group(2)
        if rest == "remove":
            if value:
                removed.add(row)
        elif value.strip():
            filled.add(row)
    return sorted(filled - removed)


def _number(raw: str, f: Field, name: str, errors: Errors, what: str) -> float | None:
    try:
        return parse_number(raw, unit=f.unit)
    except BadNumber as exc:
        errors.append((name, f"{what}: {exc.message}"))
        return None


def _date(f: Field, post: Mapping[str, str], name: str, years, errors: Errors) -> str | None:
    try:
        day = posted_date(post, name, required=f.required)
    except BadDate as exc:
        errors.append((name, exc.message))
        return None
    return day.isoformat() if day is not None else None


def _one_number(f: Field, post: Mapping[str, str], name: str, years, errors: Errors):
    raw = post.get(name, "").strip()
    return _number(raw, f, name, errors, f.label) if raw else None


def _by_year(f: Field, post: Mapping[str, str], name: str, years, errors: Errors) -> dict:
    values = {}
    for year in years:
        cell = post.get(f"{name}.{year}", "")
        if not is_blank(cell):
            values[year] = _number(cell, f, f"{name}.{year}", errors, year)
    return values


def _nested(f: Field, post: Mapping[str, str], name: str, years, errors: Errors) -> dict | None:
    """An optional record inside the part (a footprint's change asked for): none when blank."""
    names = [
        n
        for c in f.columns
        for n in ([f"{name}.{c.name}-{b}" for b in DATE_BOXES] + [f"{name}.{c.name}"])
    ]
    if not any(post.get(n, "").strip() for n in names):
        return None
    return _read(f.columns, post, name + ".", years, errors)


def _lines(f: Field, post: Mapping[str, str], name: str, years, errors: Errors) -> list[str]:
    raw = post.get(name, "")
    return [line.strip() for line in raw.splitlines() if line.strip()]


def _text(f: Field, post: Mapping[str, str], name: str, years, errors: Errors) -> str | None:
    raw = post.get(name, "").strip()
    if not raw and f.required:
        verb = "Select" if f.kind in ("choice", "year") else "Enter"
        errors.append((name, f"{verb} the {_lower(f.label)}"))
    return raw or None


def _read(fields: tuple[Field, ...], post: Mapping[str, str], at: str, years, errors) -> dict:
    """One record's fields at `at` (the names' prefix); a blank optional field left out."""
    readers = {
        "date": _date,
        "number": _one_number,
        "years": _by_year,
        "grid": _grid,
        "record": _nested,
        "lines": _lines,
    }
    record: dict = {}
    for f in fields:
        value = readers.get(f.kind, _text)(f, post, at + f.name, years, errors)
        if value is not None:
            record[f.name] = value
    return record


def _grid(f: Field, post: Mapping[str, str], name: str, years, errors: Errors) -> dict:
    """A record per year (a year left wholly blank is left out); each required column of a
    year given is asked for."""
    out = {}
    for year in years:
        cells = {c.name: post.get(f"{name}.{year}.{c.name}", "") for c in f.columns}
        if all(is_blank(v) for v in cells.values()):
            continue
        entry: dict = {}
        for column in f.columns:
            where = f"{name}.{year}.{column.name}"
            raw = cells[column.name]
            if is_blank(raw):
                if column.required:
                    errors.append((where, f"Enter the {_lower(column.label)} for {year}"))
                continue
            value = _number(raw, column, where, errors, f"{column.label} {year}")
            if value is not None:
                entry[column.name] = value
        out[year] = entry
    return out


def read_part(
    part: Part, fields: tuple[Field, ...], post: Mapping[str, str], years: list[str]
) -> Posted:
    """The part's posted rows: its records, the form row of each, and the problems found."""
    errors: Errors = []
    if not part.many:
        return Posted([_read(fields, post, "", years, errors)], [0], errors)
    rows = row_numbers(part, post)
    records = [_read(fields, post, f"{part.key}[{row}].", years, errors) for row in rows]
    return Posted(records, rows, errors)


def at_form_rows(part: Part, problems: Errors, prefix: str, rows: list[int]) -> Errors:
    """Problems of the saved plan at the form's fields: the part's prefix taken off and each
    record's index turned into the form row it came from (blank rows are left out)."""
    pattern = re.compile(rf"^{re.escape(part.key)}\[(\d+)\]")

    def to_form(match: re.Match) -> str:
        index = int(match.group(1))
        return f"{part.key}[{rows[index] if index < len(rows) else index}]"

    out = []
    for place, message in problems:
        where = place.removeprefix(prefix)
        if part.many:
            where = pattern.sub(to_form, where)
        out.append((where, message[:1].upper() + message[1:]))
    return out
