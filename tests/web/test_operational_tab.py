"""The plan's Operational plan tab (issue 13 item 7): the agreed final version phased flat by
month, and the same table as CSV; nothing to phase before the plan is agreed."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from ltpif.plans.workflow import Status
from ltpif.web.planning.models import Membership, Plan, PlanVersion
from tests.web.conftest import client_for

MONTHS = [f"2020-{m:02d}" for m in range(4, 13)] + [f"2021-{m:02d}" for m in range(1, 4)]


def _agree(plan: Plan) -> PlanVersion:
    """The plan agreed on a final version of its working copy (as the workflow leaves it)."""
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan, number=number, kind="final", document=plan.working, sha256="a" * 64
    )
    plan.status = Status.AGREED
    plan.save(update_fields=["status"])
    return version


def _value(document: dict, metric: str, year: str) -> float:
    return next(
        t["values"][year]
        for c in document["commitments"]
        for t in c["trajectories"]
        if t["metric"] == metric
    )


def test_an_agreed_plan_phased_by_month_in_the_tab_and_csv(world):
    plan = Plan.objects.first()
    version = _agree(plan)
    client = client_for(Membership.objects.get(role="national"))
    html = client.get(f"/plans/{plan.system_id}/operational/").content.decode()
    assert 'data-testid="operational-months"' in html
    assert "Phased flat from the agreed plan (version hash <code>aaaaaaaaaaaa</code>)" in html
    assert f'href="/plans/{plan.system_id}/operational/operational.csv"' in html

    response = client.get(f"/plans/{plan.system_id}/operational/operational.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert header == ["metric", "name", "phasing", "annual", *MONTHS]
    by_metric = {row[0]: row for row in rows}
    admissions = by_metric["emergency-admissions"]
    annual = _value(version.document, "emergency-admissions", "2020/21")
    assert Decimal(admissions[3]) == Decimal(repr(annual))
    assert sum(Decimal(v) for v in admissions[4:]) == Decimal(repr(annual))  # exactly
    assert max(Decimal(v) for v in admissions[4:]) - min(Decimal(v) for v in admissions[4:]) <= 1
    rate = next(row for row in rows if row[2] == "rate")
    assert set(rate[4:]) == {rate[3]}  # a rate each month


def test_before_it_is_agreed_there_is_nothing_to_phase(world):
    plan = Plan.objects.exclude(status__in=[Status.AGREED, Status.PUBLISHED]).first()
    client = client_for(Membership.objects.get(role="national"))
    html = client.get(f"/plans/{plan.system_id}/operational/").content.decode()
    assert "An operational plan is phased from the agreed final plan: this plan is" in html
    assert 'data-testid="operational-months"' not in html
    text = client.get(f"/plans/{plan.system_id}/operational/operational.csv").content.decode()
    assert text == "metric,name,phasing,annual\n"
