"""Bad numbers typed into the trajectory form or sent in an API body: the number parser's message
at the field (the form) or a 422 naming the field (the API); never a 500, nothing stored."""

from __future__ import annotations

import copy
import hashlib
import json

import pytest
from django.test import Client
from markupsafe import escape

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.planning.models import AuditEvent, Membership, Plan, PlanVersion
from tests.web.conftest import api_headers, client_for

PACK = load_pack()
COMPLIANT = sorted(code for code, failings in demo_assignments(PACK).items() if not failings)
COMMITMENT, METRIC = "adult-crisis-teams", "adult-crisis-24-7-coverage"  # a ratio: two counts
COUNT_COMMITMENT, COUNT_METRIC = "planned-care-surgery", "elective-surgery-spells"
YEAR = "2020/21"
TOO_LARGE = "is too large: enter a number within ±1,000,000,000,000,000"

# typed into a form field → the message shown at it
TYPED = [
    ("nan", "'nan' is not a number"),
    ("inf", "'inf' is infinite: enter a finite number"),
    ("-Infinity", "'-Infinity' is infinite: enter a finite number"),
    ("1e999", f"'1e999' {TOO_LARGE}"),
    ("9" * 5000, f"'{'9' * 79}…' {TOO_LARGE}"),
    ("-5", "'-5' is negative: a count cannot be below 0"),
    (
        "12,5,0",
        "'12,5,0' has a thousands separator in the wrong place: write 1,250 or 1250, with a "
        "point for decimals",
    ),
    ("١٢٣", "'١٢٣' has digits other than 0 to 9: type it with the digits 0 to 9"),
    ("75%", "'75%' is a percentage, but this takes a count"),
    ("lots", "'lots' is not a number"),
]


def _stored(system: str) -> tuple:
    """What a refused input must leave as it was: the plan's working copy and lock, and the
    rows of every table a save writes to."""
    plan = Plan.objects.get(system_id=system)
    working = json.dumps(plan.working, sort_keys=True)
    return (
        plan.lock_version,
        hashlib.sha256(working.encode()).hexdigest(),
        (plan.rag, plan.errors, plan.queries),
        Plan.objects.count(),
        PlanVersion.objects.count(),
        AuditEvent.objects.count(),
    )


def _form(plan: Plan, commitment: str) -> dict[str, str]:
    """The commitment's trajectory form as the page fills it from the plan."""
    entry = next(c for c in plan.working["commitments"] if c["commitment"] == commitment)
    form = {"lock_version": str(plan.lock_version)}
    for trajectory in entry["trajectories"]:
        parts = {"numerator": "__num", "denominator": "__den", "values": ""}
        for part, suffix in parts.items():
            for year, value in trajectory.get(part, {}).items():
                form[f"{trajectory['metric']}{suffix}__{year}"] = str(value)
    return form


def _post_form(system: str, commitment: str, field: str, raw: str):
    plan = Plan.objects.get(system_id=system)
    form = {**_form(plan, commitment), field: raw}
    lead = Membership.objects.get(role="system_lead", system_id=system)
    return client_for(lead).post(f"/plans/{system}/commitments/{commitment}/trajectories/", form)


def _message_at_field(body: str, field: str, message: str) -> bool:
    shown = f'id="{field}-error"><span class="nhsuk-u-visually-hidden">Error:</span> '
    return shown + str(escape(f"{YEAR}: {message}")) + "</span>" in body


@pytest.mark.parametrize(("raw", "message"), TYPED, ids=[raw[:12] for raw, _ in TYPED])
def test_a_bad_number_in_the_trajectory_form_is_refused_at_its_field(world, raw, message):
    system = COMPLIANT[1]
    field = f"{METRIC}__num__{YEAR}"
    before = _stored(system)
    response = _post_form(system, COMMITMENT, field, raw)
    assert response.status_code == 400
    body = response.content.decode()
    assert _message_at_field(body, field, message), body[:2000]
    assert f'href="#{field}"' in body  # the error summary links to the field
    assert _stored(system) == before


@pytest.mark.parametrize(
    ("raw", "message"),
    [("-5", "'-5' is negative: a count cannot be below 0"), ("1e999", f"'1e999' {TOO_LARGE}")],
)
def test_a_bad_number_for_a_metric_given_by_value_is_refused_at_its_field(world, raw, message):
    system = COMPLIANT[1]
    field = f"{COUNT_METRIC}__{YEAR}"
    before = _stored(system)
    response = _post_form(system, COUNT_COMMITMENT, field, raw)
    assert response.status_code == 400
    assert _message_at_field(response.content.decode(), field, message)
    assert _stored(system) == before


def test_good_numbers_in_the_form_are_saved_as_numbers(world):
    system = COMPLIANT[1]
    field = f"{METRIC}__den__{YEAR}"
    response = _post_form(system, COMMITMENT, field, " 1,250,000 ")
    assert response.status_code == 302
    entry = next(
        c
        for c in Plan.objects.get(system_id=system).working["commitments"]
        if c["commitment"] == COMMITMENT
    )
    assert entry["trajectories"][0]["denominator"][YEAR] == 1_250_000.0


# --- the API -------------------------------------------------------------------------------


BAD = "__bad_number__"


def _put_raw(lead: Membership, where: tuple, literal: str):
    """PUT the plan's working copy with the JSON text `literal` at `where` in its document."""
    plan = Plan.objects.get(system_id=lead.system_id)
    document = copy.deepcopy(plan.working)
    node = document
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = BAD
    body = json.dumps({"lock_version": plan.lock_version, "document": document})
    return Client().put(
        f"/api/plans/{lead.system_id}",
        body.replace(json.dumps(BAD), literal),
        content_type="application/json",
        headers=api_headers(lead),
    )


def _numerator_at(plan: Plan) -> tuple[tuple, str]:
    """The path of a count in the plan (a ratio's numerator) and its field in the API."""
    index = next(i for i, c in enumerate(plan.working["commitments"]) if c["trajectories"])
    trajectory = plan.working["commitments"][index]["trajectories"][0]
    year = next(iter(trajectory["numerator"] or trajectory["values"]))
    part = "numerator" if trajectory["numerator"] else "values"
    where = ("commitments", index, "trajectories", 0, part, year)
    return where, f"commitments[{index}].trajectories[0].{part}.{year}"


# a JSON text in a count's place → the problem the API names at its field
SENT = [
    ("NaN", "nan is not a number"),
    ("Infinity", "inf is infinite: enter a finite number"),
    ("-Infinity", "-inf is infinite: enter a finite number"),
    ("1e999", "inf is infinite: enter a finite number"),  # JSON reads 1e999 as infinity
    ("1e16", f"1e+16 {TOO_LARGE}"),
    ("-5", "-5 is negative: a count cannot be below 0"),
    ('"12,5,0"', "'12,5,0' has a thousands separator: write it without, like 1250"),
    ('"nan"', "'nan' is not a number"),
    ('"1250"', "expected a number, got '1250'"),  # text is never a number in a plan
]


@pytest.mark.parametrize(("literal", "message"), SENT, ids=[s for s, _ in SENT])
def test_a_bad_number_in_an_api_body_is_a_422_naming_its_field(lead, literal, message):
    plan = Plan.objects.get(system_id=lead.system_id)
    where, field = _numerator_at(plan)
    before = _stored(lead.system_id)
    response = _put_raw(lead, where, literal)
    assert response.status_code == 422, response.content
    assert response.json() == {"problems": [{"field": field, "message": message}]}
    assert _stored(lead.system_id) == before


def test_a_bad_number_in_the_finance_of_an_api_body_is_a_422_naming_its_field(lead):
    where = ("finance", "organisations", 0, "years", "2019/20", "income")
    field = "finance.organisations[0].years.2019/20.income"
    before = _stored(lead.system_id)
    for literal, message in [("NaN", "nan is not a number"), ("-5", "must be at least 0")]:
        response = _put_raw(lead, where, literal)
        assert response.status_code == 422, response.content
        assert response.json() == {"problems": [{"field": field, "message": message}]}
    assert _stored(lead.system_id) == before


def test_a_number_too_long_for_json_is_refused_without_a_500(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    where, _ = _numerator_at(plan)
    before = _stored(lead.system_id)
    response = _put_raw(lead, where, "9" * 5000)
    assert response.status_code == 400
    assert "9" * 100 not in response.content.decode()
    assert _stored(lead.system_id) == before


WHAT_IF_METRIC = "pcn-additional-roles-wte"


@pytest.mark.parametrize(
    ("literal", "message"),
    [
        ("NaN", "nan is not a number"),
        ("Infinity", "inf is infinite: enter a finite number"),
        ("-5", "-5 is negative: a number of whole-time equivalents cannot be below 0"),
        ('"1e999"', f"'1e999' {TOO_LARGE}"),
        (
            '"12,5,0"',
            "'12,5,0' has a thousands separator in the wrong place: write 1,250 or 1250, with a "
            "point for decimals",
        ),
    ],
)
def test_a_bad_number_sent_to_the_what_if_api_is_a_422_naming_its_field(lead, literal, message):
    body = json.dumps({"system": lead.system_id, "metric": WHAT_IF_METRIC, "values": {YEAR: BAD}})
    before = _stored(lead.system_id)
    response = Client().post(
        "/api/what-if",
        body.replace(json.dumps(BAD), literal),
        content_type="application/json",
        headers=api_headers(lead),
    )
    assert response.status_code == 422, response.content
    assert response.json() == {
        "problems": [{"field": f"values__{YEAR}", "message": f"{YEAR}: {message}"}]
    }
    assert _stored(lead.system_id) == before
