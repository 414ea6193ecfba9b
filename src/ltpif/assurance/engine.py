"""Running the pack's rules on a plan: findings, then the summaries a reviewer reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
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
from ltpif.plans.document import CommitmentPlan, Plan
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

_UNREAD = object()  # the boards, when a check does not read them


@dataclass(frozen=True)
class _Read:
    """What a run of checks read of a plan: the calendar's today, the plan's fields it reads,
    the footprint's boards if it reads them, and each commitment entry it looked up (where it
    is in the plan, and the entry itself). Fields and entries are compared by identity:
    documents are immutable, and an edit shares every part it leaves alone."""

    today: dt.date
    fields: tuple[tuple[str, Any], ...]
    boards: Any
    entries: tuple[tuple[str, tuple[int, CommitmentPlan] | None], ...]

    @classmethod
    def of(cls, context: CheckContext, reads: frozenset[str]) -> _Read:
        plan = context.plan
        fields = tuple((name, getattr(plan, name)) for name in sorted(reads - {"boards"}))
        boards = context.boards if "boards" in reads else _UNREAD
        return cls(context.today, fields, boards, tuple(context.looked_up.items()))

    def unchanged_in(self, context: CheckContext) -> bool:
        if self.today != context.today:
            return False
        plan = context.plan
        if any(getattr(plan, name) is not value for name, value in self.fields):
            return False
        if self.boards is not _UNREAD and self.boards != context.boards:
            return False
        for commitment, was in self.entries:
            now = context.entry_of(commitment)
            if now is not was and (
                now is None or was is None or now[0] != was[0] or now[1] is not was[1]
            ):
                return False
        return True


class Remembered:
    """What the checks found on one plan's last version, each part with what it read: the next
    version's checks run again only where that changed (a save edits one commitment: the checks
    of each commitment it left alone, and of the plan's other parts, are not run again). A
    caller keeps one for each plan it checks version after version (a server: for each plan)."""

    def __init__(self) -> None:
        self.rules: tuple[_Prepared, ...] = ()
        self.found: dict[Hashable, tuple[_Read, Any]] = {}

    def recall(
        self, key: Hashable, context: CheckContext, reads: frozenset[str] | None, run: Callable
    ) -> Any:
        """`run()`'s value, kept under `key` while what it read is unchanged."""
        kept = self.found.get(key)
        if kept is not None and kept[0].unchanged_in(context):
            return kept[1]
        context.looked_up.clear()
        value = run()
        if reads is not None:
            self.found[key] = (_Read.of(context, reads), value)
        return value


def _reads_of(rules: Iterable[_Prepared]) -> frozenset[str] | None:
    """What the rules' kinds read between them: None if one of them does not say."""
    reads: set[str] = set()
    for ready in rules:
        if ready.kind.reads is None:
            return None
        reads |= ready.kind.reads
    return frozenset(reads)


def rule_issues(
    pack: Pack,
    plan: Plan,
    today: dt.date | None = None,
    level: str | None = None,
    operational: OperationalPlan | None = None,
    boards: tuple[Board, ...] | None = None,
    remembered: Remembered | None = None,
) -> RuleIssues:
    """What the pack's rules find on `plan`, whatever the stage: the same for every stage
    judged, so a server that judges one version for two stages runs the checks once. With
    what they found on an earlier version of the plan (`remembered`, updated here), only the
    checks of what changed since run again."""
    context = CheckContext(pack, plan, today or dt.date.today(), operational, boards)
    waived = waived_rules(pack, level)
    rules = tuple(
        ready
        for ready in _prepared_rules(pack)
        if ready.rule.id not in waived
        and (operational is not None) == (OPERATIONAL in ready.rule.stages)
    )
    if remembered is None or operational is not None:
        remembered = Remembered()  # nothing kept
    if len(remembered.rules) != len(rules) or any(
        was is not now for was, now in zip(remembered.rules, rules, strict=True)
    ):
        remembered.rules, remembered.found = rules, {}
    # the kinds judging a commitment at a time: each commitment's issues of them all together,
    # kept while its entry is (they read nothing else of the plan), then the rest of the plan's
    # (what those kinds say they read)
    each = [ready for ready in rules if ready.kind.each_commitment]
    by_commitment: list[list[Issue]] = [[] for _ in each]
    parts = [*(pack.commitments if each else ()), None]
    for commitment in parts:
        found = remembered.recall(
            ("commitment", commitment.id) if commitment else ("rest",),
            context,
            _reads_of(each) if commitment is None else frozenset(),
            lambda c=commitment: [tuple(r.kind.run(context, r.params, c)) for r in each],
        )
        for issues, more in zip(by_commitment, found, strict=True):
            issues.extend(more)
    per_commitment = iter(by_commitment)
    return tuple(
        (
            ready,
            tuple(next(per_commitment))
            if ready.kind.each_commitment
            else remembered.recall(
                ("rule", ready.rule.id),
                context,
                ready.kind.reads,
                lambda r=ready: tuple(r.kind.run(context, r.params)),
            ),
        )
        for ready in rules
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
