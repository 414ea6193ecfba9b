"""The parts of a plan edited one form each on the web: milestones (of a commitment), finance
by organisation, workforce, digital, estates, the footprint and landscape changes.

Each part's form is drawn from the plan document's own records (`plans.document`): the fields,
their kinds (text, number, date, year, choice, values by year) and which are required come
from the record's type hints, so a field added to a record appears in its form. The form's
field names are the plan file's key paths within the part (`workforce[0].wte.2019/20`,
`organisations[1].years.2020/21.income`, `change_request.date`), so a problem the plan's
validation (`plans.validate`, the one home of the rules) reports is shown at its field.

Pure: no Django. The web reads the posted form (`web.parts.forms`) and saves through one
action (`web.parts.actions`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from ltpif.framework.pack import Pack
from ltpif.framework.schema import FinancialYear
from ltpif.plans import document as d

Kind = Literal[
    "text", "long", "number", "years", "grid", "record", "year", "choice", "date", "lines"
]


@dataclass(frozen=True)
class Field:
    name: str  # the record's key
    label: str
    kind: Kind
    required: bool
    unit: str | None = None  # numbers: the number parser's unit
    choices: tuple[tuple[str, str], ...] = ()  # choice: (value, words)
    columns: tuple[Field, ...] = ()  # grid: each year's record's fields
    hint: str = ""


@dataclass(frozen=True)
class Part:
    id: str  # its address: /plans/<system>/parts/<id>/ (milestones: under the commitment)
    title: str  # in words, for the page title and the task list
    record: type  # the record of one row (or of the whole part when `many` is False)
    key: str  # the list's name in the field names ("workforce", "organisations", ...)
    prefix: tuple[str | int, ...]  # where the part sits in the plan, before `key`
    many: bool = True
    row_title: str = "entry"  # "staff group": "Add a staff group"
    intro: str = ""
    tab: str = "infrastructure"


# plain words for each field of the records (the key, humanised, when not here)
LABELS = {
    "date": "Date",
    "description": "Description",
    "milestone": "The national milestone it plans for",
    "evidence": "Evidence it was reached",
    "code": "Organisation code",
    "name": "Organisation name",
    "kind": "Kind of organisation",
    "years": "Finances by year (£ million)",
    "income": "Income",
    "expenditure": "Expenditure",
    "cash_releasing_efficiency": "Cash-releasing efficiency",
    "admin_costs": "Administration costs",
    "mental_health_spend": "Mental health spend",
    "primary_community_spend": "Primary and community spend",
    "capital": "Capital (£ million)",
    "staff_group": "Staff group",
    "wte": "Whole-time equivalents by year",
    "pay_cost": "Pay bill by year (£ million)",
    "item": "Digital item",
    "by": "Delivered by (year)",
    "scheme": "Scheme",
    "ccgs": "Clinical commissioning groups",
    "local_authorities": "Local authorities",
    "change_request": "A change to the footprint asked for",
    "organisations": "Organisations concerned",
    "ClinicalLead.name": "Full name",
    "ClinicalLead.role": "Role",
}
HINTS = {
    "ccgs": "One a line.",
    "local_authorities": "One a line.",
    "organisations": "One a line.",
    "evidence": "A document, a decision or a link; due once the milestone's date has passed.",
    "code": "Its ODS code, like RXF.",
    "role": "For example, medical director of the lead trust.",
}
CHOICE_WORDS = {
    "commissioner": "Commissioner",
    "provider": "Provider",
    "merger": "A merger",
    "new-structure": "A new structure",
    "shared-decision-making": "Shared decision-making",
    "other": "Another change",
}
LONG = {"description", "evidence"}
UNITS = {"workforce": "wte"}  # a part's numbers in their unit; money elsewhere

PARTS: dict[str, Part] = {
    part.id: part
    for part in (
        Part(
            "milestones",
            "Milestones",
            d.PlanMilestone,
            "milestones",
            (),
            row_title="milestone",
            intro="Each milestone with its date: a national milestone of the commitment, or one "
            "the system set itself, and the evidence it was reached.",
            tab="commitments",
        ),
        Part(
            "finance",
            "Finance by organisation",
            d.OrganisationFinance,
            "organisations",
            ("finance",),
            row_title="organisation",
            intro="Each commissioner's and provider's income and expenditure, and what they "
            "spend on the framework's priorities, in £ million. A year left blank is left out.",
        ),
        Part(
            "workforce",
            "Workforce",
            d.StaffGroup,
            "workforce",
            (),
            row_title="staff group",
            intro="Each staff group's whole-time equivalents, year by year.",
        ),
        Part(
            "digital",
            "Digital",
            d.DigitalItem,
            "digital",
            (),
            row_title="digital item",
            intro="What the system will deliver digitally, and by when.",
        ),
        Part(
            "estates",
            "Estates",
            d.EstatesScheme,
            "estates",
            (),
            row_title="scheme",
            intro="The estates schemes the plan depends on, their capital and when.",
        ),
        Part(
            "clinical-lead",
            "Senior clinical lead",
            d.ClinicalLead,
            "clinical_lead",
            ("clinical_lead",),
            many=False,
            intro="The senior clinical lead for the plan as a whole (the framework asks each plan "
            "to name one), and their role.",
            tab="overview",
        ),
        Part(
            "footprint",
            "Footprint",
            d.Footprint,
            "footprint",
            ("footprint",),
            many=False,
            intro="The commissioners and local authorities the plan covers, and any change to "
            "the footprint the system asks for.",
            tab="engagement",
        ),
        Part(
            "landscape",
            "Landscape changes",
            d.LandscapeChange,
            "landscape_changes",
            (),
            row_title="change",
            intro="Mergers, new structures and shared decision-making the plan expects.",
            tab="engagement",
        ),
    )
}


def _unwrap(hint: Any) -> tuple[Any, bool]:
    """The type under Annotated and Optional, and whether None is allowed."""
    optional = False
    while True:
        origin = get_origin(hint)
        if origin is Annotated:
            hint = get_args(hint)[0]
        elif origin in (Union, types.UnionType) and type(None) in get_args(hint):
            optional = True
            args = [a for a in get_args(hint) if a is not type(None)]
            hint = args[0]
        else:
            return hint, optional


def _label(record: type, name: str) -> str:
    """A field's words: its record's own where that record's field means something else
    (`ClinicalLead.name`), else the key's."""
    own = LABELS.get(f"{record.__name__}.{name}")
    return own or LABELS.get(name, name.replace("_", " ").capitalize())


def fields_of(
    record: type, *, unit: str = "gbp_m", choices: Mapping[str, list[tuple[str, str]]] | None = None
) -> tuple[Field, ...]:
    """The form's fields of `record`, from its type hints: required when it has no default and
    cannot be None. `choices` gives a field's options where the pack says them."""
    hints = get_type_hints(record, include_extras=True)
    choices = choices or {}
    out = []
    for f in dataclasses.fields(record):
        raw = hints[f.name]
        base, optional = _unwrap(raw)
        has_default = not (
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        )
        required = not optional and not has_default
        kw: dict[str, Any] = {"hint": HINTS.get(f.name, "")}
        if f.name in choices:
            kind: Kind = "choice"
            kw["choices"] = tuple(choices[f.name])
        elif raw == FinancialYear or _is_year(raw):
            kind = "year"
        elif get_origin(base) is Literal:
            kind = "choice"
            kw["choices"] = tuple((v, CHOICE_WORDS.get(v, v)) for v in get_args(base))
        elif base is dt.date:
            kind = "date"
        elif base is float:
            kind, kw["unit"] = "number", unit
        elif get_origin(base) is dict:
            value = _unwrap(get_args(base)[1])[0]
            if dataclasses.is_dataclass(value):
                kind, kw["columns"] = "grid", fields_of(value, unit=unit)  # type: ignore[arg-type]
            else:
                kind, kw["unit"] = "years", unit
        elif get_origin(base) is list:
            kind = "lines"
        elif dataclasses.is_dataclass(base):
            kind, kw["columns"] = "record", fields_of(base, unit=unit)  # type: ignore[arg-type]
        else:
            kind = "long" if f.name in LONG else "text"
        out.append(Field(f.name, _label(record, f.name), kind, required, **kw))
    return tuple(out)


def _is_year(hint: Any) -> bool:
    """Whether an optional hint is `FinancialYear | None`."""
    unions = (Union, types.UnionType)
    return get_origin(hint) in unions and any(a == FinancialYear for a in get_args(hint))


def part_fields(part: Part, pack: Pack, commitment_id: str | None = None) -> tuple[Field, ...]:
    choices: dict[str, list[tuple[str, str]]] = {}
    if part.id == "milestones" and commitment_id is not None:
        commitment = pack.commitment_by_id[commitment_id]
        choices["milestone"] = [(m.id, m.description) for m in commitment.milestone]
    return fields_of(part.record, unit=UNITS.get(part.id, "gbp_m"), choices=choices)


def rows_of(part: Part, doc: d.Plan, commitment_id: str | None = None) -> list[Any]:
    """The part's records in the plan (the one record, for a part that is not a list)."""
    if part.id == "milestones":
        found = doc.commitment_plan(commitment_id or "")
        return list(found[1].milestones) if found else []
    if part.id == "finance":
        return list(doc.finance.organisations)
    if not part.many:  # one record, at the part's place in the plan (footprint, clinical lead)
        return [getattr(doc, part.key)]
    return list(getattr(doc, part.key))


def replace_part(
    part: Part, doc: d.Plan, records: list[Any], commitment_id: str | None = None
) -> d.Plan:
    """`doc` with the part's records replaced by `records` (one record when not `many`)."""
    if part.id == "milestones":
        found = doc.commitment_plan(commitment_id or "")
        if found is None and not records:
            return doc
        if found is None:
            entry = d.CommitmentPlan(commitment=commitment_id or "", milestones=records)
            return dataclasses.replace(doc, commitments=[*doc.commitments, entry])
        index, entry = found
        entries = list(doc.commitments)
        entries[index] = dataclasses.replace(entry, milestones=records)
        return dataclasses.replace(doc, commitments=entries)
    if part.id == "finance":
        return dataclasses.replace(
            doc, finance=dataclasses.replace(doc.finance, organisations=records)
        )
    changes: dict[str, Any] = {part.key: records if part.many else records[0]}
    return dataclasses.replace(doc, **changes)


def prefix_of(part: Part, doc: d.Plan, commitment_id: str | None = None) -> str:
    """The key path before the part's field names in the plan's problems ("finance.",
    "commitments[3].")."""
    if part.id == "milestones":
        found = doc.commitment_plan(commitment_id or "")
        index = found[0] if found else len(doc.commitments)
        return f"commitments[{index}]."
    return "".join(f"{p}." for p in part.prefix)


def shown(value: Any) -> str:
    """A stored value as the form shows it: 12.0 → "12", a date as ISO, a list one a line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def flat(part: Part, records: list[Any], fields: tuple[Field, ...], years: list[str]) -> dict:
    """Every field of the part's form with its stored value as shown: {name: text}."""
    out: dict[str, str] = {}
    for row, record in enumerate(records):
        at = f"{part.key}[{row}]." if part.many else ""
        _flat_record(record, fields, years, at, out)
    return out


def _flat_record(
    record: Any, fields: tuple[Field, ...], years: list[str], at: str, out: dict
) -> None:
    for f in fields:
        value = getattr(record, f.name) if record is not None else None
        name = at + f.name
        if f.kind == "years":
            for year in years:
                out[f"{name}.{year}"] = shown((value or {}).get(year))
        elif f.kind == "grid":
            for year in years:
                inner = (value or {}).get(year)
                for column in f.columns:
                    got = getattr(inner, column.name) if inner is not None else None
                    out[f"{name}.{year}.{column.name}"] = shown(got)
        elif f.kind == "record":
            _flat_record(value, f.columns, years, name + ".", out)
        else:
            out[name] = shown(value)
