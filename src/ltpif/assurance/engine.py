"""Running the pack's rules on a plan: findings, then the summaries a reviewer reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ltpif.assurance.checks  # noqa: F401  (registers the built-in check kinds)
from ltpif.assurance.findings import Citation, Finding, Issue, json_pointer, least_serious
from ltpif.assurance.registry import REGISTRY, CheckContext, CheckKind, check_rules
from ltpif.assurance.report import AssuranceReport, summarise
from ltpif.framework.kept import by_identity
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem, key_path
from ltpif.framework.schema import OPERATIONAL, Rule, Stage
from ltpif.framework.toml_lines import Path as KeyPath
from ltpif.framework.typed import parse
from ltpif.plans.document import Plan
from ltpif.plans.maturity import waived_rules
from ltpif.plans.operational import OperationalPlan
from ltpif.plans.strategy import Board

LineOf = Callable[[KeyPath], int | None]


@dataclass(frozen=True)
class _Prepared:
    """A pack rule with its check kind, parsed parameters and citation."""

    rule: Rule
    kind: CheckKind
    params: Any
    citation: Citation


@by_identity(16)
def _prepared_rules(pack: Pack) -> tuple[_Prepared, ...]:
    """The pack's rules ready to run (InputError when a rule is unusable): a pack is
    immutable and a plan is assured at every save and page, so this is done once a pack."""
    problems: list[Problem] = []
    check_rules(
        pack,
        lambda file, path, message: problems.append(Problem(file, None, key_path(path), message)),
    )
    if problems:
        raise InputError(problems)
    prepared = []
    for rule in pack.rules.rule:
        kind = REGISTRY[rule.check]
        source = rule.source
        citation = Citation(source.seed, source.quote, source.publication, source.note)
        prepared.append(_Prepared(rule, kind, parse(kind.params, rule.params), citation))
    return tuple(prepared)


#: the stage judged when none is named: the final plan, which every rule applies to
DEFAULT_STAGE: Stage = "final"
#: a query answered and accepted: (rule id, JSON pointer of the finding)
Explained = frozenset[tuple[str, str]]


#: what each rule that ran found on a plan, before any stage is judged (`rule_issues`)
RuleIssues = tuple[tuple["_Prepared", tuple[Issue, ...]], ...]


def rule_issues(
    pack: Pack,
    plan: Plan,
    today: dt.date | None = None,
    level: str | None = None,
    operational: OperationalPlan | None = None,
    boards: tuple[Board, ...] | None = None,
) -> RuleIssues:
    """What the pack's rules find on `plan`, whatever the stage: the same for every stage
    judged, so a server that judges one version for two stages runs the checks once."""
    context = CheckContext(pack, plan, today or dt.date.today(), operational, boards)
    waived = waived_rules(pack, level)
    return tuple(
        (ready, tuple(ready.kind.run(context, ready.params)))
        for ready in _prepared_rules(pack)
        if ready.rule.id not in waived
        and (operational is not None) == (OPERATIONAL in ready.rule.stages)
    )


def run_rules(
    pack: Pack,
    plan: Plan,
    line_of: LineOf | None = None,
    stage: Stage = DEFAULT_STAGE,
    explained: Explained = frozenset(),
    today: dt.date | None = None,
    level: str | None = None,
    operational: OperationalPlan | None = None,
    issues: RuleIssues | None = None,
    boards: tuple[Board, ...] | None = None,
) -> list[Finding]:
    """Every finding of the pack's rules on `plan`, judged for the `stage` submission: a rule
    that is not required at that stage gives information instead of its severity. A query
    in `explained` is kept, marked explained. `today` is the planning calendar's (what is past
    due is judged against it): the clock's unless given. `level` is the system's moderated
    ICS maturity level (None: not moderated, or not known, as for a plan file): the rules its
    freedoms waive (fewer data requests, pack maturity.toml) are not run. With an
    `operational` plan only the operational stage's rules run, on it, judged for that stage.
    `boards` are the health and wellbeing boards of the footprint with their recorded strategies
    (None where not known: the rules on them then find nothing). `issues`: `rule_issues` of the
    same pack, plan, today, level, operational plan and boards, when the caller has them
    already (then no check runs here)."""
    if issues is None:
        issues = rule_issues(pack, plan, today, level, operational, boards)
    if operational is not None:
        stage = OPERATIONAL
    findings = []
    for ready, found in issues:
        rule, citation = ready.rule, ready.citation
        for issue in found:
            severity = (
                least_serious(issue.severity, rule.severity) if issue.severity else rule.severity
            )
            other = None
            if stage not in rule.stages and severity != "info":
                severity, other = "info", severity
            pointer = json_pointer(issue.path)
            findings.append(
                Finding(
                    rule=rule.id,
                    rule_title=rule.title,
                    check=rule.check,
                    severity=severity,
                    pointer=pointer,
                    message=issue.message,
                    citation=citation,
                    principles=tuple(rule.principles),
                    commitment=issue.commitment,
                    section=issue.section,
                    line=line_of(issue.path) if line_of else None,
                    severity_at_other_stages=other,
                    explained=severity == "query" and (rule.id, pointer) in explained,
                )
            )
    return findings


def assure(
    pack: Pack,
    plan: Plan,
    line_of: LineOf | None = None,
    file: str | None = None,
    stage: Stage = DEFAULT_STAGE,
    explained: Explained = frozenset(),
    today: dt.date | None = None,
    level: str | None = None,
    issues: RuleIssues | None = None,
    boards: tuple[Board, ...] | None = None,
) -> AssuranceReport:
    """The plan's assurance report for `stage`; `issues` and `boards` as `run_rules` takes
    them."""
    findings = run_rules(
        pack, plan, line_of, stage, explained, today, level, issues=issues, boards=boards
    )
    return summarise(pack, plan, findings, file, stage)


def assure_operational(
    pack: Pack,
    operational: OperationalPlan,
    line_of: LineOf | None = None,
    file: str | None = None,
    today: dt.date | None = None,
) -> AssuranceReport:
    """An operational plan judged by the operational stage's rules (its agreed plan is not
    judged again: it stands as an empty plan of the same system)."""
    plan = Plan(
        ltpif_plan=1,
        pack=operational.pack,
        pack_version=operational.pack_version,
        system=operational.system,
    )
    findings = run_rules(pack, plan, line_of, today=today, operational=operational)
    return summarise(pack, plan, findings, file, OPERATIONAL)
