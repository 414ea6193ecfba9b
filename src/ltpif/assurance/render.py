"""The assurance report as text (what a planner reads) and as JSON (complete and stable).

The JSON format is documented in docs/reference/assurance-json.md; its `format` field changes
when a field is removed or changes meaning, never when one is added.
"""

from __future__ import annotations

import dataclasses
from itertools import groupby
from typing import Any

from ltpif.assurance.findings import Finding
from ltpif.assurance.report import AssuranceReport, Rated

JSON_FORMAT = "ltpif-assurance/1"


def where(report: AssuranceReport, finding: Finding) -> str:
    place = f"{report.file}:{finding.line}" if report.file and finding.line else report.file or ""
    return f"{place} {finding.pointer}".strip()


def cited(report: AssuranceReport, finding: Finding) -> str:
    citation = finding.citation
    if citation.quote:
        return f"“{citation.quote}” ({report.seed_titles.get(citation.seed or '', citation.seed)})"
    return f"source: {citation.publication}"


def _rag_line(items: list[Rated]) -> str:
    return ", ".join(f"{item.title} {item.rag.upper()}" for item in items)


def render_text(report: AssuranceReport) -> str:
    """Findings grouped by rule, each rule cited once, most serious first."""
    readiness = report.readiness
    lines = [
        f"{report.system_name} ({report.system}) — {report.file or 'plan'} — "
        f"{report.pack} {report.pack_version} — judged for the {report.stage} plan",
        f"{readiness.verdict}  [{readiness.errors} error(s), {readiness.queries} query(ies), "
        f"{readiness.infos} note(s)]",
    ]
    for (severity, rule), group in groupby(report.findings, key=lambda f: (f.severity, f.rule)):
        findings = list(group)
        lines += ["", f"{severity.upper()}  {findings[0].rule_title} [{rule}]"]
        lines.append(f"    {cited(report, findings[0])}")
        for finding in findings:
            lines += [f"  - {finding.message}", f"    at {where(report, finding)}"]
    flagged = [c for c in report.commitments if c.rag != "green"]
    red = sum(1 for c in flagged if c.rag == "red")
    lines += [
        "",
        f"Sections: {_rag_line(report.sections)}",
        f"Principles: {_rag_line(report.principles)}",
        f"Financial tests: {_rag_line(report.financial_tests)}",
        f"Commitments: {len(report.commitments) - len(flagged)} of {len(report.commitments)} "
        f"green, {red} red, {len(flagged) - red} amber",
    ]
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> Any:
    is_record = dataclasses.is_dataclass(value) and not isinstance(value, type)
    return dataclasses.asdict(value) if is_record else value


def report_json(report: AssuranceReport) -> dict[str, Any]:
    readiness = report.readiness
    return {
        "format": JSON_FORMAT,
        "pack": {"id": report.pack, "version": report.pack_version},
        "system": {"code": report.system, "name": report.system_name},
        "file": report.file,
        "stage": report.stage,
        "readiness": {
            "ready": readiness.ready,
            "rag": readiness.rag,
            "verdict": readiness.verdict,
            "errors": readiness.errors,
            "queries": readiness.queries,
            "infos": readiness.infos,
            "explained": readiness.explained,
        },
        "findings": [
            {
                "rule": f.rule,
                "rule_title": f.rule_title,
                "check": f.check,
                "severity": f.severity,
                "pointer": f.pointer,
                "line": f.line,
                "message": f.message,
                "commitment": f.commitment,
                "section": f.section,
                "principles": list(f.principles),
                "citation": _plain(f.citation),
                "severity_at_other_stages": f.severity_at_other_stages,
                "explained": f.explained,
            }
            for f in report.findings
        ],
        "rag": {
            kind: [_plain(item) for item in getattr(report, kind)]
            for kind in ("commitments", "principles", "sections", "financial_tests")
        },
        "finance": [
            {**_plain(row), "surplus": row.surplus, "productivity": row.productivity}
            for row in report.finance
        ],
    }
