"""A readable Markdown reference of a pack: every entry beside the passage it rests on."""

from __future__ import annotations

from collections.abc import Iterable

from ltpif.framework import schema as s
from ltpif.framework.pack import Pack

UNIT_LABELS = {
    "count": "number",
    "wte": "whole-time equivalents",
    "proportion": "proportion (0–1)",
    "gbp_m": "£ million",
    "days": "days",
    "hours": "hours",
    "weeks": "weeks",
    "flag": "yes/no",
}


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(headers: list[str], rows: Iterable[Iterable[object]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]


class _Writer:
    def __init__(self, pack: Pack):
        self.pack = pack
        self.seed_titles = {seed.file: seed.title for seed in pack.meta.seed}
        self.publications = {p.id: p.title for p in pack.meta.publication}
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def cite(self, source: s.Source) -> None:
        if source.quote:
            title = self.seed_titles.get(source.seed or "", source.seed)
            self.add(f"> “{_cell(source.quote)}” — *{title}*")
        if source.publication:
            self.add(f"> Source: {self.publications.get(source.publication, source.publication)}")
        if source.note:
            self.add(">", f"> Note: {_cell(source.note)}")
        self.add("")

    def header(self) -> None:
        meta = self.pack.meta
        period = meta.plan_period
        self.add(f"# {meta.title} — pack `{meta.id}` version {meta.version}", "")
        self.add(meta.description.strip(), "")
        self.add(f"Plan period {period.first} to {period.last}, baseline {period.baseline}.", "")
        self.cite(period.source)
        self.add(
            "Seeds:", *[f"- `{seed.file}`: {seed.title} ({seed.publisher})" for seed in meta.seed]
        )
        self.add("", "Publications:")
        self.add(*[f"- `{p.id}`: {p.title} ({p.publisher})" for p in meta.publication], "")

    def calendar(self) -> None:
        self.add("## Planning calendar", "")
        for deadline in sorted(self.pack.calendar.deadline, key=lambda d: d.date):
            when = f"{deadline.date:%d %B %Y}" + (
                " (approximately)" if deadline.approximate else ""
            )
            self.add(f"### {when}: {deadline.name}", "", f"Who: {deadline.who}", "")
            self.cite(deadline.source)

    def sections_and_principles(self) -> None:
        self.add("## Required plan sections", "")
        for section in self.pack.sections.section:
            self.add(f"### {section.title} (`{section.id}`)", "", section.guidance, "")
            self.cite(section.source)
        self.add("## The ten principles", "")
        for principle in sorted(self.pack.principles.principle, key=lambda p: p.number):
            self.add(f"### {principle.number}. {principle.name} (`{principle.id}`)", "")
            self.add(
                principle.description,
                "",
                "Tested by: " + ", ".join(f"`{rule}`" for rule in principle.evidence),
                "",
            )
            self.cite(principle.source)

    def commitments(self) -> None:
        self.add("## Commitments", "")
        for area in self.pack.areas:
            self.add(f"### {area.area.title}", "")
            for commitment in area.area.commitment:
                self.commitment(commitment)

    def commitment(self, commitment: s.Commitment) -> None:
        clinical = "clinical implications" if commitment.clinical_implications else "non-clinical"
        self.add(f"#### {commitment.title} (`{commitment.id}`)", "")
        self.add(
            f"*{commitment.kind}*, {clinical}; sections: {', '.join(commitment.sections)}.", ""
        )
        self.add(commitment.summary, "")
        self.cite(commitment.source)
        for metric in commitment.metric:
            ratio = f" = {metric.numerator} / {metric.denominator}" if metric.numerator else ""
            self.add(
                f"- Metric `{metric.id}`: {metric.name}{ratio}; {UNIT_LABELS[metric.unit]}, "
                f"{metric.polarity.replace('_', ' ')}, rolls up by {metric.rollup}.",
                "",
            )
            self.cite(metric.source)
        for ambition in commitment.ambition:
            scope = "national total" if ambition.scope == "national_total" else "every system"
            comparison = ambition.comparison.replace("_", " ")
            self.add(
                f"- Ambition `{ambition.id}` ({scope}): {ambition.description} — "
                f"`{ambition.metric}` {comparison} {ambition.value:g} by {ambition.by}.",
                "",
            )
            self.cite(ambition.source)
        for milestone in commitment.milestone:
            self.add(f"- Milestone `{milestone.id}` by {milestone.by}: {milestone.description}", "")
            self.cite(milestone.source)

    def finance(self) -> None:
        self.add("## The five financial tests", "")
        for test in sorted(self.pack.finance.financial_test, key=lambda t: t.number):
            params = ", ".join(f"{k} = {v:g}" for k, v in test.parameters.items())
            self.add(f"### {test.number}. {test.name}", "", test.description, "")
            if params:
                self.add(f"Parameters: {params}", "")
            self.cite(test.source)
        self.add("## Funding streams", "")
        for stream in self.pack.finance.funding_stream:
            amount = f"£{stream.amount_gbp_m:g}m" if stream.amount_gbp_m is not None else ""
            by = f" by {stream.by}" if stream.by else ""
            self.add(f"### {stream.name} ({stream.kind.replace('_', ' ')}) {amount}{by}", "")
            if stream.applicants:
                devolvable = (
                    " Devolvable to a mature system as a block." if stream.devolvable else ""
                )
                self.add(f"Who may apply: {', '.join(stream.applicants)}.{devolvable}", "")
            if stream.amount_by_year:
                years = ", ".join(f"{y}: £{v:g}m" for y, v in stream.amount_by_year.items())
                self.add(f"National envelope by year: {years}.", "")
            self.cite(stream.source)

    def maturity(self) -> None:
        maturity = self.pack.maturity
        self.add("## ICS maturity", "")
        levels = sorted(maturity.level, key=lambda level: level.rank)
        self.add("Levels: " + " → ".join(level.name for level in levels) + ".", "")
        self.add(f"Every system to reach `{maturity.mature_level}` by {maturity.mature_by}.", "")
        self.cite(maturity.mature_source)
        self.add("### Characteristics of a mature ICS", "")
        for item in maturity.characteristic:
            self.add(f"- {item.text} Evidence: {item.evidence}", "")
            self.cite(item.source)
        self.add("### Freedoms and flexibilities", "")
        for freedom in maturity.freedom:
            waived = [
                *(f"rule `{rule}`" for rule in freedom.waives_rules),
                *(f"review area `{area}`" for area in freedom.waives_review_areas),
            ]
            waives = f"; waives {', '.join(waived)}" if waived else ""
            self.add(f"- {freedom.text} (from `{freedom.earned_from}`{waives})", "")
            self.cite(freedom.source)
        if maturity.landscape_change:
            self.add("### Landscape changes and the fast track", "")
            for kind in maturity.landscape_change:
                self.add(
                    f"- {kind.name}" + (" (replaces its organisations)" if kind.merges else ""), ""
                )
                self.cite(kind.source)
            for criterion in maturity.landscape_criterion:
                needed = "needed for the fast track" if criterion.fast_track else "weighed only"
                self.add(f"- Checklist: {criterion.text} ({needed})", "")
                self.cite(criterion.source)
            for table in maturity.landscape_timetable:
                self.add(f"- {table.name}: decided within {table.decide_within_days} days", "")
                self.cite(table.source)

    def rules(self) -> None:
        self.add("## Assurance rules", "")
        for rule in self.pack.rules.rule:
            params = ", ".join(f"{k} = {v}" for k, v in rule.params.items()) or "none"
            self.add(f"### `{rule.id}`: {rule.title}", "")
            self.add(
                f"Check `{rule.check}`, severity **{rule.severity}**, parameters: {params}.", ""
            )
            self.cite(rule.source)

    def geography(self) -> None:
        geo = self.pack.geography
        regions = self.pack.region_by_code
        self.add("## Geography", "", "Levels: " + ", ".join(level.name for level in geo.level), "")
        self.add("Organisation types: " + ", ".join(o.name for o in geo.organisation_type), "")
        self.add(*_table(["code", "ODS", "region"], [(r.code, r.ods, r.name) for r in geo.region]))
        rows = [
            (
                system.code,
                system.ods,
                system.name,
                regions[system.region].name,
                f"{system.population.registered:,.0f}",
                f"{system.population.need_weighted:,.0f}",
                ", ".join(f"{c.code} from {c.valid_from}" for c in system.code_history),
            )
            for system in geo.system
        ]
        headers = ["code", "ODS", "system", "region", "registered", "need-weighted", "later codes"]
        self.add(*_table(headers, rows))


def render_markdown(pack: Pack) -> str:
    writer = _Writer(pack)
    writer.header()
    writer.calendar()
    writer.sections_and_principles()
    writer.commitments()
    writer.finance()
    writer.maturity()
    writer.rules()
    writer.geography()
    return "\n".join(writer.lines).rstrip() + "\n"
