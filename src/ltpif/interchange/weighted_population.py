"""Practice populations summed to systems: a fair-share basis from the allocation model.

Reads NHS England's GP practice weighted population file (one row per practice with its STP's
ONS code) and sums a population column per system, mapping later STP codes to the pack's
systems through their code history. `WP_Overall` is the need-weighted population, `GP_pop`
the registered population.
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
BASIS_COLUMNS = {"need_weighted_population": "WP_Overall", "registered_population": "GP_pop"}


def practice_weights(path: Path, pack: Pack, basis: str) -> dict[str, float]:
    """System (2019 code) → summed population; InputError with every bad row."""
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
    if not records or not {SYSTEM_COLUMN, column} <= records[0].keys():
        message = f"needs the columns {SYSTEM_COLUMN} and {column}"
        raise InputError([Problem(name, 1, "", message)])
    sums: dict[str, list[float]] = defaultdict(list)
    problems = []
    for line, record in enumerate(records, 2):
        system = pack.system_by_code.get(record[SYSTEM_COLUMN] or "")
        if system is None:
            message = f"unknown system code {quoted(record[SYSTEM_COLUMN])} in {pack.id}"
            problems.append(Problem(name, line, SYSTEM_COLUMN, message))
            continue
        try:  # a population: people, weighted or not, never negative
            sums[system.code].append(parse_number(record[column] or "", unit="count", plain=True))
        except BadNumber as exc:
            problems.append(Problem(name, line, column, exc.message))
    if problems:
        raise InputError(problems)
    return {code: math.fsum(values) for code, values in sorted(sums.items())}
