"""Checks that span files: duplicate ids, dangling references, dates outside the plan period."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from ltpif.framework import periods
from ltpif.framework.pack import Pack
from ltpif.framework.problems import quoted
from ltpif.framework.toml_lines import Path as KeyPath

Report = Callable[[str, KeyPath, str], None]
# (file, path to the entry, the entry's id or code)
Entry = tuple[str, KeyPath, str]

#: rule parameters that name other entries of the pack, and the kind of entry they name
RULE_PARAM_REFERENCES = {
    "metric": "metric",
    "commitments": "commitment",
    "partner": "organisation type",
    "partners": "organisation type",
    "deadline": "deadline",
    "level": "maturity level",
}


def _indexed(file: str, name: str, items: Iterable, key: str = "id") -> Iterator[Entry]:
    for index, item in enumerate(items):
        yield file, (name, index), getattr(item, key)


def _entries(pack: Pack) -> dict[str, list[Entry]]:
    """Every identified entry of the pack, by kind."""
    geo = pack.geography
    kinds: dict[str, list[Entry]] = {
        "level": list(_indexed("geography.toml", "level", geo.level)),
        "organisation type": list(
            _indexed("geography.toml", "organisation_type", geo.organisation_type)
        ),
        "region": list(_indexed("geography.toml", "region", geo.region, "code")),
        "system": list(_indexed("geography.toml", "system", geo.system, "code")),
        "section": list(_indexed("sections.toml", "section", pack.sections.section)),
        "principle": list(_indexed("principles.toml", "principle", pack.principles.principle)),
        "rule": list(_indexed("rules.toml", "rule", pack.rules.rule)),
        "financial test": list(
            _indexed("finance.toml", "financial_test", pack.finance.financial_test)
        ),
        "funding stream": list(
            _indexed("finance.toml", "funding_stream", pack.finance.funding_stream)
        ),
        "deadline": list(_indexed("calendar.toml", "deadline", pack.calendar.deadline)),
        "maturity level": list(_indexed("maturity.toml", "level", pack.maturity.level)),
        "characteristic": list(
            _indexed("maturity.toml", "characteristic", pack.maturity.characteristic)
        ),
        "freedom": list(_indexed("maturity.toml", "freedom", pack.maturity.freedom)),
        "latitude": list(_indexed("discretion.toml", "latitude", pack.discretion.latitude)),
        "theme": list(_indexed("discretion.toml", "theme", pack.discretion.theme)),
        "commitment": [],
        "metric": [],
        "ambition": [],
        "milestone": [],
    }
    for area in pack.areas:
        for index, commitment in enumerate(area.area.commitment):
            at = ("commitment", index)
            kinds["commitment"].append((area.file, at, commitment.id))
            for kind in ("metric", "ambition", "milestone"):
                for sub, item in enumerate(getattr(commitment, kind)):
                    kinds[kind].append((area.file, (*at, kind, sub), item.id))
    return kinds


def _duplicates(kinds: dict[str, list[Entry]], report: Report) -> None:
    for kind, entries in kinds.items():
        counts = Counter(ident for _, _, ident in entries)
        for file, path, ident in entries:
            if counts[ident] > 1:
                report(file, path, f"duplicate {kind} {quoted(ident)}")


References = Iterator[tuple[Entry, str]]


def _geography_references(pack: Pack) -> References:
    geo = pack.geography
    for index, level in enumerate(geo.level):
        if level.parent:
            yield ("geography.toml", ("level", index, "parent"), level.parent), "level"
    for index, org in enumerate(geo.organisation_type):
        yield ("geography.toml", ("organisation_type", index, "level"), org.level), "level"
    for index, system in enumerate(geo.system):
        yield ("geography.toml", ("system", index, "region"), system.region), "region"
    for index, total in enumerate(pack.finance.control_total):
        yield ("finance.toml", ("control_total", index, "system"), total.system), "system"


def _assurance_references(pack: Pack) -> References:
    for index, principle in enumerate(pack.principles.principle):
        for n, evidence in enumerate(principle.evidence):
            yield ("principles.toml", ("principle", index, "evidence", n), evidence), "rule"
    for index, rule in enumerate(pack.rules.rule):
        for n, cited in enumerate(rule.principles):
            yield ("rules.toml", ("rule", index, "principles", n), cited), "principle"
        for param, kind in RULE_PARAM_REFERENCES.items():
            value = rule.params.get(param)
            for ident in value if isinstance(value, list) else [value] if value else []:
                yield ("rules.toml", ("rule", index, "params", param), str(ident)), kind


def _finance_and_maturity_references(pack: Pack) -> References:
    for index, test in enumerate(pack.finance.financial_test):
        for n, rule in enumerate(test.rules):
            yield ("finance.toml", ("financial_test", index, "rules", n), rule), "rule"
    for index, stream in enumerate(pack.finance.funding_stream):
        if stream.commitment:
            at = ("funding_stream", index, "commitment")
            yield ("finance.toml", at, stream.commitment), "commitment"
    maturity = pack.maturity
    yield ("maturity.toml", ("mature_level",), maturity.mature_level), "maturity level"
    for index, freedom in enumerate(maturity.freedom):
        at = ("freedom", index, "earned_from")
        yield ("maturity.toml", at, freedom.earned_from), "maturity level"
        for n, rule in enumerate(freedom.waives_rules):
            yield ("maturity.toml", ("freedom", index, "waives_rules", n), rule), "rule"
        for n, area in enumerate(freedom.waives_review_areas):
            where = ("freedom", index, "waives_review_areas", n)
            yield ("maturity.toml", where, area), "section"


def _commitment_references(pack: Pack) -> References:
    for area in pack.areas:
        for index, commitment in enumerate(area.area.commitment):
            if commitment.latitude is not None:
                where: KeyPath = ("commitment", index, "latitude")
                yield (area.file, where, commitment.latitude), "latitude"
            for n, section in enumerate(commitment.sections):
                yield (area.file, ("commitment", index, "sections", n), section), "section"
            for n, ambition in enumerate(commitment.ambition):
                at = ("commitment", index, "ambition", n, "metric")
                yield (area.file, at, ambition.metric), "metric"
                if ambition.fair_share_metric:
                    at = ("commitment", index, "ambition", n, "fair_share_metric")
                    yield (area.file, at, ambition.fair_share_metric), "metric"


def _references(pack: Pack) -> References:
    """(where the reference is, the kind it should name) for every reference in the pack."""
    yield from _geography_references(pack)
    yield from _assurance_references(pack)
    yield from _finance_and_maturity_references(pack)
    yield from _commitment_references(pack)


def _dangling(pack: Pack, kinds: dict[str, list[Entry]], report: Report) -> None:
    known = {kind: {ident for _, _, ident in entries} for kind, entries in kinds.items()}
    for (file, path, ident), kind in _references(pack):
        if ident not in known[kind]:
            report(file, path, f"refers to unknown {kind} {quoted(ident)}")


def _dates(pack: Pack) -> Iterator[tuple[str, KeyPath, str | dt.date]]:
    period = pack.meta.plan_period
    for key in ("baseline", "first", "last"):
        yield "pack.toml", ("plan_period", key), getattr(period, key)
    for area in pack.areas:
        for index, commitment in enumerate(area.area.commitment):
            for kind in ("ambition", "milestone"):
                for n, item in enumerate(getattr(commitment, kind)):
                    yield area.file, ("commitment", index, kind, n, "by"), item.by
    for index, deadline in enumerate(pack.calendar.deadline):
        yield "calendar.toml", ("deadline", index, "date"), deadline.date
    for index, stream in enumerate(pack.finance.funding_stream):
        if stream.by is not None:
            yield "finance.toml", ("funding_stream", index, "by"), stream.by
        for year in stream.amount_by_year:
            yield "finance.toml", ("funding_stream", index, "amount_by_year", year), year
    for index, total in enumerate(pack.finance.control_total):
        yield "finance.toml", ("control_total", index, "year"), total.year
    yield "maturity.toml", ("mature_by",), pack.maturity.mature_by
    for index, rule in enumerate(pack.rules.rule):
        date = rule.params.get("date")
        if isinstance(date, str):
            yield "rules.toml", ("rule", index, "params", "date"), date


def _in_period(pack: Pack, report: Report) -> None:
    years = pack.periods.years
    first, last = pack.window
    for file, path, when in _dates(pack):
        if isinstance(when, str) and "/" in when:
            try:
                periods.year_start(when)
            except ValueError as exc:
                report(file, path, str(exc))
                continue
            if when not in years:
                report(file, path, f"{when} is not a year of the pack ({years[0]}–{years[-1]})")
            continue
        try:
            day = when if isinstance(when, dt.date) else dt.date.fromisoformat(when)
        except ValueError:
            report(file, path, f"not a date: {quoted(when)}")
            continue
        if not first <= day <= last:
            report(file, path, f"{day} is outside the plan period ({first} to {last})")


def _coverage_has_standard(pack: Pack, report: Report) -> None:
    standards = {a.metric for a in pack.ambitions if a.scope == "every_system"}
    for area in pack.areas:
        for index, commitment in enumerate(area.area.commitment):
            for n, metric in enumerate(commitment.metric):
                if metric.rollup == "coverage" and metric.id not in standards:
                    report(
                        area.file,
                        ("commitment", index, "metric", n, "rollup"),
                        "a coverage metric needs an every_system ambition to count systems against",
                    )


def _one_deadline_a_stage(pack: Pack, report: Report) -> None:
    counts = Counter(d.stage for d in pack.calendar.deadline if d.stage is not None)
    for index, deadline in enumerate(pack.calendar.deadline):
        if deadline.stage is not None and counts[deadline.stage] > 1:
            report(
                "calendar.toml",
                ("deadline", index, "stage"),
                f"another deadline is also for the {deadline.stage} plan: a stage has one deadline",
            )


def _stages_listed_once(pack: Pack, report: Report) -> None:
    for index, rule in enumerate(pack.rules.rule):
        if len(set(rule.stages)) != len(rule.stages):
            report("rules.toml", ("rule", index, "stages"), "a stage is listed twice")


def _foundational_without_latitude(pack: Pack, report: Report) -> None:
    for area in pack.areas:
        for index, commitment in enumerate(area.area.commitment):
            if commitment.kind == "foundational" and commitment.latitude is not None:
                report(
                    area.file,
                    ("commitment", index, "latitude"),
                    "a foundational commitment keeps its national standard and date: no latitude",
                )


def cross_check(pack: Pack, report: Report) -> None:
    kinds = _entries(pack)
    _duplicates(kinds, report)
    _one_deadline_a_stage(pack, report)
    _stages_listed_once(pack, report)
    _dangling(pack, kinds, report)
    _in_period(pack, report)
    _coverage_has_standard(pack, report)
    _foundational_without_latitude(pack, report)
