"""Practice populations summed to systems: a fair-share basis from the allocation model.

Reads NHS England's GP practice weighted population file (one row per practice with its STP's
ONS code and its CCG's ODS code) and sums a population column per system, mapping later STP
codes to the pack's systems through their code history, or per CCG. `WP_Overall` is the
need-weighted population, `GP_pop` the registered population.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path

from ltpif.framework.numbers import BadNumber, parse_number
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem, quoted

SYSTEM_COLUMN = "STP21ons"
CCG_COLUMN = "CCG"
BASIS_COLUMNS = {"need_weighted_population": "WP_Overall", "registered_population": "GP_pop"}


def _records(path: Path, basis: str, by: str) -> tuple[str, list[dict[str, str]]]:
    """The population column of `basis` and the file's rows; InputError if it lacks them."""
    column = BASIS_COLUMNS.get(basis)
    name = str(path)
    if column is None:
        known = ", ".join(BASIS_COLUMNS)
        raise InputError([Problem(name, None, "", f"a practice file gives {known}, not {basis}")])
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            records = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(name, None, "", f"cannot read: {exc}")]) from None
    if not records or not {by, column} <= records[0].keys():
        message = f"needs the columns {by} and {column}"
        raise InputError([Problem(name, 1, "", message)])
    return column, records


def _summed(
    path: Path, column: str, keyed: list[tuple[int, str, dict[str, str]]], problems: list
) -> dict[str, float]:
    """Each key's population summed (a population: people, weighted or not, never negative)."""
    sums: dict[str, list[float]] = defaultdict(list)
    for line, key, record in keyed:
        try:
            sums[key].append(parse_number(record[column] or "", unit="count", plain=True))
        except BadNumber as exc:
            problems.append(Problem(str(path), line, column, exc.message))
    if problems:
        raise InputError(problems)
    return {key: math.fsum(values) for key, values in sorted(sums.items())}


def practice_weights(path: Path, pack: Pack, basis: str) -> dict[str, float]:
    """System (2019 code) → summed population; InputError with every bad row."""
    column, records = _records(path, basis, SYSTEM_COLUMN)
    keyed, problems = [], []
    for line, record in enumerate(records, 2):
        system = pack.system_by_code.get(record[SYSTEM_COLUMN] or "")
        if system is None:
            message = f"unknown system code {quoted(record[SYSTEM_COLUMN])} in {pack.id}"
            problems.append(Problem(str(path), line, SYSTEM_COLUMN, message))
            continue
        keyed.append((line, system.code, record))
    return _summed(path, column, keyed, problems)


def ccg_weights(path: Path, basis: str) -> dict[str, float]:
    """CCG (ODS code, upper case, as the file gives it) → the population of its practices.
    The pack's system populations are these summed over each system's April 2019 CCGs (the
    file still names two CCGs that merged on 1 April 2019: map them forward to use them)."""
    column, records = _records(path, basis, CCG_COLUMN)
    keyed = [(line, (r[CCG_COLUMN] or "").strip().upper(), r) for line, r in enumerate(records, 2)]
    return _summed(path, column, keyed, [])
