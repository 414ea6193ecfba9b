"""The official lookups, read from a folder holding NHS Digital's files under their names.

The CCG and trust lookups are read by `ltpif.geography.lookups` (their one reader, which
checks the header and the encoding); the successor and closed-trust files, which only the
monitoring map uses, are read here."""

from __future__ import annotations

import csv
from pathlib import Path

from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem
from ltpif.geography.lookups import (
    CCG_2019,
    CCG_LEGACY,
    TRUSTS,
    read_all,
    require_folder,
    system_codes,
)
from ltpif.monitoring.mapping import OrgMap, Succession, build_org_map, succession_problems

SUCCESSORS = "nhsd_ods_succ_successor_organisations_2026.csv"  # ODS succ.csv, no header
ALL_TRUSTS = "nhsd_ods_etr_trusts_incl_closed_2026.csv"  # ODS etr.csv, no header
FILES = (TRUSTS, CCG_2019, CCG_LEGACY, SUCCESSORS, ALL_TRUSTS)


def read_successions(path: Path) -> list[Succession]:
    """The ODS successor file: old code, successor, reason, effective date, indicator;
    InputError for a short row, a code that succeeds itself or a cycle."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    short = [
        Problem(str(path), line, "", "a row needs an old code, a successor and a date")
        for line, row in enumerate(rows, 1)
        if len(row) < 4 or not row[0].strip() or not row[1].strip()
    ]
    if short:
        raise InputError(short)
    successions = [
        Succession(row[0].strip().upper(), row[1].strip().upper(), row[3].strip(), line)
        for line, row in enumerate(rows, 1)
    ]
    problems = succession_problems(successions, str(path))
    if problems:
        raise InputError(problems)
    return successions


def _trust_codes(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [row[0] for row in csv.reader(handle) if row and row[0].strip()]


def read_org_map(pack: Pack, national: str, folder: Path | None) -> OrgMap:
    """Systems, trusts and CCGs from the lookups in `folder`; InputError naming what is missing."""
    folder = require_folder(folder)
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise InputError(
            [Problem(str(folder / name), None, "", "lookup file not found") for name in missing]
        )
    tables = read_all(folder, (TRUSTS, CCG_2019, CCG_LEGACY))
    return build_org_map(
        pack,
        national,
        [row.cells for row in tables[TRUSTS]],
        [row.cells for row in tables[CCG_2019]],
        [row.cells for row in tables[CCG_LEGACY]],
        read_successions(folder / SUCCESSORS),
        _trust_codes(folder / ALL_TRUSTS),
    )


def systems_only(pack: Pack, national: str) -> OrgMap:
    """A map of the nation and the pack's systems alone (no trust or CCG codes)."""
    return OrgMap(national, system_codes(pack))
