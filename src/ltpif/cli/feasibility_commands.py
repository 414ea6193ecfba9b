"""`ltpif feasibility`: whether plans can be delivered, as text, JSON or HTML."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from html import escape
from pathlib import Path

from ltpif.cli.plan_commands import EXIT_ERRORS_FOUND


def register(commands: argparse._SubParsersAction) -> None:
    feasibility = commands.add_parser(
        "feasibility", help="test whether each plan's trajectories can come true together"
    )
    feasibility.add_argument(
        "plans", nargs="+", type=Path, metavar="PLAN", help="plan files (YAML)"
    )
    feasibility.add_argument("--format", choices=["text", "json", "html"], default="text")
    feasibility.set_defaults(run=run_feasibility)


def run_feasibility(args: argparse.Namespace) -> int:
    from ltpif.app.feasibility import feasibility_files

    results = feasibility_files(args.plans)
    render = {"json": _json, "html": _html, "text": _text}[args.format]
    sys.stdout.write(render(results))
    return EXIT_ERRORS_FOUND if any(result.has_errors for result in results) else 0


HEADINGS = ("year", "list planned", "referrals", "completions", "list the flows leave",
            "completions needed")  # fmt: skip


def _rows(result) -> list[tuple[str, ...]]:
    from ltpif.app.present import count

    return [
        (row.year, count(row.planned), count(row.referrals), count(row.completions),
         count(round(row.projected)), count(round(row.completions_needed)))
        for row in result.waiting_list
    ]  # fmt: skip


def _text(results) -> str:
    out = []
    for result in results:
        out.append(f"{result.system} ({result.file})")
        table = [HEADINGS, *_rows(result)]
        widths = [max(len(row[i]) for row in table) for i in range(len(HEADINGS))]
        out += ["  " + "  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in table]
        for finding in result.findings:
            out.append(f"  {finding.severity}: {finding.rule}: {finding.message}")
        if not result.findings:
            out.append("  feasible: no findings")
        out.append("")
    return "\n".join(out)


def _json(results) -> str:
    document = {
        "plans": [
            {
                "file": r.file,
                "system": r.system,
                "waiting_list": [asdict(row) for row in r.waiting_list],
                "findings": [
                    {"rule": f.rule, "severity": f.severity, "pointer": f.pointer,
                     "line": f.line, "message": f.message}
                    for f in r.findings
                ],
            }
            for r in results
        ]
    }  # fmt: skip
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _html(results) -> str:
    parts = ["<!doctype html><html lang=en><meta charset=utf-8><title>Feasibility</title>"]
    for result in results:
        parts.append(f"<h2>{escape(result.system)}</h2><table>")
        parts.append("<tr>" + "".join(f"<th>{escape(h)}</th>" for h in HEADINGS) + "</tr>")
        for row in _rows(result):
            parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
        parts.append("</table><ul>")
        parts += [
            f"<li>{escape(f.severity)}: {escape(f.rule)}: {escape(f.message)}</li>"
            for f in result.findings
        ]
        parts.append("</ul>")
    return "\n".join(parts) + "\n</html>\n"
