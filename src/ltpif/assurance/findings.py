"""Findings: what assurance says about a plan, where, how serious, and on what authority."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ltpif.framework.toml_lines import Path as KeyPath

Severity = Literal["error", "query", "info"]
#: most serious first; a finding can be made less serious than its rule, never more
SEVERITIES: tuple[Severity, ...] = ("error", "query", "info")
RAG = Literal["red", "amber", "green"]
RAG_OF: dict[Severity | None, RAG] = {
    "error": "red",
    "query": "amber",
    "info": "green",
    None: "green",
}


def json_pointer(path: KeyPath) -> str:
    """RFC 6901: '/commitments/3/trajectories/0/values/2020~121'."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def least_serious(a: Severity, b: Severity) -> Severity:
    return a if SEVERITIES.index(a) > SEVERITIES.index(b) else b


def worst(severities: list[Severity]) -> Severity | None:
    return min(severities, key=SEVERITIES.index) if severities else None


@dataclass(frozen=True)
class Citation:
    seed: str | None
    quote: str | None
    publication: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Issue:
    """What a check finds; the engine turns it into a Finding with the rule's authority."""

    path: KeyPath
    message: str
    severity: Severity | None = None  # None: the rule's severity
    commitment: str | None = None
    section: str | None = None


@dataclass(frozen=True)
class Finding:
    rule: str
    rule_title: str
    check: str
    severity: Severity
    pointer: str
    message: str
    citation: Citation
    principles: tuple[str, ...] = ()
    commitment: str | None = None
    section: str | None = None
    line: int | None = field(default=None, compare=False)
    # the rule's own severity, when the stage judged made the finding information
    severity_at_other_stages: Severity | None = None
    # a query the planner answered and the region accepted: it no longer counts against the RAG
    explained: bool = False
