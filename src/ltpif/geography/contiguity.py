"""Contiguity: how a system's footprint lines up with local authority boundaries.

A system is contiguous with its authorities when each of them falls wholly inside it. An upper-
tier authority split across systems carries the share of its registered population in each
(practice location); a district split across systems has no published weights.
"""

from __future__ import annotations

from dataclasses import dataclass

from ltpif.framework.pack import Pack
from ltpif.geography.organisations import Landscape, Organisation


@dataclass(frozen=True)
class Part:
    """An authority inside a system: its code, name and the share of it inside (None:
    unknown), and the other systems it falls in."""

    code: str
    name: str
    type: str
    share: float | None
    elsewhere: tuple[str, ...]


@dataclass(frozen=True)
class SystemFootprint:
    code: str
    name: str
    region: str
    authorities: tuple[Part, ...]  # upper-tier authorities (health and wellbeing boards)
    districts: tuple[Part, ...]

    @property
    def contiguous(self) -> bool:
        return not any(p.elsewhere for p in (*self.authorities, *self.districts))


@dataclass(frozen=True)
class Split:
    """An authority that falls in more than one system, with each system's share."""

    code: str
    name: str
    type: str
    shares: tuple[tuple[str, float | None], ...]  # (system code, share or None)


@dataclass(frozen=True)
class Contiguity:
    systems: tuple[SystemFootprint, ...]
    split: tuple[Split, ...]

    @property
    def split_authorities(self) -> list[Split]:
        return [s for s in self.split if s.type == "local_authority"]

    @property
    def split_districts(self) -> list[Split]:
        return [s for s in self.split if s.type == "district"]


def _parts(orgs: list[Organisation], system: str) -> tuple[Part, ...]:
    parts = []
    for org in orgs:
        for link in org.links:
            if link.system == system:
                others = tuple(s for s in org.systems if s != system)
                parts.append(Part(org.code, org.name, org.type, link.share, others))
    return tuple(sorted(parts, key=lambda p: (p.name, p.code)))


def contiguity(pack: Pack, landscape: Landscape) -> Contiguity:
    authorities = landscape.of_type("local_authority")
    districts = landscape.of_type("district")
    systems = tuple(
        SystemFootprint(
            system.code,
            system.name,
            system.region,
            _parts(authorities, system.code),
            _parts(districts, system.code),
        )
        for system in sorted(pack.geography.system, key=lambda s: s.code)
    )
    split = tuple(
        Split(org.code, org.name, org.type, tuple((link.system, link.share) for link in org.links))
        for org in (*authorities, *districts)
        if len(org.links) > 1
    )
    return Contiguity(systems, split)


def as_json(result: Contiguity, pack: Pack) -> dict:
    names = {s.code: s.name for s in pack.geography.system}

    def part(p: Part) -> dict:
        return {"code": p.code, "name": p.name, "share": p.share, "also_in": list(p.elsewhere)}

    return {
        "systems": [
            {
                "code": s.code,
                "name": s.name,
                "region": s.region,
                "contiguous": s.contiguous,
                "authorities": [part(p) for p in s.authorities],
                "districts": [part(p) for p in s.districts],
            }
            for s in result.systems
        ],
        "split": [
            {
                "code": s.code,
                "name": s.name,
                "type": s.type,
                "systems": [
                    {"code": code, "name": names.get(code, code), "share": share}
                    for code, share in s.shares
                ],
            }
            for s in result.split
        ],
    }


def share_text(share: float | None) -> str:
    """A share as a percentage to one place; a share too small to show so, as under 0.1%."""
    if share is None:
        return "share not published"
    return "under 0.1%" if 0 < share < 0.0005 else f"{share:.1%}"


def as_text(result: Contiguity, pack: Pack) -> str:
    names = {s.code: s.name for s in pack.geography.system}
    lines = []
    for s in result.systems:
        state = "contiguous" if s.contiguous else "not contiguous"
        lines.append(f"{s.code} {s.name} ({state})")
        for p in s.authorities:
            also = f"; also in {', '.join(p.elsewhere)}" if p.elsewhere else ""
            lines.append(f"  {p.code} {p.name}: {share_text(p.share)}{also}")
    lines.append("")
    for kind, title in (
        ("local_authority", "Upper-tier authorities split across systems"),
        ("district", "Districts split across systems"),
    ):
        split = [s for s in result.split if s.type == kind]
        lines.append(f"{title}: {len(split)}")
        for one in split:
            parts = ", ".join(
                f"{names.get(code, code)} ({code}) {share_text(share)}"
                for code, share in one.shares
            )
            lines.append(f"  {one.code} {one.name}: {parts}")
    return "\n".join(lines) + "\n"
