"""Which system an organisation's figures belong to, through the official lookups.

- A system is known by any code it has had: its 2019 ONS code, later ONS codes (the pack's
  code history: five STP codes changed in 2020) and its ODS codes. Figures are stored under
  the pack's system code, the one plans use.
- A provider (trust) belongs to the system of its STP in NHS Digital's trust file (ODS
  `etr`, `high_level_health_geography_stp` holds the STP's ODS code).
- A commissioner (CCG) belongs to its system in the April 2019 CCG → STP lookup, the
  footprint the 2019 plans were written for; a code that lookup lacks (a CCG that had
  merged before 2019, or a merged CCG of 2020-21) maps forward through the legacy CCG →
  2021 CCG → 2021 STP lookup and the pack's code history.

Codes that map nowhere (independent providers, NHS England's own commissioning hubs, trusts
closed before the trust file) are reported by the importers, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ltpif.framework.pack import Pack


@dataclass(frozen=True)
class Place:
    """Where a code's figures are stored: a system (its pack code) or the nation."""

    level: str  # "system" or "national"
    code: str
    via: str  # how the code was recognised: national, system, provider or commissioner


@dataclass(frozen=True)
class OrgMap:
    national: str
    systems: Mapping[str, str]  # any code of a system → its pack code
    providers: Mapping[str, str] = field(default_factory=dict)
    commissioners: Mapping[str, str] = field(default_factory=dict)

    def resolve(self, code: str) -> Place | None:
        """A code of the nation, a system, a provider or a commissioner; None if unknown."""
        code = code.strip().upper()
        if code == self.national:
            return Place("national", code, "national")
        for via, index in (
            ("system", self.systems),
            ("provider", self.providers),
            ("commissioner", self.commissioners),
        ):
            if code in index:
                return Place("system", index[code], via)
        return None


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


def build_org_map(
    pack: Pack,
    national: str,
    trusts: Iterable[Mapping[str, str]] = (),
    ccg_2019: Iterable[Mapping[str, str]] = (),
    ccg_legacy: Iterable[Mapping[str, str]] = (),
) -> OrgMap:
    """The map from the rows of the three lookup files (column names as NHS Digital's)."""
    systems = system_codes(pack)
    providers = {
        row["org_code"].strip().upper(): systems[stp]
        for row in trusts
        if (stp := row["high_level_health_geography_stp"].strip().upper()) in systems
    }
    commissioners: dict[str, str] = {}
    for row in ccg_2019:
        if row["stp19cd"].strip() in systems:
            commissioners[row["ccg19cdh"].strip().upper()] = systems[row["stp19cd"].strip()]
    for row in ccg_legacy:
        stp = row["stp21cd"].strip()
        if stp in systems:
            for column in ("ccg_code_legacy", "ccg21cdh"):
                commissioners.setdefault(row[column].strip().upper(), systems[stp])
    return OrgMap(national, systems, providers, commissioners)
