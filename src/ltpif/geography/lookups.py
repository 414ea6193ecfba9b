"""The official lookup files, read from a folder that holds them under their published names.

Every reader checks what it needs before anything is built: the file is there, it is UTF-8
(a byte order mark allowed), its header has the columns the reader uses, and each row has a
value in each of them. Every problem is reported with its file and line, all at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ltpif.framework.citations import find_shared_dir
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem

# NHS Digital and ONS files, under the names of ../shared/data (its README says what each is)
CCG_2019 = "nhsd_ccg19_to_stp19_region_lookup_apr2019.csv"
CCG_LEGACY = "nhsd_ccg_legacy_to_ccg21_stp21_nhser21_lookup.csv"
TRUSTS = "nhsd_ods_etr_trusts_with_region_stp_2022.csv"
UPPER_TIER = "derived_utla21_to_icb22_by_practice_location.csv"
DISTRICTS = "ons_lad20_to_stp20_lookup.csv"
PCNS = "nhsd_ods_epcn_pcn_details_dec2019.csv"
PRACTICES = "nhsd_ods_epcn_practice_to_pcn_dec2019.csv"
CANCER_ALLIANCES = "ons_ccg21_to_stp21_to_cancer_alliance21_lookup_apr2021.csv"

# the columns each reader uses (a file may have more)
COLUMNS: dict[str, tuple[str, ...]] = {
    CCG_2019: ("ccg19cdh", "stp19cd"),
    CCG_LEGACY: ("ccg_code_legacy", "ccg21cdh", "ccg21nm", "stp21cd"),
    TRUSTS: ("org_code", "name", "high_level_health_geography_stp"),
    UPPER_TIER: ("LA21", "UTLA21", "ICS22", "share_of_utla_registered_pop"),
    DISTRICTS: ("LAD20CD", "LAD20NM", "STP20CD"),
    PCNS: (
        "PCN Code",
        "PCN Name",
        "Current Clinical Commissioning Group Code",
        "Clinical Commissioning Group Name",
    ),
    PRACTICES: (
        "Partner Organisation Code",
        "Partner Name",
        "Practice Parent CCG Code",
        "PCN Code",
    ),
    CANCER_ALLIANCES: ("CCG21CDH", "CAL21CD", "CAL21NM"),
}
HEADER_SHOWN = 200  # characters of a wrong header quoted in its problem
# columns that may be blank in a row
OPTIONAL: dict[str, tuple[str, ...]] = {}


@dataclass(frozen=True)
class Row:
    """One data row: its file, its line there (the header is line 1), its cells by column."""

    file: str
    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]


def default_lookups_dir() -> Path | None:
    """The shared data folder: $LTPIF_SHARED/data, else ../shared/data beside an ancestor."""
    shared = find_shared_dir(Path(__file__))
    return shared / "data" if shared else None


def require_folder(folder: Path | None) -> Path:
    """The lookups folder, or InputError saying how to name one."""
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
    if not folder.is_dir():
        raise InputError([Problem(str(folder), None, "--lookups", "no such folder")])
    return folder


def _decode(path: Path, data: bytes) -> tuple[str | None, list[Problem]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(str(path), line, "", "not UTF-8 text: save the file as UTF-8")]


def read_rows(
    folder: Path, name: str, columns: Sequence[str] | None = None
) -> tuple[list[Row], list[Problem]]:
    """The rows of one lookup and every problem found in it. A file that cannot be read as a
    table (missing, not UTF-8, a column missing) has no rows; a row with a blank value is left
    out, the others kept, so the rules can still be checked on them."""
    path = folder / name
    wanted = tuple(columns if columns is not None else COLUMNS[name])
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], [Problem(str(path), None, "", "lookup file not found")]
    except OSError as exc:
        return [], [Problem(str(path), None, "", f"cannot be read: {exc.strerror}")]
    text, problems = _decode(path, data)
    if text is None:
        return [], problems
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _table(str(path), reader, wanted, OPTIONAL.get(name, ()))
    except csv.Error as exc:  # a field past the csv module's limit, a stray quote
        return [], [Problem(str(path), reader.line_num, "", f"not a CSV table: {exc}")]


def _table(
    path: str, reader: Iterator[list[str]], wanted: Sequence[str], optional: Sequence[str]
) -> tuple[list[Row], list[Problem]]:
    header = [cell.strip() for cell in next(reader, [])]
    missing = [column for column in wanted if column not in header]
    if missing:
        found = ", ".join(header) if any(header) else "no header"
        if len(found) > HEADER_SHOWN:
            found = found[:HEADER_SHOWN] + "…"
        return [], [
            Problem(path, 1, column, f"column missing (the header has: {found})")
            for column in missing
        ]
    rows: list[Row] = []
    problems: list[Problem] = []
    for cells in reader:
        line = reader.line_num  # type: ignore[attr-defined]
        if not any(cell.strip() for cell in cells):
            continue
        record = {
            column: (cells[i].strip() if i < len(cells) else "") for i, column in enumerate(header)
        }
        blank = [c for c in wanted if not record.get(c) and c not in optional]
        problems += [Problem(path, line, column, "no value") for column in blank]
        if not blank:
            rows.append(Row(path, line, record))
    return rows, problems


def read_tables(folder: Path, names: Sequence[str]) -> tuple[dict[str, list[Row]], list[Problem]]:
    """Several lookups and every problem of every one of them; InputError at once when one of
    them cannot be read as a table (then no rule could be checked fairly on the others)."""
    tables: dict[str, list[Row]] = {}
    problems: list[Problem] = []
    unreadable = False
    for name in names:
        tables[name], found = read_rows(folder, name)
        problems += found
        unreadable = unreadable or (bool(found) and not tables[name])
    if unreadable:
        raise InputError(problems)
    return tables, problems


def read_all(folder: Path, names: Sequence[str]) -> dict[str, list[Row]]:
    """Several lookups, or InputError with every problem of every one of them."""
    tables, problems = read_tables(folder, names)
    if problems:
        raise InputError(problems)
    return tables


def system_codes(pack: Pack) -> dict[str, str]:
    """Every ONS and ODS code a system of the pack has had → the system's pack code."""
    index: dict[str, str] = {}
    for system in pack.geography.system:
        index[system.code] = system.code
        index.setdefault(system.ods, system.code)
        for change in system.code_history:
            index.setdefault(change.code, system.code)
            if change.ods:
                index.setdefault(change.ods, system.code)
    return index
