"""The official lookups, read from a folder holding NHS Digital's files under their names."""

from __future__ import annotations

import csv
from pathlib import Path

from ltpif.framework.citations import find_shared_dir
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem
from ltpif.monitoring.mapping import (
    OrgMap,
    Succession,
    build_org_map,
    succession_problems,
    system_codes,
)

TRUSTS = "nhsd_ods_etr_trusts_with_region_stp_2022.csv"
CCG_2019 = "nhsd_ccg19_to_stp19_region_lookup_apr2019.csv"
CCG_LEGACY = "nhsd_ccg_legacy_to_ccg21_stp21_nhser21_lookup.csv"
SUCCESSORS = "nhsd_ods_succ_successor_organisations_2026.csv"  # ODS succ.csv, no header
ALL_TRUSTS = "nhsd_ods_etr_trusts_incl_closed_2026.csv"  # ODS etr.csv, no header
FILES = (TRUSTS, CCG_2019, CCG_LEGACY, SUCCESSORS, ALL_TRUSTS)


def default_lookups_dir() -> Path | None:
    shared = find_shared_dir(Path(__file__))
    return shared / "data" if shared else None


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


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
    if folder is None:
        raise InputError(
            [
                Problem(
                    "--lookups",
                    None,
                    "",
                    "no lookups folder: give --lookups DIR or set LTPIF_SHARED",
                )
            ]
        )
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise InputError(
            [Problem(str(folder / name), None, "", "lookup file not found") for name in missing]
        )
    return build_org_map(
        pack,
        national,
        _rows(folder / TRUSTS),
        _rows(folder / CCG_2019),
        _rows(folder / CCG_LEGACY),
        read_successions(folder / SUCCESSORS),
        _trust_codes(folder / ALL_TRUSTS),
    )


def systems_only(pack: Pack, national: str) -> OrgMap:
    """A map of the nation and the pack's systems alone (no trust or CCG codes)."""
    return OrgMap(national, system_codes(pack))
