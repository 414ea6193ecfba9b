"""Carrying a plan forward to a new pack version: its first draft in the next round.

The draft keeps everything of the plan that still fits the new pack and leaves out what does
not — a commitment or metric the pack no longer has, a metric whose unit or form changed (its
values meant something else), a year outside the new plan years, a date outside the new plan
period, a section, partner type or maturity level the pack no longer names — so that it reads
against the new pack without an input problem. Partners' sign-offs go back to pending: they
signed the old plan, not this draft. Every such step is a note on the system's report, beside
what the planner must now add (a new commitment, a new metric of a commitment the plan keeps,
values for a new plan year) and what to look at again (an ambition of a metric the plan keeps
that changed). The old plan is never changed: the draft is a new record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from ltpif.framework.diff import PackChange, change_line, diff_packs
from ltpif.framework.pack import Pack
from ltpif.framework.problems import quoted
from ltpif.framework.schema import Commitment, Metric
from ltpif.plans.document import (
    CommitmentPlan,
    EngagementEvent,
    Finance,
    Footprint,
    LocalPriority,
    Maturity,
    Narrative,
    Plan,
    PlanMilestone,
    SignOff,
    Trajectory,
)

V = TypeVar("V")
Action = Literal["dropped", "add", "review"]
ACTIONS: dict[Action, str] = {
    "dropped": "No longer fits (not carried)",
    "add": "Must now add",
    "review": "To review",
}


@dataclass(frozen=True)
class CarryNote:
    action: Action
    where: str  # the place in the plan: "commitments[nhs-app].trajectories[nhs-app-use]"
    message: str


@dataclass(frozen=True)
class CarriedPlan:
    """A plan's draft against the new pack (None when its system is not in it) and the notes."""

    old_system: str
    system: str  # the system's code in the new pack ("" when it is not in it)
    plan: Plan | None
    notes: tuple[CarryNote, ...]

    def of(self, action: Action) -> list[CarryNote]:
        return [note for note in self.notes if note.action == action]


def _years_text(years: Iterable[str]) -> str:
    return ", ".join(sorted(years))


def _range(pack: Pack) -> str:
    years = pack.plan_years
    return f"{years[0]}–{years[-1]}"


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one}" if n == 1 else f"{n} {many or one + 's'}"


def _is_ratio(metric: Metric) -> bool:
    return metric.rollup == "ratio_of_sums"


class _Carrier:
    def __init__(self, plan: Plan, old: Pack, new: Pack, changes: Sequence[PackChange]):
        self.plan, self.old, self.new, self.changes = plan, old, new, changes
        self.notes: list[CarryNote] = []
        self.years = set(new.plan_years)
        self.dropped_years: dict[str, set[str]] = {}  # part of the plan → years left out
        self.first_day, self.last_day = new.window

    def note(self, action: Action, where: str, message: str) -> None:
        self.notes.append(CarryNote(action, where, message))

    def keep_years(self, values: dict[str, V], part: str) -> dict[str, V]:
        gone = set(values) - self.years
        if gone:
            self.dropped_years.setdefault(part, set()).update(gone)
        return {year: value for year, value in values.items() if year in self.years}

    # --- commitments --------------------------------------------------------------------------

    def trajectory(self, commitment: Commitment, t: Trajectory, where: str) -> Trajectory | None:
        here = f"{where}.trajectories[{t.metric}]"
        own = {m.id: m for m in commitment.metric}
        metric = own.get(t.metric)
        if metric is None:
            elsewhere = self.new.commitment_of_metric.get(t.metric)
            if elsewhere is not None:
                why = f"metric {quoted(t.metric)} now belongs to commitment {elsewhere.id}"
            else:
                why = f"metric {quoted(t.metric)} is not in {self.new.id}"
            self.note("dropped", here, f"{why}: its trajectory is not carried")
            return None
        was = self.old.metric_by_id.get(t.metric)
        if was is not None and was.unit != metric.unit:
            why = f"the unit of {t.metric} is now {metric.unit} (was {was.unit})"
            self.note("dropped", here, f"{why}: its values are not carried; give them again")
            return None
        if was is not None and _is_ratio(was) != _is_ratio(metric):
            form = "a ratio" if _is_ratio(metric) else "no longer a ratio"
            why = f"{t.metric} is now {form} (rollup {metric.rollup}, was {was.rollup})"
            self.note("dropped", here, f"{why}: its values are not carried; give them again")
            return None
        return dataclasses.replace(
            t,
            values=self.keep_years(t.values, "trajectories"),
            numerator=self.keep_years(t.numerator, "trajectories"),
            denominator=self.keep_years(t.denominator, "trajectories"),
        )

    def milestones(self, milestones: list[PlanMilestone], where: str) -> list[PlanMilestone]:
        kept = []
        for index, milestone in enumerate(milestones):
            if self.first_day <= milestone.date <= self.last_day:
                kept.append(milestone)
            else:
                self.note(
                    "dropped",
                    f"{where}.milestones[{index + 1}]",
                    f"milestone of {milestone.date} is outside the plan period "
                    f"({self.first_day} to {self.last_day}): {quoted(milestone.description, 60)}",
                )
        return kept

    def local_priority(self, priority: LocalPriority) -> LocalPriority:
        """The system's own priority: its values and milestones within the new plan period; a
        target year outside it is left for the planner to set again."""
        where = f"local_priorities[{priority.id}]"
        metrics = []
        for metric in priority.metrics:
            by = metric.by
            if by is not None and by not in self.years:
                self.note(
                    "review",
                    f"{where}.metrics[{metric.id}]",
                    f"its target year {by} is outside the new plan years ({_range(self.new)}): "
                    "set it again",
                )
                by = None
            trajectory = self.keep_years(metric.trajectory, "local_priorities")
            metrics.append(dataclasses.replace(metric, by=by, trajectory=trajectory))
        milestones = self.milestones(priority.milestones, where)
        return dataclasses.replace(priority, metrics=metrics, milestones=milestones)

    def commitment(self, entry: CommitmentPlan) -> CommitmentPlan | None:
        where = f"commitments[{entry.commitment}]"
        commitment = self.new.commitment_by_id.get(entry.commitment)
        if commitment is None:
            counts = [
                (len(entry.trajectories), "trajectory", "trajectories"),
                (len(entry.milestones), "milestone", "milestones"),
            ]
            held = ", ".join(_count(*count) for count in counts if count[0])
            message = (
                f"commitment {quoted(entry.commitment)} is not in {self.new.id} "
                f"{self.new.meta.version}: not carried" + (f" (its {held})" if held else "")
            )
            self.note("dropped", where, message)
            return None
        trajectories = [self.trajectory(commitment, t, where) for t in entry.trajectories]
        kept = [t for t in trajectories if t is not None]
        planned = {t.metric for t in kept}
        was = self.old.commitment_by_id.get(entry.commitment)
        old_metrics = {m.id for m in was.metric} if was else set()
        for metric in commitment.metric:
            if metric.id not in old_metrics and metric.id not in planned:
                message = f"add a trajectory for the new metric {metric.id} ({metric.name})"
                self.note("add", f"{where}.trajectories[{metric.id}]", message)
        self.review_ambitions(commitment, planned, where)
        return dataclasses.replace(
            entry, trajectories=kept, milestones=self.milestones(entry.milestones, where)
        )

    def review_ambitions(self, commitment: Commitment, planned: set[str], where: str) -> None:
        ambitions = {a.id: a for a in commitment.ambition if a.metric in planned}
        for change in self.changes:
            if change.kind == "ambition" and change.key in ambitions:
                if change.change == "changed" and change.field.startswith("source"):
                    continue  # a citation reworded: nothing for the planner
                metric = ambitions[change.key].metric
                message = f"the ambition for {metric} changed: {change_line(change)[2:]}"
                self.note("review", f"{where}.trajectories[{metric}]", message)

    def new_commitments(self, carried: set[str]) -> None:
        before = self.old.commitment_by_id
        for commitment in self.new.commitments:
            if commitment.id in carried:
                continue
            was = before.get(commitment.id)
            where = f"commitments[{commitment.id}]"
            if commitment.kind == "foundational" and (was is None or was.kind != "foundational"):
                news = "new" if was is None else "now foundational"
                message = f"add the {news} commitment {commitment.id}: {commitment.title}"
                self.note("add", where, message)
            elif was is None:
                message = (
                    f"the new local commitment {commitment.id} ({commitment.title}): "
                    "add it if it is one of your local priorities"
                )
                self.note("add", where, message)

    # --- the rest of the plan -----------------------------------------------------------------

    def narrative(self, narrative: Narrative) -> Narrative:
        known = {section.id for section in self.new.sections.section}
        for section in narrative.sections:
            if section not in known:
                message = (
                    f"section {quoted(section)} is not in {self.new.id}: its text is not carried"
                )
                self.note("dropped", f"narrative.sections[{section}]", message)
        sections = {k: v for k, v in narrative.sections.items() if k in known}
        return dataclasses.replace(narrative, sections=sections)

    def finance(self, finance: Finance) -> Finance:
        organisations = [
            dataclasses.replace(org, years=self.keep_years(org.years, "finance"))
            for org in finance.organisations
        ]
        return dataclasses.replace(finance, organisations=organisations)

    def partner_known(self, partner: str, where: str) -> bool:
        known = {org.id for org in self.new.geography.organisation_type}
        if partner not in known:
            message = f"partner type {quoted(partner)} is not in {self.new.id}: not carried"
            self.note("dropped", where, message)
        return partner in known

    def engagement(self, events: list[EngagementEvent]) -> list[EngagementEvent]:
        kept = []
        for index, event in enumerate(events):
            where = f"engagement[{index + 1}]"
            if not self.partner_known(event.partner, where):
                continue
            if not self.first_day <= event.date <= self.last_day:
                message = f"the event of {event.date} is outside the plan period: not carried"
                self.note("dropped", where, message)
                continue
            kept.append(event)
        return kept

    def sign_offs(self, sign_offs: list[SignOff]) -> list[SignOff]:
        kept = [
            SignOff(partner=s.partner, name=s.name, status="pending")
            for index, s in enumerate(sign_offs)
            if self.partner_known(s.partner, f"sign_offs[{index + 1}]")
        ]
        given = sum(1 for s in sign_offs if s.status != "pending")
        if given:
            message = (
                f"{_count(given, 'sign-off')} of the old plan set back to pending: "
                "partners sign the new draft"
            )
            self.note("review", "sign_offs", message)
        return kept

    def footprint(self, footprint: Footprint) -> Footprint:
        change = footprint.change_request
        if change is not None and not self.first_day <= change.date <= self.last_day:
            message = f"the change request of {change.date} is outside the plan period: not carried"
            self.note("dropped", "footprint.change_request", message)
            return dataclasses.replace(footprint, change_request=None)
        return footprint

    def maturity(self, maturity: Maturity) -> Maturity:
        levels = {level.id for level in self.new.maturity.level}
        assessment = {}
        for year, level in maturity.self_assessment.items():
            if level not in levels:
                message = f"maturity level {quoted(level)} is not in {self.new.id}: not carried"
                self.note("dropped", f"maturity.self_assessment[{year}]", message)
            elif year not in self.years:
                self.dropped_years.setdefault("maturity", set()).add(year)
            else:
                assessment[year] = level
        return dataclasses.replace(maturity, self_assessment=assessment)

    def years_notes(self, carried: Plan) -> None:
        for part in ("trajectories", "local_priorities", "finance", "workforce", "maturity"):
            years = self.dropped_years.get(part)
            if not years:
                continue
            message = f"{_years_text(years)} outside the new plan years ({_range(self.new)})"
            self.note("dropped", part, f"{message}: values for them are not carried")
        added = [y for y in self.new.plan_years if y not in set(self.old.plan_years)]
        for year in added:
            trajectories = sum(
                1
                for entry in carried.commitments
                for t in entry.trajectories
                if year not in t.values and year not in t.numerator
            )
            organisations = sum(1 for o in carried.finance.organisations if year not in o.years)
            groups = sum(1 for g in carried.workforce if year not in g.wte)
            wanted = [
                ("trajectories", _count(trajectories, "trajectory", "trajectories")),
                ("finance", _count(organisations, "organisation")),
                ("workforce", _count(groups, "staff group")),
            ]
            for (part, counted), n in zip(
                wanted, (trajectories, organisations, groups), strict=True
            ):
                if n:
                    message = f"give values for the new plan year {year}: {counted}"
                    self.note("add", part, message)

    def carry(self) -> CarriedPlan:
        plan, new = self.plan, self.new
        system = new.system_by_code.get(plan.system)
        if system is None:
            message = f"system {plan.system} is not in {new.id} {new.meta.version}: no draft"
            self.note("dropped", "system", message)
            return CarriedPlan(plan.system, "", None, tuple(self.notes))
        if system.code != plan.system:
            message = f"the system's code is now {system.code} (was {plan.system})"
            self.note("review", "system", message)
        narrative = self.narrative(plan.narrative)
        kept = [self.commitment(entry) for entry in plan.commitments]
        commitments = [entry for entry in kept if entry is not None]
        self.new_commitments({entry.commitment for entry in commitments})
        workforce = [
            dataclasses.replace(
                g,
                wte=self.keep_years(g.wte, "workforce"),
                pay_cost=None if g.pay_cost is None else self.keep_years(g.pay_cost, "workforce"),
            )
            for g in plan.workforce
        ]
        carried = dataclasses.replace(
            plan,
            pack=new.id,
            pack_version=new.meta.version,
            system=system.code,
            narrative=narrative,
            commitments=commitments,
            finance=self.finance(plan.finance),
            workforce=workforce,
            engagement=self.engagement(plan.engagement),
            sign_offs=self.sign_offs(plan.sign_offs),
            footprint=self.footprint(plan.footprint),
            maturity=self.maturity(plan.maturity),
            local_priorities=[self.local_priority(p) for p in plan.local_priorities],
        )
        self.years_notes(carried)
        return CarriedPlan(plan.system, system.code, carried, tuple(self.notes))


def carry_forward(
    plan: Plan, old: Pack, new: Pack, changes: Sequence[PackChange] | None = None
) -> CarriedPlan:
    """`plan`, written against `old`, as its first draft against `new`, with the notes of what
    was left out, what to add and what to review. `changes` is `diff_packs(old, new)`, given
    when many plans are carried at once."""
    return _Carrier(plan, old, new, diff_packs(old, new) if changes is None else changes).carry()
