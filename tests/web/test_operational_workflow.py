"""An agreed plan's operational plan through the web workflow (issue 13 item 7): created flat
or seasonal, edited month by month, refused at submission while its months do not add up,
submitted, sent back, resubmitted and agreed; exported and imported as a workbook, a bad
workbook refused at its Sheet!Cell with nothing changed."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from ltpif.web.actuals.models import Actual, ActualsLoad
from ltpif.web.notifications.models import Notification
from ltpif.web.operational.models import OperationalRecord, OperationalVersion
from ltpif.web.planning.models import AuditEvent, Plan
from tests.web.conftest import FORBIDDEN, OK, SIGN_IN, client_for
from tests.web.test_publish_agreed import _put

BAD_FORM, CONFLICT, NOT_FOUND = 400, 409, 404
MONTHS = [f"2020-{m:02d}" for m in range(4, 13)] + [f"2021-{m:02d}" for m in range(1, 4)]
METRIC = "emergency-admissions"  # a count: its months add up to the year exactly


def _annual(plan: Plan, metric: str) -> float:
    version = plan.versions.filter(kind="final").order_by("-number").first()
    return next(
        t["values"]["2020/21"]
        for c in version.document["commitments"]
        for t in c["trajectories"]
        if t["metric"] == metric
    )


@pytest.fixture
def agreed(scene):
    """The scene's own system, its plan agreed at final version 3 (draft 2 sent back)."""
    own, _, members = scene
    plan = Plan.objects.get(system=own)
    _put(plan, "agreed", members["national"].user)
    plan.refresh_from_db()
    return plan, members


def _base(plan: Plan) -> str:
    return f"/plans/{plan.system_id}/operational/"


def _months(annual: float, first_extra: int) -> dict[str, str]:
    """Twelve months adding up to `annual` plus `first_extra` (worked out here: 11 months of
    1000 and the rest in April)."""
    rest = Decimal(repr(annual)) - 11 * 1000 + first_extra
    return {MONTHS[0]: str(rest), **dict.fromkeys(MONTHS[1:], "1000")}


def _edit_months(lead: Client, plan: Plan, record: OperationalRecord) -> str:
    """Months one over the year (saved, blocking submission), a stale form and a bad month
    (refused), then months that add up exactly; the metric's form's URL."""
    annual = _annual(plan, METRIC)
    form = _base(plan) + f"metrics/{METRIC}/"
    assert 'data-testid="operational-months-form"' in lead.get(form).content.decode()
    # one more than the year: saved, and named as a difference that blocks submission
    over = {**_months(annual, 1), "lock_version": record.lock_version}
    assert lead.post(form, over).status_code == 302
    page = lead.get(_base(plan)).content.decode()
    assert "Do not add up" in page and "1 error(s) to fix" in page
    refused = lead.post(_base(plan) + "steps/submit/")
    assert refused.status_code == CONFLICT
    assert "1 error(s) must be fixed" in refused.content.decode()
    # an old lock version: someone saved since
    record.refresh_from_db()
    stale = {**_months(annual, 0), "lock_version": record.lock_version - 1}
    assert lead.post(form, stale).status_code == CONFLICT
    # a month that is not a number: at its field, nothing saved
    bad = {**_months(annual, 0), MONTHS[3]: "lots", "lock_version": record.lock_version}
    response = lead.post(form, bad)
    assert (
        response.status_code == BAD_FORM and f'id="{MONTHS[3]}-error"' in response.content.decode()
    )
    exact = {**_months(annual, 0), "lock_version": record.lock_version}
    assert lead.post(form, exact).status_code == 302
    record.refresh_from_db()
    phased = next(m for m in record.working["metrics"] if m["metric"] == METRIC)
    assert phased["profile"] == "planner" and phased["months"][MONTHS[1]] == 1000

    return form


def test_the_whole_operational_round(agreed):
    plan, members = agreed
    lead, regional = client_for(members["lead"]), client_for(members["regional"])
    page = lead.get(_base(plan)).content.decode()
    assert 'data-testid="operational-create"' in page  # the lead may create it
    assert 'data-testid="operational-create"' not in regional.get(_base(plan)).content.decode()

    assert lead.post(_base(plan) + "add/", {"profile": "monthly"}).status_code == BAD_FORM
    assert lead.post(_base(plan) + "add/", {"profile": "flat"}).status_code == 302
    assert lead.post(_base(plan) + "add/", {"profile": "flat"}).status_code == CONFLICT
    record = OperationalRecord.objects.get(plan=plan)
    assert (record.status, record.agreed_version.number) == ("drafting", 3)
    page = lead.get(_base(plan)).content.decode()
    assert "Drafting" in page and "Its operational rules find no error." in page

    form = _edit_months(lead, plan, record)
    exact = {**_months(_annual(plan, METRIC), 0), "lock_version": record.lock_version}

    # the region may not submit; the lead may not agree
    assert regional.post(_base(plan) + "steps/submit/").status_code == FORBIDDEN
    assert lead.post(_base(plan) + "steps/agree/").status_code == FORBIDDEN
    assert lead.post(_base(plan) + "steps/submit/").status_code == 302
    record.refresh_from_db()
    assert record.status == "submitted"
    [version] = OperationalVersion.objects.filter(record=record)
    assert version.number == 1 and len(version.sha256) == 64
    told = Notification.objects.filter(plan=plan, kind="submitted", user=members["regional"].user)
    assert told.get().subject == f"{plan.system.name}: operational plan submitted"
    assert lead.post(form, exact).status_code == CONFLICT  # frozen while submitted

    assert regional.post(_base(plan) + "steps/request_changes/", {}).status_code == BAD_FORM
    asked = {"reasons": "Winter months look too low."}
    assert regional.post(_base(plan) + "steps/request_changes/", asked).status_code == 302
    assert "Winter months look too low." in lead.get(_base(plan)).content.decode()
    assert lead.post(_base(plan) + "steps/submit/").status_code == 302
    assert regional.post(_base(plan) + "steps/agree/").status_code == 302
    record.refresh_from_db()
    assert record.status == "agreed" and record.versions.count() == 2
    assert regional.post(_base(plan) + "steps/agree/").status_code == CONFLICT  # agreed already
    to_lead = Notification.objects.filter(plan=plan, user=members["lead"].user)
    subjects = set(to_lead.values_list("subject", flat=True))
    name = plan.system.name
    assert {
        f"{name}: the region asks for changes to the operational plan",
        f"{name}: operational plan agreed",
    } <= subjects
    actions = set(AuditEvent.objects.filter(plan=plan).values_list("action", flat=True))
    expected = {"submit", "request_changes", "agree"}
    assert {f"operational_{a}" for a in expected} | {"operational_create"} <= actions


def test_the_workbook_round_trip_and_a_bad_workbook(agreed):
    plan, members = agreed
    lead = client_for(members["lead"])
    lead.post(_base(plan) + "add/", {"profile": "flat"})
    record = OperationalRecord.objects.get(plan=plan)
    response = lead.get(_base(plan) + "operational.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Operational plan"]
    assert sheet["B2"].value == plan.system_id and sheet["B3"].value == "2020/21"
    assert [sheet.cell(6, c).value for c in range(5, 17)] == MONTHS
    row = next(r for r in range(7, sheet.max_row + 1) if sheet.cell(r, 1).value == METRIC)
    annual = sheet.cell(row, 4).value
    assert annual == _annual(plan, METRIC)
    for c in range(6, 17):  # May to March: 1000 each; April the rest (worked out here)
        sheet.cell(row, c).value = 1000
    sheet.cell(row, 5).value = annual - 11_000

    def upload(workbook) -> object:
        data = io.BytesIO()
        workbook.save(data)
        data.seek(0)
        data.name = "operational.xlsx"
        record.refresh_from_db()
        return lead.post(
            _base(plan) + "workbook/", {"workbook": data, "lock_version": record.lock_version}
        )

    first = upload(book)
    assert first.status_code == 302, re.findall(
        r"Operational plan![A-Z]+\d+[^<]*", first.content.decode()
    )[:5]
    record.refresh_from_db()
    phased = next(m for m in record.working["metrics"] if m["metric"] == METRIC)
    assert phased["months"][MONTHS[0]] == annual - 11_000 and phased["profile"] == "planner"

    before = record.working
    sheet.cell(row, 7).value = "many"
    sheet.cell(row, 4).value = annual + 1
    response = upload(book)
    text = response.content.decode()
    assert response.status_code == BAD_FORM
    assert f"Operational plan!G{row}" in text and f"Operational plan!D{row}" in text
    assert "the annual value is the agreed plan" in text
    record.refresh_from_db()
    assert record.working == before


def test_seasonal_months_still_add_up(agreed):
    plan, members = agreed
    lead = client_for(members["lead"])
    assert lead.post(_base(plan) + "add/", {"profile": "seasonal"}).status_code == 302
    record = OperationalRecord.objects.get(plan=plan)
    for phased in record.working["metrics"]:
        if phased["phasing"] == "sum" and float(phased["annual"]).is_integer():
            total = sum(Decimal(repr(v)) for v in phased["months"].values())
            assert total == Decimal(repr(phased["annual"])), phased["metric"]
    assert {p["profile"] for p in record.working["metrics"]} <= {"seasonal", "flat"}


def test_before_agreement_there_is_nothing_to_create(scene):
    own, _, members = scene
    response = client_for(members["lead"]).post(
        f"/plans/{own.code}/operational/add/", {"profile": "flat"}
    )
    assert response.status_code == CONFLICT
    assert "agree the plan first" in response.content.decode()
    assert not OperationalRecord.objects.exists()


# the permission matrix's rows (the tab and its CSV are test_permission_matrix's): with an
# operational plan of the own system, each role's answer for (own system, a system elsewhere)
URLS = {
    "metric": "/plans/{system}/operational/metrics/" + METRIC + "/",
    "xlsx": "/plans/{system}/operational/operational.xlsx",
}
POSTS = {
    "add": "/plans/{system}/operational/add/",
    "step": "/plans/{system}/operational/steps/submit/",
    "workbook": "/plans/{system}/operational/workbook/",
}
SEES = {
    "lead": (OK, FORBIDDEN),
    "partner": (OK, FORBIDDEN),
    "regional": (OK, FORBIDDEN),
    "national": (OK, NOT_FOUND),  # sees every plan; the other system has no operational plan
    "observer": (OK, NOT_FOUND),
    "anonymous": (SIGN_IN, SIGN_IN),
}
# an empty POST: the lead is told what it lacks (the submission needs nothing); others refused
WRITES = {
    "lead": {
        "add": (BAD_FORM, FORBIDDEN),
        "step": (302, FORBIDDEN),
        "workbook": (BAD_FORM, FORBIDDEN),
    },
    **{
        who: dict.fromkeys(POSTS, (FORBIDDEN, FORBIDDEN))
        for who in ("partner", "regional", "national", "observer")
    },
    "anonymous": dict.fromkeys(POSTS, (SIGN_IN, SIGN_IN)),
}


@pytest.mark.parametrize("who", SEES)
def test_permission_matrix(agreed, scene, who):
    plan, members = agreed
    client_for(members["lead"]).post(_base(plan) + "add/", {"profile": "flat"})
    own, other, _ = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    for url in URLS.values():
        for target, status in zip((own, other), SEES[who], strict=True):
            got = client.get(url.format(system=target.code)).status_code
            assert got == status, (who, url, target.code)
    for name, url in POSTS.items():
        for target, status in zip((own, other), WRITES[who][name], strict=True):
            got = client.post(url.format(system=target.code), {}).status_code
            assert got == status, (who, name, target.code)


def test_an_agreed_operational_plan_is_the_trajectory_monitoring_assures_against(agreed):
    """Monthly actuals of the operational year are set against the agreed months, not the
    year's value spread evenly: April is planned at the rest of the year less 11 × 1000."""
    plan, members = agreed
    lead = client_for(members["lead"])
    lead.post(_base(plan) + "add/", {"profile": "flat"})
    record = OperationalRecord.objects.get(plan=plan)
    annual = _annual(plan, METRIC)
    form = {**_months(annual, 0), "lock_version": record.lock_version}
    assert lead.post(_base(plan) + f"metrics/{METRIC}/", form).status_code == 302
    load = ActualsLoad.objects.create(
        sha256="e" * 64, source="test", format="long", loaded_at=timezone.now(), rows=3, actuals=3
    )
    for month, value in (("2020-04", 5000.0), ("2020-05", 900.0), ("2020-06", 1100.0)):
        Actual.objects.create(
            load=load, level="system", org_code=plan.system_id, metric=METRIC, period=month,
            value=value,
        )  # fmt: skip
    url = f"/monitoring/spc/{METRIC}/{plan.system_id}/data.csv"

    def trajectory() -> dict[str, str]:
        rows = list(csv.DictReader(io.StringIO(lead.get(url).content.decode())))
        return {row["period"]: row["trajectory"] for row in rows if row["period"] >= "2020-04"}

    flat = trajectory()  # not agreed yet: the year's value spread, the same each month
    assert len(set(flat.values())) == 1
    OperationalRecord.objects.filter(pk=record.pk).update(status="agreed")
    april = Decimal(repr(annual)) - 11 * 1000
    agreed_months = trajectory()
    assert Decimal(agreed_months["2020-04"]) == april
    assert Decimal(agreed_months["2020-05"]) == Decimal(agreed_months["2020-06"]) == 1000
    # the analysts' API charts against the same agreed months: its CSV is the page's
    api = lead.get(f"/api/monitoring/spc/{METRIC}/{plan.system_id}.csv")
    assert api.status_code == 200 and api.content == lead.get(url).content
