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

- A code that closed (a trust merged away, a CCG merged into another) follows NHS Digital's
  successor file (ODS `succ`) to the successors the lookups know, however many steps on, so
  its figures belong to its successor's system and a system's series has no step at a merger.
  When its successors lie in different systems, all of its figures go to the system most of
  them lie in (a tie: the system of the first successor by code), and the map lists it among
  its `attributions`: the files give no shares to split by.

- A footprint change approved in the web (`geography.versions.Move`: an organisation leaves
  one system for another from a date) moves the figures of that organisation from the period
  that starts on or after the date on (`OrgMap.system_on`); the periods before stay with the
  old system. A period that starts before the date stays whole with the old one.

Codes that map nowhere (independent providers, NHS England's own commissioning hubs, trusts
with no English successor) are reported by the importers, by category, never silently dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ltpif.framework.pack import Pack
from ltpif.framework.periods import Calendar
from ltpif.framework.problems import Problem
from ltpif.geography.lookups import system_codes
from ltpif.geography.versions import Move, systems_on

# categories of a code that maps to no system (`unmapped_category`)
CATEGORIES = {
    "nhs-trust": "NHS trusts with no system (national trusts, no English successor)",
    "independent-sector": "independent sector providers (ODS codes starting N)",
    "other": "other organisations (GP practices, walk-in centres, other services)",
    "unknown": "codes in no lookup, shaped like a trust's or malformed",
}
APRIL_YEARS = Calendar(4)  # until a loader gives the pack's: NHS financial years
_ODS_CODE = re.compile(r"[A-Z0-9]{3,6}")
_TRUST_SHAPE = re.compile(r"[RT][A-Z0-9]{2}")


@dataclass(frozen=True)
class Place:
    """Where a code's figures are stored: a system (its pack code) or the nation."""

    level: str  # "system" or "national"
    code: str
    via: str  # how the code was recognised: national, system, provider or commissioner


@dataclass(frozen=True)
class Succession:
    """One row of the successor file: `predecessor` closed, `successor` took it over."""

    predecessor: str
    successor: str
    effective: str  # YYYYMMDD
    line: int


@dataclass(frozen=True)
class Attribution:
    """A closed code whose successors lie in several systems, and where it was put."""

    code: str
    systems: tuple[str, ...]
    system: str


@dataclass(frozen=True)
class OrgMap:
    national: str
    systems: Mapping[str, str]  # any code of a system → its pack code
    providers: Mapping[str, str] = field(default_factory=dict)
    commissioners: Mapping[str, str] = field(default_factory=dict)
    trusts: frozenset[str] = frozenset()  # every NHS trust code, open or closed
    attributions: tuple[Attribution, ...] = ()  # closed codes whose successors differ
    # approved footprint changes (organisation codes, pack system codes), and the calendar
    # that gives a quarter's or a year's first day
    moves: tuple[Move, ...] = ()
    calendar: Calendar = APRIL_YEARS

    def system_on(self, code: str, system: str, start: dt.date) -> str:
        """The system the figures of organisation `code` belong to in a period starting on
        `start`, given the system the lookups put them in: the approved moves of `code` that
        have taken effect by `start` applied (an ambiguous answer keeps the lookups')."""
        code = code.strip().upper()
        mine = [m for m in self.moves if m.organisation == code]
        if not mine:
            return system
        now = systems_on({system}, mine, code, start)
        return next(iter(now)) if len(now) == 1 else system

    def overrides(
        self, index: Mapping[str, str], periods: Mapping[str, dt.date]
    ) -> list[tuple[str, str, str]]:
        """(code, period key, system) for each code of `index` (code → the lookups' system:
        `providers` or `commissioners`) that a move has taken elsewhere by a period's first
        day (`periods`: key → first day): one row per code and period, to join on."""
        found = []
        for code in sorted({m.organisation for m in self.moves} & set(index)):
            for key, start in periods.items():
                system = self.system_on(code, index[code], start)
                if system != index[code]:
                    found.append((code, key, system))
        return found

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

    def unmapped_category(self, code: str) -> str:
        """Why a code maps to no system: one of `CATEGORIES`."""
        code = code.strip().upper()
        if code in self.trusts:
            return "nhs-trust"
        if _TRUST_SHAPE.fullmatch(code) or not _ODS_CODE.fullmatch(code):
            return "unknown"
        return "independent-sector" if code.startswith("N") else "other"


def by_category(orgs: OrgMap, unmapped: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Rows of unmapped (code, rows) pairs added up by `OrgMap.unmapped_category`."""
    totals: Counter[str] = Counter()
    for code, rows in unmapped:
        totals[orgs.unmapped_category(code)] += rows
    return {category: totals[category] for category in CATEGORIES if totals[category]}


def succession_problems(successions: Sequence[Succession], source: str) -> list[Problem]:
    """A code that succeeds itself, and every cycle of successors (A → B → A)."""
    problems = [
        Problem(source, s.line, s.predecessor, "the organisation succeeds itself")
        for s in successions
        if s.predecessor == s.successor
    ]
    after: dict[str, list[Succession]] = {}
    for s in successions:
        if s.predecessor != s.successor:
            after.setdefault(s.predecessor, []).append(s)
    done: set[str] = set()
    path: list[Succession] = []  # the steps that led to the code being visited
    on_path: dict[str, int] = {}  # code → its place in `path`

    def visit(code: str) -> None:
        on_path[code] = len(path)
        for step in after.get(code, []):
            if step.successor in on_path:
                cycle = [s.predecessor for s in path[on_path[step.successor] :]]
                chain = " → ".join([*cycle, code, step.successor])
                problems.append(Problem(source, step.line, code, f"a cycle: {chain}"))
            elif step.successor not in done:
                path.append(step)
                visit(step.successor)
                path.pop()
        del on_path[code]
        done.add(code)

    for start in sorted(after):
        if start not in done:
            visit(start)
    return problems


def follow_successors(
    successions: Iterable[Succession], known: Mapping[str, str]
) -> tuple[dict[str, str], list[Attribution]]:
    """Each closed code (not in `known`) → the system its successors lie in; the codes whose
    successors lie in several systems, attributed by the rule above. Needs no cycles."""
    after: dict[str, list[str]] = {}
    for s in successions:
        after.setdefault(s.predecessor, []).append(s.successor)

    def systems_of(code: str) -> list[tuple[str, str]]:  # (successor known, its system)
        found = []
        for successor in sorted(set(after.get(code, []))):
            if successor in known:
                found.append((successor, known[successor]))
            else:
                found.extend(systems_of(successor))
        return found

    mapped: dict[str, str] = {}
    attributions = []
    for code in sorted(after.keys() - known.keys()):
        reached = systems_of(code)
        if not reached:
            continue
        counts = Counter(system for _, system in reached)
        top = max(counts.values())
        system = next(system for _, system in reached if counts[system] == top)
        mapped[code] = system
        if len(counts) > 1:
            attributions.append(Attribution(code, tuple(sorted(counts)), system))
    return mapped, attributions


def build_org_map(
    pack: Pack,
    national: str,
    trusts: Iterable[Mapping[str, str]] = (),
    ccg_2019: Iterable[Mapping[str, str]] = (),
    ccg_legacy: Iterable[Mapping[str, str]] = (),
    successions: Sequence[Succession] = (),
    closed_trusts: Iterable[str] = (),
) -> OrgMap:
    """The map from the rows of the lookup files (column names as NHS Digital's), the
    successor file's rows (checked for cycles first) and every trust code ever opened."""
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
    by_successor, attributed = follow_successors(successions, providers)
    # a CCG's successor may be a later CCG or the ICB (a system code) itself
    ccg_successors, ccg_attributed = follow_successors(successions, {**systems, **commissioners})
    trust_codes = frozenset({*providers, *(c.strip().upper() for c in closed_trusts)})
    return OrgMap(
        national,
        systems,
        {**by_successor, **providers},
        {**ccg_successors, **commissioners},
        trust_codes,
        tuple(attributed + ccg_attributed),
    )
