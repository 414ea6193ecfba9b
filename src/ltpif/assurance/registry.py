"""The registry of check kinds. Built-in checks register here exactly as an extension would:

    @register("named-lead", NamedLeadParams, reads=("clinical_lead", "local_priorities"))
    def named_lead(ctx: CheckContext, params: NamedLeadParams) -> Iterable[Issue]: ...

A pack rule names a check kind and gives its parameters; the parameters are parsed into the
kind's record type, so a rule with a misspelt parameter is refused before any plan is read.
A kind says which of the plan's fields it reads (`reads`; the commitment entries it looks up
through the context are seen as it runs): a plan checked again after an edit keeps what the
kind found while those are unchanged (tests/unit/assurance/test_remembered_checks.py proves
each kind reads no other field).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ltpif.assurance.findings import Issue
from ltpif.framework.kept import by_identity
from ltpif.framework.pack import Pack
from ltpif.framework.problems import quoted
from ltpif.framework.typed import Invalid, parse, record
from ltpif.plans.document import CommitmentPlan, Finance, Plan, Trajectory
from ltpif.plans.finance import YearMeasures, organisation_measures, system_totals
from ltpif.plans.operational import OperationalPlan
from ltpif.plans.strategy import Board


@record
class NoParams:
    pass


# (context, params), or (context, params, commitment) for a kind run for each commitment
Run = Callable[..., Iterable[Issue]]


@dataclass(frozen=True)
class CheckKind:
    name: str
    params: type[Any]  # each kind its own record type: the registry holds them all
    run: Run
    doc: str
    operational: bool = False  # judges an operational plan's phasing, not the strategy plan
    # the plan's fields `run` reads ("boards": the context's) besides the commitment entries it
    # looks up through the context (`commitment_plan`, `taken_up`, `series`), which are seen as
    # it runs: a plan edited elsewhere keeps what it found (engine.Remembered). None: not said,
    # run afresh on every plan
    reads: frozenset[str] | None = None
    # `run(ctx, params, commitment)` gives what it finds of one of the pack's commitments (it
    # reads only that commitment's entry), run for each in the pack's order, then with None for
    # the rest of the plan (`reads` is what that reads): what it found of the commitments an
    # edit left alone is kept
    each_commitment: bool = False


REGISTRY: dict[str, CheckKind] = {}


def register(
    name: str,
    params: type[Any] = NoParams,
    *,
    operational: bool = False,
    reads: Iterable[str] | None = None,
    each_commitment: bool = False,
) -> Callable[[Run], Run]:
    def decorate(run: Run) -> Run:
        if name in REGISTRY:
            raise ValueError(f"check kind {name!r} is registered twice")
        doc = (run.__doc__ or "").strip()
        read = None if reads is None else frozenset(reads)
        REGISTRY[name] = CheckKind(name, params, run, doc, operational, read, each_commitment)
        return run

    return decorate


@dataclass(frozen=True)
class Series:
    """A metric's planned values by year, and where they sit in the plan."""

    path: tuple[str | int, ...]
    values: dict[str, float]


@dataclass(frozen=True)
class CheckContext:
    pack: Pack
    plan: Plan
    # the planning calendar's today: what is past due is judged against it
    today: dt.date = field(default_factory=dt.date.today)
    # the operational plan judged (its agreed plan stands as `plan`); None for a strategy plan
    operational: OperationalPlan | None = None
    # the health and wellbeing boards of the system's footprint and their recorded strategies
    # (plans.strategy); None where they are not known (a plan file read on its own)
    boards: tuple[Board, ...] | None = None
    # each commitment entry looked up since the engine last cleared it: what a run depended on
    looked_up: dict[str, tuple[int, CommitmentPlan] | None] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def years(self) -> list[str]:
        return self.pack.plan_years

    @cached_property
    def _entries(self) -> dict[str, tuple[int, CommitmentPlan]]:
        return {entry.commitment: (i, entry) for i, entry in enumerate(self.plan.commitments)}

    def commitment_plan(self, commitment_id: str) -> tuple[int, CommitmentPlan] | None:
        found = self._entries.get(commitment_id)
        self.looked_up[commitment_id] = found
        return found

    def entry_of(self, commitment_id: str) -> tuple[int, CommitmentPlan] | None:
        """The plan's entry for a commitment, not noted as looked up (the engine's own look)."""
        return self._entries.get(commitment_id)

    def taken_up(self, commitment_id: str) -> tuple[int, CommitmentPlan] | None:
        """The plan's entry for a commitment it takes up: None when absent or left out."""
        found = self.commitment_plan(commitment_id)
        return None if found is None or found[1].omitted else found

    def series(self, metric_id: str) -> Series | None:
        """The plan's values for a metric; ratios as numerator / denominator per year."""
        commitment = self.pack.commitment_of_metric[metric_id]
        found = self.commitment_plan(commitment.id)
        if found is None:
            return None
        index, entry = found
        for n, trajectory in enumerate(entry.trajectories):
            if trajectory.metric == metric_id:
                return Series(("commitments", index, "trajectories", n), _values(trajectory))
        return None

    def metric_issue(self, path: tuple, message: str, metric_id: str) -> Issue:
        """An issue reported under the commitment of a metric and its first plan section."""
        commitment = self.pack.commitment_of_metric[metric_id]
        return Issue(path, message, commitment=commitment.id, section=commitment.sections[0])

    @property
    def organisation_measures(self) -> list[list[YearMeasures]]:
        return finance_measures(self.plan, self.pack)[0]

    @property
    def system_measures(self) -> list[YearMeasures]:
        return finance_measures(self.plan, self.pack)[1]


def finance_measures(plan: Plan, pack: Pack) -> tuple[list[list[YearMeasures]], list[YearMeasures]]:
    """Each organisation's finance measures and the system's, per plan year: made once for a
    plan's finance, which its checks and its report for each stage judged read (and those of
    every later version that leaves it alone: an edit of a trajectory keeps the finance)."""
    return _measures(plan.finance, pack)


@by_identity(64)
def _measures(finance: Finance, pack: Pack) -> tuple[list[list[YearMeasures]], list[YearMeasures]]:
    years = pack.plan_years
    per_org = [organisation_measures(org, years) for org in finance.organisations]
    return per_org, system_totals(per_org, years)


def _values(trajectory: Trajectory) -> dict[str, float]:
    if trajectory.denominator:
        return {
            year: trajectory.numerator[year] / denominator
            for year, denominator in trajectory.denominator.items()
            if year in trajectory.numerator and denominator
        }
    return dict(trajectory.values)


def check_rules(pack: Pack, report: Callable[[str, tuple, str], None]) -> None:
    """Report rules naming an unknown check kind or giving parameters it does not take."""
    for index, rule in enumerate(pack.rules.rule):
        kind = REGISTRY.get(rule.check)
        if kind is None:
            known = ", ".join(sorted(REGISTRY))
            report(
                "rules.toml",
                ("rule", index, "check"),
                f"unknown check kind {quoted(rule.check)} ({known})",
            )
            continue
        if kind.operational and rule.stages != ["operational"]:
            message = 'judges an operational plan: its stages must be ["operational"]'
            report("rules.toml", ("rule", index, "stages"), f"{quoted(rule.check)} {message}")
        elif not kind.operational and "operational" in rule.stages:
            message = "judges the strategy delivery plan, not at the operational stage"
            report("rules.toml", ("rule", index, "stages"), f"{quoted(rule.check)} {message}")
        try:
            parse(kind.params, rule.params)
        except Invalid as exc:
            for path, message in exc.errors:
                report("rules.toml", ("rule", index, "params", *path), message)
