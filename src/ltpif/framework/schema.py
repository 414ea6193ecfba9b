"""The typed schema of a framework pack: one model per TOML file.

Every entry that states a fact of the framework carries a `source`: either a seed document
and a verbatim quote of the passage it rests on, or an official publication listed in the
pack. Unknown keys are errors, so a misspelt key never silently drops a rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Annotated, Literal

from ltpif.framework import numbers
from ltpif.framework.typed import MinItems, Pattern, Range, record

Id = Annotated[str, Pattern(r"[a-z0-9]+(-[a-z0-9]+)*", "a kebab-case id like 'adult-crisis-teams'")]
FinancialYear = Annotated[str, Pattern(r"\d{4}/\d{2}", "a financial year like '2019/20'")]
# `by` is a financial year ("2020/21", meaning its end) or a calendar date.
ByWhen = FinancialYear | dt.date
# The submissions of the planning round: the draft plan, then the final plan.
Stage = Literal["draft", "final", "operational"]
#: the submissions of the strategy delivery plan (a rule's stages unless it names its own)
STAGES: tuple[Stage, ...] = ("draft", "final")
#: the operational plan's submission: the rules of its own that judge its monthly phasing
OPERATIONAL: Stage = "operational"
ALL_STAGES: tuple[Stage, ...] = (*STAGES, OPERATIONAL)


@record
class Strict:
    pass


@record
class Source(Strict):
    """Where a fact comes from: a seed and a verbatim quote, or a listed publication."""

    seed: str | None = None
    quote: str | None = None
    publication: Id | None = None
    note: str | None = None

    def __post_validate__(self) -> list[str]:
        if self.seed and not self.quote:
            return ["a seed source needs a verbatim `quote`"]
        if self.publication is None and not self.seed:
            return ["a source needs `seed` and `quote`, or `publication`"]
        return []


@record
class Cited(Strict):
    source: Source


# --- pack.toml -------------------------------------------------------------------------------


@record
class Seed(Strict):
    file: str
    title: str
    publisher: str
    sha256: Annotated[str, Pattern(r"[0-9a-f]{64}", "a SHA-256 hex digest")]


@record
class Publication(Strict):
    id: Id
    title: str
    publisher: str
    file: str | None = None
    url: str | None = None


@record
class PlanPeriod(Strict):
    baseline: FinancialYear
    first: FinancialYear
    last: FinancialYear
    source: Source


@record
class PackFile(Strict):
    id: Id
    title: str
    version: str
    description: str
    plan_period: PlanPeriod
    seed: Annotated[list[Seed], MinItems(1)]
    publication: list[Publication] = field(default_factory=list)


# --- periods.toml ----------------------------------------------------------------------------


@record
class PeriodsFile(Strict):
    year_start_month: Annotated[int, Range(ge=1, le=12)]
    years: Annotated[list[FinancialYear], MinItems(2)]
    actuals_cadences: list[Literal["year", "quarter", "month"]]
    source: Source


# --- geography.toml --------------------------------------------------------------------------


@record
class Level(Cited):
    id: Id
    name: str
    parent: Id | None = None


@record
class OrganisationType(Cited):
    id: Id
    name: str
    level: Id
    description: str = ""


@record
class Region(Cited):
    code: Annotated[str, Pattern(r"E40\d{6}", "an ONS region code like E40000003")]
    ods: str
    name: str


@record
class CodeChange(Strict):
    code: Annotated[str, Pattern(r"E54\d{6}", "an ONS STP code like E54000007")]
    ods: str | None = None
    name: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@record
class Population(Strict):
    registered: Annotated[float, Range(gt=0)]
    need_weighted: Annotated[float, Range(gt=0)]
    basis: FinancialYear
    source: Source


@record
class System(Cited):
    code: Annotated[str, Pattern(r"E54\d{6}", "an ONS STP code like E54000007")]
    ods: str
    name: str
    region: str
    population: Population
    code_history: list[CodeChange] = field(default_factory=list)


@record
class GeographyFile(Strict):
    level: list[Level]
    organisation_type: list[OrganisationType]
    region: list[Region]
    system: list[System]


# --- sections.toml, principles.toml ----------------------------------------------------------


@record
class Section(Cited):
    id: Id
    title: str
    guidance: str


@record
class SectionsFile(Strict):
    section: list[Section]


@record
class Principle(Cited):
    id: Id
    number: Annotated[int, Range(ge=1)]
    name: str
    description: str
    evidence: Annotated[list[Id], MinItems(1)]  # ids of the rules that test it


@record
class PrinciplesFile(Strict):
    principle: list[Principle]


# --- commitments-*.toml ----------------------------------------------------------------------

Unit = numbers.Unit  # their ranges (a count is never negative…) are the number parser's
Polarity = Literal["higher_is_better", "lower_is_better", "neutral"]
Rollup = Literal["sum", "ratio_of_sums", "coverage"]


@record
class Metric(Cited):
    id: Id
    name: str
    unit: Unit
    polarity: Polarity
    rollup: Rollup
    numerator: str | None = None
    denominator: str | None = None
    description: str = ""

    def __post_validate__(self) -> list[str]:
        if self.rollup == "ratio_of_sums" and not (self.numerator and self.denominator):
            return ["a ratio_of_sums metric needs a `numerator` and a `denominator`"]
        return []


# The pack format's spelling of the bases; what each means and is called: framework.fairshare.BASES.
FairShareBasis = Literal["need_weighted_population", "registered_population", "baseline"]


@record
class Ambition(Cited):
    id: Id
    metric: Id
    value: float
    comparison: Literal["at_least", "at_most", "up_to"]
    by: ByWhen
    scope: Literal["national_total", "every_system"]
    fair_share_basis: FairShareBasis | None = None
    # the metric whose baseline-year value weighs a `baseline` share (a ratio's denominator);
    # needed when the ambition's own metric starts at zero, as savings and avoided visits do
    fair_share_metric: Id | None = None
    description: str


@record
class Milestone(Cited):
    id: Id
    description: str
    by: ByWhen
    scope: Literal["national", "every_system"] = "every_system"


@record
class Commitment(Cited):
    id: Id
    title: str
    kind: Literal["foundational", "local"]
    clinical_implications: bool
    # a local commitment's latitude (discretion.toml): how far a plan may depart from it
    latitude: Id | None = None
    sections: Annotated[list[Id], MinItems(1)]  # plan sections it is written in
    summary: str
    metric: list[Metric] = field(default_factory=list)
    ambition: list[Ambition] = field(default_factory=list)
    milestone: list[Milestone] = field(default_factory=list)


@record
class CommitmentsFile(Strict):
    area: Id
    title: str
    commitment: Annotated[list[Commitment], MinItems(1)]


# --- discretion.toml -------------------------------------------------------------------------


@record
class Latitude(Cited):
    """How far a plan may depart from a local commitment: reach its national expectation up to
    `phase_years` later than the national dates, and (`may_omit`) leave it out of the plan
    period; either with a written justification."""

    id: Id
    name: str
    phase_years: Annotated[int, Range(ge=0, le=10)]
    may_omit: bool
    description: str


@record
class Theme(Cited):
    """A theme a system files its own local priorities under (the controlled list)."""

    id: Id
    name: str


@record
class DiscretionFile(Strict):
    latitude: list[Latitude]
    theme: Annotated[list[Theme], MinItems(1)]


# --- finance.toml ----------------------------------------------------------------------------


@record
class FinancialTest(Cited):
    id: Id
    number: Annotated[int, Range(ge=1, le=5)]
    name: str
    description: str
    parameters: dict[str, float] = field(default_factory=dict)
    rules: list[Id] = field(default_factory=list)


# who may apply for a targeted funding line (a system applies for itself or for the alliance
# or network it hosts)
Applicant = Literal["system", "cancer-alliance", "local-maternity-system"]


@record
class FundingStream(Cited):
    id: Id
    name: str
    kind: Literal["fair_share", "targeted", "ring_fenced", "growth"]
    amount_gbp_m: float | None = None
    by: ByWhen | None = None
    recipient: str = ""
    commitment: Id | None = None
    # a targeted line systems apply for: who may apply; a line with no `applicants` is not
    # open to applications in ltpif (it is paid to national bodies or by allocation)
    applicants: list[Applicant] = field(default_factory=list)
    # the national envelope by year, where the seeds give it (£ million)
    amount_by_year: dict[FinancialYear, Annotated[float, Range(ge=0)]] = field(default_factory=dict)
    # a transformation budget: devolved to a system whose freedoms include devolved budgets,
    # as one block (its fair share of the envelope) that it distributes itself
    devolvable: bool = False


@record
class ControlTotal(Cited):
    """A system's control total for a year: the least surplus its plan may show (£ million; a
    negative number is the most deficit allowed)."""

    system: str
    year: FinancialYear
    surplus: float


@record
class FinanceFile(Strict):
    financial_test: list[FinancialTest]
    funding_stream: list[FundingStream]
    # the control totals the pack sets, by system and year; none when the seeds give none
    control_total: list[ControlTotal] = field(default_factory=list)


# --- calendar.toml ---------------------------------------------------------------------------


@record
class Deadline(Cited):
    id: Id
    name: str
    date: dt.date
    who: str
    approximate: bool = False  # the seed gives a month or season, not a day
    stage: Stage | None = None  # the deadline of this plan submission (one deadline a stage)


@record
class CalendarFile(Strict):
    deadline: list[Deadline]


# --- maturity.toml ---------------------------------------------------------------------------


@record
class MaturityLevel(Cited):
    id: Id
    rank: Annotated[int, Range(ge=1)]
    name: str


@record
class Characteristic(Cited):
    id: Id
    text: str
    # what a system shows to evidence it (the plan's evidence for each year is judged on this)
    evidence: Annotated[str, Pattern(r"[\s\S]*\S[\s\S]*", "text that is not blank")]


@record
class Freedom(Cited):
    id: Id
    text: str
    earned_from: Id
    # fewer data requests: rules (rules.toml ids) a system at this level need not answer
    waives_rules: list[Id] = field(default_factory=list)
    # a growing assurance role: plan sections (review areas) the region no longer judges
    waives_review_areas: list[Id] = field(default_factory=list)
    # devolved transformation budgets: the `devolvable` targeted lines come as one block
    devolves_budgets: bool = False


@record
class LandscapeChangeType(Cited):
    """A kind of change to the provider and commissioner landscape a system proposes."""

    id: Id
    name: str
    # a merger: its organisations are replaced by one successor from the effective date
    merges: bool = False


@record
class LandscapeCriterion(Cited):
    """One question of the region's checklist for a proposed landscape change."""

    id: Id
    text: str
    # must be met for the proposal to be assessed on the fast track
    fast_track: bool = False


@record
class LandscapeTimetable(Cited):
    """How long the region takes to decide a proposal, from the day it was submitted."""

    id: Literal["standard", "fast-track"]
    name: str
    decide_within_days: Annotated[int, Range(ge=1)]


@record
class MaturityFile(Strict):
    mature_level: Id
    mature_by: dt.date
    mature_source: Source
    level: list[MaturityLevel]
    characteristic: list[Characteristic]
    freedom: list[Freedom]
    # changes to the provider and commissioner landscape and their fast track (issue 16 item 4)
    landscape_change: list[LandscapeChangeType] = field(default_factory=list)
    landscape_criterion: list[LandscapeCriterion] = field(default_factory=list)
    landscape_timetable: list[LandscapeTimetable] = field(default_factory=list)


# --- rules.toml ------------------------------------------------------------------------------

Severity = Literal["error", "query", "info"]


@record
class Rule(Cited):
    id: Id
    check: Id
    severity: Severity
    title: str
    params: dict[str, str | int | float | bool | list[str]] = field(default_factory=dict)
    principles: list[Id] = field(default_factory=list)
    # the submissions at which a failing rule has its severity; at the others it is information
    stages: Annotated[list[Stage], MinItems(1)] = field(default_factory=lambda: list(STAGES))


@record
class RulesFile(Strict):
    rule: list[Rule]


#: file name pattern → model; commitments are split by area, so they match a prefix.
FILE_MODELS: dict[str, type[Strict]] = {
    "pack.toml": PackFile,
    "periods.toml": PeriodsFile,
    "geography.toml": GeographyFile,
    "sections.toml": SectionsFile,
    "principles.toml": PrinciplesFile,
    "finance.toml": FinanceFile,
    "calendar.toml": CalendarFile,
    "maturity.toml": MaturityFile,
    "rules.toml": RulesFile,
    "discretion.toml": DiscretionFile,
}
COMMITMENTS_PREFIX = "commitments-"
