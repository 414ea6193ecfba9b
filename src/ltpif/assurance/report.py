"""The assurance report: findings rolled up to a RAG per commitment, principle, section and
financial test, and a readiness summary."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ltpif.assurance.findings import RAG, RAG_OF, SEVERITIES, Finding, worst
from ltpif.assurance.registry import finance_measures
from ltpif.framework.pack import Pack
from ltpif.framework.schema import Stage
from ltpif.plans.document import Plan
from ltpif.plans.finance import YearMeasures


@dataclass(frozen=True)
class Rated:
    id: str
    title: str
    rag: RAG
    errors: int
    queries: int
    infos: int


@dataclass(frozen=True)
class Readiness:
    errors: int
    queries: int  # queries not yet explained
    infos: int
    stage: Stage = "final"  # the submission judged
    explained: int = 0  # queries answered and accepted: they no longer count against the RAG

    @property
    def ready(self) -> bool:
        return self.errors == 0

    @property
    def rag(self) -> RAG:
        return "red" if self.errors else "amber" if self.queries else "green"

    @property
    def verdict(self) -> str:
        if self.errors:
            return f"Not ready to submit: {self.errors} error(s) must be fixed."
        if self.queries:
            return f"Ready to submit, with {self.queries} query(ies) to explain in the plan."
        return "Ready to submit."


@dataclass(frozen=True)
class AssuranceReport:
    pack: str
    pack_version: str
    system: str
    system_name: str
    file: str | None
    findings: list[Finding]
    readiness: Readiness
    commitments: list[Rated]
    principles: list[Rated]
    sections: list[Rated]
    financial_tests: list[Rated]
    finance: list[YearMeasures]
    seed_titles: dict[str, str]
    stage: Stage = "final"


def _count(findings: list[Finding], severity: str) -> int:
    """The findings of `severity` that count against the RAG (an explained query does not)."""
    return sum(1 for f in findings if f.severity == severity and not f.explained)


def _rated(ident: str, title: str, findings: list[Finding]) -> Rated:
    """The findings' RAG (the worst that counts) and counts, in one pass over them."""
    if not findings:  # most rows of a report
        return Rated(ident, title, "green", 0, 0, 0)
    counted = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        if not finding.explained:
            counted[finding.severity] += 1
    rag = RAG_OF[worst([s for s in SEVERITIES if counted[s]])]
    return Rated(ident, title, rag, *counted.values())


def _grouped(
    findings: list[Finding], keys: Callable[[Finding], Iterable[str]]
) -> dict[str, list[Finding]]:
    """The findings under each key `keys(finding)` gives, in their order (one pass: a plan has
    some hundred findings and the pack some hundred commitments, principles and sections)."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        for key in keys(finding):
            groups.setdefault(key, []).append(finding)
    return groups


def readiness_of(findings: list[Finding], stage: Stage) -> Readiness:
    """The findings' counts for a `stage` submission: what its report's readiness says."""
    return Readiness(
        errors=_count(findings, "error"),
        queries=_count(findings, "query"),
        infos=_count(findings, "info"),
        stage=stage,
        explained=sum(1 for f in findings if f.explained),
    )


def summarise(
    pack: Pack, plan: Plan, findings: list[Finding], file: str | None, stage: Stage = "final"
) -> AssuranceReport:
    ordered = sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.rule, f.pointer))
    system = pack.system_by_code[plan.system]
    tests = sorted(pack.finance.financial_test, key=lambda t: t.number)
    by_commitment = _grouped(findings, lambda f: (f.commitment,) if f.commitment else ())
    by_principle = _grouped(findings, lambda f: dict.fromkeys(f.principles))  # each once
    by_section = _grouped(findings, lambda f: (f.section,) if f.section else ())
    return AssuranceReport(
        pack=pack.id,
        pack_version=pack.meta.version,
        system=system.code,
        system_name=system.name,
        file=file,
        findings=ordered,
        readiness=readiness_of(findings, stage),
        commitments=[_rated(c.id, c.title, by_commitment.get(c.id, [])) for c in pack.commitments],
        principles=[
            _rated(p.id, p.name, by_principle.get(p.id, []))
            for p in sorted(pack.principles.principle, key=lambda p: p.number)
        ],
        sections=[_rated(s.id, s.title, by_section.get(s.id, [])) for s in pack.sections.section],
        financial_tests=[
            _rated(str(t.number), t.name, [f for f in findings if f.rule in t.rules]) for t in tests
        ],
        finance=finance_measures(plan, pack)[1],
        seed_titles={seed.file: seed.title for seed in pack.meta.seed},
        stage=stage,
    )
