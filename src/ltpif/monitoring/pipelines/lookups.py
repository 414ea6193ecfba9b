"""The official lookups, read from a folder holding NHS Digital's files under their names."""

from __future__ import annotations

import csv
from pathlib import Path

from ltpif.framework.citations import find_shared_dir
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem
from ltpif.monitoring.mapping import OrgMap, build_org_map, system_codes

TRUSTS = "nhsd_ods_etr_trusts_with_region_stp_2022.csv"
CCG_2019 = "nhsd_ccg19_to_stp19_region_lookup_apr2019.csv"
CCG_LEGACY = "nhsd_ccg_legacy_to_ccg21_stp21_nhser21_lookup.csv"
FILES = (TRUSTS, CCG_2019, CCG_LEGACY)


def default_lookups_dir() -> Path | None:
    shared = find_shared_dir(Path(__file__))
    return shared / "data" if shared else None


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


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
    )


def systems_only(pack: Pack, national: str) -> OrgMap:
    """A map of the nation and the pack's systems alone (no trust or CCG codes)."""
    return OrgMap(national, system_codes(pack))
