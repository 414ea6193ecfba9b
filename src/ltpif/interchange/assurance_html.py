"""A printable HTML assurance report: one self-contained page, one section per plan."""

from __future__ import annotations

from html import escape

from ltpif.assurance.render import cited, where
from ltpif.assurance.report import AssuranceReport, Rated
from ltpif.assurance.wording import money, percent

STYLE = """
body { font-family: Arial, sans-serif; color: #212b32; margin: 2rem; line-height: 1.4; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; border-bottom: 2px solid #005eb8; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #d8dde0; padding: 0.3rem 0.5rem; text-align: left; }
td { vertical-align: top; }
.tag { display: inline-block; padding: 0 0.4rem; font-weight: bold; color: #fff; }
.red, .error { background: #d5281b; } .amber, .query { background: #ffb81c; color: #212b32; }
.green { background: #007f3b; } .info { background: #005eb8; }
blockquote { margin: 0.2rem 0 0; color: #4c6272; font-size: 0.9rem; }
.verdict { font-size: 1.2rem; font-weight: bold; }
section { page-break-after: always; }
@media print { body { margin: 0; } }
"""


def _tag(kind: str, text: str | None = None) -> str:
    return f'<span class="tag {escape(kind)}">{escape(text or kind.upper())}</span>'


def _rated_table(title: str, items: list[Rated]) -> str:
    rows = "".join(
        f"<tr><td>{escape(item.title)}</td><td>{_tag(item.rag)}</td>"
        f"<td>{item.errors}</td><td>{item.queries}</td><td>{item.infos}</td></tr>"
        for item in items
    )
    head = "<tr><th>Area</th><th>RAG</th><th>Errors</th><th>Queries</th><th>Notes</th></tr>"
    return f"<h3>{escape(title)}</h3><table>{head}{rows}</table>"


def _finance_table(report: AssuranceReport) -> str:
    head = "".join(
        f"<th>{name}</th>" for name in ("Year", "Income", "Expenditure", "Surplus", "Efficiency")
    )
    rows = "".join(
        f"<tr><td>{row.year}</td><td>{money(row.income)}</td><td>{money(row.expenditure)}</td>"
        f"<td>{money(row.surplus)}</td>"
        f"<td>{percent(row.productivity, 2)}</td></tr>"
        for row in report.finance
    )
    return f"<h3>System finances</h3><table><tr>{head}</tr>{rows}</table>"


def _section(report: AssuranceReport) -> str:
    readiness = report.readiness
    findings = "".join(
        f"<tr><td>{_tag(f.severity)}</td><td><code>{escape(where(report, f))}</code></td>"
        f"<td>{escape(f.message)}<blockquote>Rule <code>{escape(f.rule)}</code>: "
        f"{escape(cited(report, f))}</blockquote></td></tr>"
        for f in report.findings
    )
    flagged = [c for c in report.commitments if c.rag != "green"]
    return (
        f"<section><h2>{escape(report.system_name)} ({escape(report.system)})</h2>"
        f"<p>Plan {escape(report.file or '')} against "
        f"{escape(report.pack)} {escape(report.pack_version)}</p>"
        f'<p class="verdict">{_tag(readiness.rag)} {escape(readiness.verdict)}</p>'
        f"<p>{readiness.errors} error(s), {readiness.queries} query(ies), "
        f"{readiness.infos} note(s).</p>"
        "<h3>Findings</h3><table><tr><th>Severity</th><th>Where</th><th>Finding</th></tr>"
        f"{findings}</table>"
        + _rated_table("Plan sections", report.sections)
        + _rated_table("Principles", report.principles)
        + _rated_table("Financial tests", report.financial_tests)
        + _rated_table(
            f"Commitments with findings ({len(flagged)} of {len(report.commitments)})", flagged
        )
        + _finance_table(report)
        + "</section>"
    )


def render_html(reports: list[AssuranceReport]) -> str:
    body = "".join(_section(report) for report in reports)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>ltpif assurance report</title><style>{STYLE}</style></head>"
        f"<body><h1>Assurance report</h1>{body}</body></html>\n"
    )
