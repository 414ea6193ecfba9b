"""The organisations of a round and the systems they fall in, from the official lookups.

The rules (the 2019 round's footprint is the April 2019 CCG → STP lookup; every other file is
brought onto it):

- a CCG falls in the system of its April 2019 STP; its name is the one NHS Digital's ePCN file
  of December 2019 gives, else its 2021 name when its code did not change;
- an NHS trust falls in the system of its STP in the 2022 trusts file, whose 2021 STP ODS codes
  are recognised through the pack's code history (five STP codes changed in 2020); a trust
  whose STP is no system of the pack (the Welsh trusts' Q99) is skipped, and said so;
- an upper-tier local authority (a health and wellbeing board) falls in each system that holds
  practices located in it, with the share of its registered population in each (the 2022 ICB
  codes read through the same history; shares of one system added up);
- a lower-tier district falls in the system(s) of the ONS April 2020 lookup: one system holds
  all of it (share 1), a district in two has no published weights (share unknown);
- a PCN falls in the system of its CCG (ePCN, December 2019), a GP practice in the system of
  its own CCG, under its PCN;
- a Cancer Alliance falls in the systems of the 2019 CCGs it covers: each 2019 CCG maps to its
  2021 CCG (legacy lookup), which ONS places in an alliance (April 2021).

A `share` is the part of the organisation inside the system: 1 when one system holds it all,
None when it spans several and the files publish no weights.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ltpif.framework.numbers import BadNumber, parse_number
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem
from ltpif.geography import lookups as files
from ltpif.geography.lookups import Row

# the controlled list of organisation types: (id, name, where the list comes from)
TYPES: dict[str, str] = {
    "ccg": "Clinical commissioning group",
    "trust": "NHS trust or foundation trust",
    "local_authority": "Upper-tier local authority (health and wellbeing board)",
    "district": "Lower-tier local authority district",
    "pcn": "Primary care network",
    "gp_practice": "GP practice",
    "cancer_alliance": "Cancer Alliance",
    "local_maternity_system": "Local maternity system",
    "provider_collaborative": "NHS-led provider collaborative",
    "voluntary_sector": "Voluntary and community sector partner",
}
# the types read from published lookups
PUBLISHED = ("ccg", "trust", "local_authority", "district", "pcn", "gp_practice", "cancer_alliance")
# the types a national or regional user adds by hand: those with no public list, and Cancer
# Alliances, whose only lookup is of 2021 (the alliances of 2019 may be named as they were)
ADDABLE = (
    "cancer_alliance",
    "local_maternity_system",
    "provider_collaborative",
    "voluntary_sector",
)
ALL_FILES = (
    files.CCG_2019,
    files.CCG_LEGACY,
    files.TRUSTS,
    files.UPPER_TIER,
    files.DISTRICTS,
    files.PCNS,
    files.PRACTICES,
    files.CANCER_ALLIANCES,
)
SHARE_TOLERANCE = 0.005  # an authority's shares add up to 1 within the file's rounding


@dataclass(frozen=True, order=True)
class Link:
    """An organisation's place in a system: the part of it inside (None: not published)."""

    system: str
    share: float | None = 1.0


@dataclass(frozen=True)
class Organisation:
    type: str
    code: str
    name: str
    links: tuple[Link, ...]
    parent: str = ""  # a PCN's CCG, a GP practice's PCN
    source: str = ""  # the file it was read from

    @property
    def systems(self) -> tuple[str, ...]:
        return tuple(link.system for link in self.links)


@dataclass(frozen=True)
class Skipped:
    """A row of a lookup that names no system of the pack: left out, and said why."""

    type: str
    code: str
    name: str
    reason: str
    file: str
    line: int


@dataclass(frozen=True)
class Landscape:
    organisations: tuple[Organisation, ...]
    skipped: tuple[Skipped, ...] = field(default=())

    def of_type(self, type_: str) -> list[Organisation]:
        return [o for o in self.organisations if o.type == type_]

    def counts(self) -> dict[str, int]:
        found = Counter(o.type for o in self.organisations)
        return {t: found[t] for t in TYPES if found[t]}


class _Problems:
    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, row: Row, column: str, message: str) -> None:
        self.found.append(Problem(row.file, row.line, column, message))


def _one(
    type_: str, code: str, name: str, system: str, source: str, parent: str = ""
) -> Organisation:
    return Organisation(type_, code, name, (Link(system, 1.0),), parent, source)


def _no_duplicates(rows: Iterable[Row], column: str, problems: _Problems) -> list[Row]:
    seen: dict[str, int] = {}
    kept = []
    for row in rows:
        code = row[column].upper()
        if code in seen:
            problems.add(row, column, f"{code} is listed again (first on line {seen[code]})")
            continue
        seen[code] = row.line
        kept.append(row)
    return kept


def ccg_systems(
    ccg19: list[Row], systems: Mapping[str, str], problems: _Problems
) -> dict[str, str]:
    """April 2019 CCG code → its system's pack code."""
    found: dict[str, str] = {}
    for row in _no_duplicates(ccg19, "ccg19cdh", problems):
        system = systems.get(row["stp19cd"].upper())
        if system is None:
            problems.add(row, "stp19cd", f"{row['stp19cd']} is no system of the pack")
        else:
            found[row["ccg19cdh"].upper()] = system
    return found


def build_ccgs(
    ccg_system: Mapping[str, str], pcns: list[Row], legacy: list[Row]
) -> list[Organisation]:
    names = {
        r["Current Clinical Commissioning Group Code"].upper(): r[
            "Clinical Commissioning Group Name"
        ]
        for r in pcns
    }
    for row in legacy:
        if row["ccg_code_legacy"].upper() == row["ccg21cdh"].upper():
            names.setdefault(row["ccg21cdh"].upper(), row["ccg21nm"])
    return [
        _one("ccg", code, names.get(code) or code, system, files.CCG_2019)
        for code, system in sorted(ccg_system.items())
    ]


def build_trusts(
    trusts: list[Row], systems: Mapping[str, str], problems: _Problems
) -> tuple[list[Organisation], list[Skipped]]:
    made, skipped = [], []
    for row in _no_duplicates(trusts, "org_code", problems):
        code, stp = row["org_code"].upper(), row["high_level_health_geography_stp"].upper()
        system = systems.get(stp)
        if system is None:
            reason = f"its STP code {stp} is no system of the pack"
            skipped.append(Skipped("trust", code, row["name"], reason, row.file, row.line))
        else:
            made.append(_one("trust", code, row["name"], system, files.TRUSTS))
    return made, skipped


def build_upper_tier(
    rows: list[Row], systems: Mapping[str, str], problems: _Problems
) -> list[Organisation]:
    shares: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    names: dict[str, str] = {}
    first: dict[str, Row] = {}
    for row in rows:
        code = row["LA21"].upper()
        system = systems.get(row["ICS22"].upper())
        if system is None:
            problems.add(row, "ICS22", f"{row['ICS22']} is no system of the pack")
            continue
        try:
            share = parse_number(row["share_of_utla_registered_pop"], unit="proportion")
        except BadNumber as exc:
            problems.add(row, "share_of_utla_registered_pop", exc.message)
            continue
        names.setdefault(code, row["UTLA21"])
        first.setdefault(code, row)
        shares[code][system] += share
    made = []
    for code in sorted(shares):
        total = sum(shares[code].values())
        if abs(total - 1) > SHARE_TOLERANCE:
            problems.add(
                first[code],
                "share_of_utla_registered_pop",
                f"the shares of {code} add up to {total:.4f}, not 1",
            )
        links = tuple(Link(s, round(v, 4)) for s, v in sorted(shares[code].items()))
        made.append(Organisation("local_authority", code, names[code], links, "", files.UPPER_TIER))
    return made


def build_districts(
    rows: list[Row], systems: Mapping[str, str], problems: _Problems
) -> list[Organisation]:
    found: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for row in rows:
        system = systems.get(row["STP20CD"].upper())
        if system is None:
            problems.add(row, "STP20CD", f"{row['STP20CD']} is no system of the pack")
            continue
        code = row["LAD20CD"].upper()
        names.setdefault(code, row["LAD20NM"])
        found[code].add(system)
    made = []
    for code in sorted(found):
        share = 1.0 if len(found[code]) == 1 else None
        links = tuple(Link(s, share) for s in sorted(found[code]))
        made.append(Organisation("district", code, names[code], links, "", files.DISTRICTS))
    return made


def _ccg_place(
    code: str, ccg_system: Mapping[str, str], legacy_system: Mapping[str, str]
) -> str | None:
    return ccg_system.get(code) or legacy_system.get(code)


def build_primary_care(
    pcns: list[Row],
    practices: list[Row],
    ccg_system: Mapping[str, str],
    legacy_system: Mapping[str, str],
    problems: _Problems,
) -> tuple[list[Organisation], list[Skipped]]:
    made: list[Organisation] = []
    skipped: list[Skipped] = []
    known_pcns = set()
    for row in _no_duplicates(pcns, "PCN Code", problems):
        code, ccg = (
            row["PCN Code"].upper(),
            row["Current Clinical Commissioning Group Code"].upper(),
        )
        known_pcns.add(code)
        system = _ccg_place(ccg, ccg_system, legacy_system)
        if system is None:
            reason = f"its CCG {ccg} is in no lookup"
            skipped.append(Skipped("pcn", code, row["PCN Name"], reason, row.file, row.line))
            continue
        made.append(_one("pcn", code, row["PCN Name"], system, files.PCNS, parent=ccg))
    for row in _no_duplicates(practices, "Partner Organisation Code", problems):
        code, name = row["Partner Organisation Code"].upper(), row["Partner Name"]
        ccg, pcn = row["Practice Parent CCG Code"].upper(), row["PCN Code"].upper()
        if pcn not in known_pcns:
            problems.add(row, "PCN Code", f"{pcn} is not in {files.PCNS}")
            continue
        system = _ccg_place(ccg, ccg_system, legacy_system)
        if system is None:
            reason = f"its CCG {ccg} is in no lookup"
            skipped.append(Skipped("gp_practice", code, name, reason, row.file, row.line))
            continue
        made.append(_one("gp_practice", code, name, system, files.PRACTICES, parent=pcn))
    return made, skipped


def build_cancer_alliances(
    alliances: list[Row],
    legacy: list[Row],
    ccg_system: Mapping[str, str],
    problems: _Problems,
) -> list[Organisation]:
    ccg21 = {r["ccg_code_legacy"].upper(): r["ccg21cdh"].upper() for r in legacy}
    alliance_of = {
        r["CCG21CDH"].upper(): (r["CAL21CD"].upper(), r["CAL21NM"])
        for r in _no_duplicates(alliances, "CCG21CDH", problems)
    }
    systems: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for r in alliances:
        names.setdefault(r["CAL21CD"].upper(), r["CAL21NM"])
        systems.setdefault(r["CAL21CD"].upper(), set())
    for ccg, system in sorted(ccg_system.items()):
        later = ccg21.get(ccg)
        if later is None or later not in alliance_of:
            problems.found.append(
                Problem(
                    files.CANCER_ALLIANCES,
                    None,
                    ccg,
                    f"the April 2019 CCG {ccg} reaches no Cancer Alliance through "
                    f"{files.CCG_LEGACY}",
                )
            )
            continue
        systems[alliance_of[later][0]].add(system)
    made = []
    for code in sorted(systems):
        share = 1.0 if len(systems[code]) == 1 else None
        links = tuple(Link(s, share) for s in sorted(systems[code]))
        made.append(
            Organisation("cancer_alliance", code, names[code], links, "", files.CANCER_ALLIANCES)
        )
    return made


def build_landscape(
    tables: Mapping[str, list[Row]], systems: Mapping[str, str], found: Iterable[Problem] = ()
) -> Landscape:
    """Every organisation of the published types from the rows of the lookups; InputError with
    every problem of every file (`found`: those met in reading them)."""
    problems = _Problems()
    problems.found.extend(found)
    ccg_system = ccg_systems(tables[files.CCG_2019], systems, problems)
    legacy_system = {
        r["ccg_code_legacy"].upper(): systems[r["stp21cd"].upper()]
        for r in tables[files.CCG_LEGACY]
        if r["stp21cd"].upper() in systems
    }
    trusts, skipped_trusts = build_trusts(tables[files.TRUSTS], systems, problems)
    primary, skipped_primary = build_primary_care(
        tables[files.PCNS], tables[files.PRACTICES], ccg_system, legacy_system, problems
    )
    organisations = [
        *build_ccgs(ccg_system, tables[files.PCNS], tables[files.CCG_LEGACY]),
        *trusts,
        *build_upper_tier(tables[files.UPPER_TIER], systems, problems),
        *build_districts(tables[files.DISTRICTS], systems, problems),
        *primary,
        *build_cancer_alliances(
            tables[files.CANCER_ALLIANCES], tables[files.CCG_LEGACY], ccg_system, problems
        ),
    ]
    if problems.found:
        raise InputError(problems.found)
    return Landscape(tuple(organisations), tuple(skipped_trusts + skipped_primary))


def read_landscape(pack: Pack, folder: Path | None) -> Landscape:
    """The organisations of the pack's systems from the lookups in `folder`."""
    folder = files.require_folder(folder)
    tables, problems = files.read_tables(folder, ALL_FILES)
    return build_landscape(tables, files.system_codes(pack), problems)
