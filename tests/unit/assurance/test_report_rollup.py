"""The report's roll-up: each finding counted under its commitment, each of its principles, its
section and the financial tests of its rule, explained queries not against the RAG; the
finance rows are the plan's system measures."""

from __future__ import annotations

from ltpif.assurance.findings import Citation, Finding
from ltpif.assurance.report import Rated, summarise
from ltpif.demo.plans import build_plan
from ltpif.framework.loader import load_pack
from ltpif.plans.finance import system_measures

PACK = load_pack()
PLAN = build_plan(PACK, PACK.geography.system[7])
CITED = Citation(seed=None, quote=None)


def _finding(rule, severity, principles=(), commitment=None, section=None, explained=False):
    return Finding(
        rule=rule,
        rule_title=rule,
        check=rule,
        severity=severity,
        pointer=f"/{rule}",
        message="",
        citation=CITED,
        principles=principles,
        commitment=commitment,
        section=section,
        explained=explained,
    )


FINDINGS = [
    _finding("a", "error", ("clinically-led", "locally-owned"), "adult-crisis-teams", "local-need"),
    _finding("b", "query", ("clinically-led",), "adult-crisis-teams", explained=True),
    _finding("financial-balance", "info", section="service-changes"),
    _finding("productivity-growth", "query"),
]
REPORT = summarise(PACK, PLAN, FINDINGS, None)


def _by_id(rows: list[Rated]) -> dict[str, tuple]:
    return {row.id: (row.rag, row.errors, row.queries, row.infos) for row in rows}


def test_a_commitment_counts_its_findings_but_an_explained_query():
    commitments = _by_id(REPORT.commitments)
    assert commitments["adult-crisis-teams"] == ("red", 1, 0, 0)
    assert commitments["digital-strategy"] == ("green", 0, 0, 0)


def test_a_finding_counts_under_each_of_its_principles():
    principles = _by_id(REPORT.principles)
    assert principles["clinically-led"] == ("red", 1, 0, 0)
    assert principles["locally-owned"] == ("red", 1, 0, 0)
    assert principles["realistic-workforce"] == ("green", 0, 0, 0)


def test_a_section_counts_its_findings():
    sections = _by_id(REPORT.sections)
    assert sections["local-need"] == ("red", 1, 0, 0)
    assert sections["service-changes"] == ("green", 0, 0, 1)
    assert sections["infrastructure"] == ("green", 0, 0, 0)


def test_a_financial_test_counts_the_findings_of_its_rules():
    tests = _by_id(REPORT.financial_tests)
    assert tests["1"] == ("green", 0, 0, 1)  # financial-balance
    assert tests["2"] == ("amber", 0, 1, 0)  # productivity-growth, admin-costs-fall


def test_the_readiness_counts_every_finding_once():
    readiness = REPORT.readiness
    assert (readiness.errors, readiness.queries, readiness.infos) == (1, 1, 1)
    assert readiness.explained == 1


def test_the_finance_rows_are_the_systems_measures_for_each_stage():
    expected = system_measures(PLAN, PACK.plan_years)
    assert REPORT.finance == expected
    assert summarise(PACK, PLAN, [], None, "draft").finance == expected
