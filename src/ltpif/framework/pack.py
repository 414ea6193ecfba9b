"""A loaded, validated framework pack and the lookups the rest of ltpif needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from ltpif.framework import schema as s
from ltpif.framework.periods import Calendar


@dataclass(frozen=True)
class AreaCommitments:
    file: str
    area: s.CommitmentsFile


@dataclass(frozen=True)
class Pack:
    meta: s.PackFile
    periods: s.PeriodsFile
    geography: s.GeographyFile
    sections: s.SectionsFile
    principles: s.PrinciplesFile
    finance: s.FinanceFile
    calendar: s.CalendarFile
    maturity: s.MaturityFile
    rules: s.RulesFile
    discretion: s.DiscretionFile
    areas: tuple[AreaCommitments, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.meta.id

    @cached_property
    def year_calendar(self) -> Calendar:
        return Calendar(self.periods.year_start_month)

    @property
    def plan_years(self) -> list[str]:
        """The baseline year then every plan year, in order."""
        years = self.periods.years
        period = self.meta.plan_period
        return years[years.index(period.baseline) : years.index(period.last) + 1]

    def due_year(self, target: s.Ambition | str | dt.date) -> str:
        """The plan year whose value must meet a target (an ambition, or when it is due: a year,
        or a date like 1 April 2024, whose year is the one that ends the day before)."""
        by = target.by if isinstance(target, s.Ambition) else target
        calendar = self.year_calendar
        year = calendar.year_of(calendar.end_of(by) - dt.timedelta(days=1))
        return year if year in self.plan_years else self.plan_years[-1]

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        """First and last day that a date in this pack may fall on."""
        period = self.meta.plan_period
        return (
            self.year_calendar.first_day(period.baseline),
            self.year_calendar.last_day(period.last),
        )

    @property
    def commitments(self) -> list[s.Commitment]:
        return [c for area in self.areas for c in area.area.commitment]

    @cached_property
    def commitment_by_id(self) -> dict[str, s.Commitment]:
        return {c.id: c for c in self.commitments}

    @cached_property
    def metric_by_id(self) -> dict[str, s.Metric]:
        return {m.id: m for c in self.commitments for m in c.metric}

    @cached_property
    def commitment_of_metric(self) -> dict[str, s.Commitment]:
        return {m.id: c for c in self.commitments for m in c.metric}

    @cached_property
    def ambitions(self) -> list[s.Ambition]:
        return [a for c in self.commitments for a in c.ambition]

    @cached_property
    def latitude_by_id(self) -> dict[str, s.Latitude]:
        return {latitude.id: latitude for latitude in self.discretion.latitude}

    def latitude_of(self, commitment: s.Commitment) -> s.Latitude | None:
        """The latitude a local commitment allows; None for a foundational one (or none given)."""
        if commitment.kind != "local" or commitment.latitude is None:
            return None
        return self.latitude_by_id.get(commitment.latitude)

    @cached_property
    def theme_by_id(self) -> dict[str, s.Theme]:
        return {theme.id: theme for theme in self.discretion.theme}

    @cached_property
    def milestone_by_id(self) -> dict[str, s.Milestone]:
        return {m.id: m for c in self.commitments for m in c.milestone}

    @cached_property
    def system_by_code(self) -> dict[str, s.System]:
        """Every code a system has had, current and historical, to the system."""
        by_code = {}
        for system in self.geography.system:
            by_code[system.code] = system
            for change in system.code_history:
                by_code.setdefault(change.code, system)
        return by_code

    @cached_property
    def region_by_code(self) -> dict[str, s.Region]:
        return {r.code: r for r in self.geography.region}

    @cached_property
    def deadline_by_id(self) -> dict[str, s.Deadline]:
        return {d.id: d for d in self.calendar.deadline}

    @cached_property
    def stage_deadlines(self) -> dict[s.Stage, s.Deadline]:
        """The deadline of each plan submission (the draft plan, the final plan)."""
        return {d.stage: d for d in self.calendar.deadline if d.stage is not None}
