"""The planning workbook on the plan page: download, upload back, errors, stale workbooks."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.planning.models import Membership, Plan
from tests.web.conftest import client_for

COMPLIANT = sorted(code for code, f in demo_assignments(load_pack()).items() if not f)
SYSTEM = COMPLIANT[6]


def _lead():
    return client_for(Membership.objects.get(role="system_lead", system_id=SYSTEM))


def _upload(client, data: bytes, name="plan.xlsx"):
    return client.post(f"/plans/{SYSTEM}/workbook/", {"workbook": SimpleUploadedFile(name, data)})


def test_download_then_upload_unchanged_makes_an_identical_version(world):
    client = _lead()
    response = client.get(f"/plans/{SYSTEM}/workbook/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    before = Plan.objects.get(system_id=SYSTEM)
    uploaded = _upload(client, response.content)
    assert uploaded.status_code == 302, uploaded.content[:2000]
    plan = Plan.objects.get(system_id=SYSTEM)
    latest = plan.versions.order_by("-number").first()
    assert latest.kind == "import"
    assert latest.document == before.working


def test_an_edited_workbook_becomes_a_version_with_its_diff(world):
    client = _lead()
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/plans/{SYSTEM}/workbook/").content))
    sheet = next(
        ws
        for ws in book.worksheets
        if ws.sheet_state == "visible" and ws.title.startswith("Narrative")
    )
    cell = next(
        c
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and len(c.value) > 40 and not c.protection.locked
    )
    cell.value = "A narrative rewritten offline."
    out = io.BytesIO()
    book.save(out)
    uploaded = _upload(client, out.getvalue())
    assert uploaded.status_code == 302
    page = client.get(uploaded["Location"]).content.decode()
    assert "A narrative rewritten offline." in page


def test_a_broken_workbook_changes_nothing_and_lists_every_problem(world):
    client = _lead()
    before = Plan.objects.get(system_id=SYSTEM).lock_version
    response = _upload(client, b"this is not a workbook at all")
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert Plan.objects.get(system_id=SYSTEM).lock_version == before


def test_a_stale_workbook_is_refused_with_the_differences(world):
    client = _lead()
    workbook = client.get(f"/plans/{SYSTEM}/workbook/").content
    plan = Plan.objects.get(system_id=SYSTEM)
    client.post(
        f"/plans/{SYSTEM}/narrative/save/",
        {
            "field": "innovation",
            "text": "Changed online meanwhile.",
            "lock_version": plan.lock_version,
        },
    )
    response = _upload(client, workbook)
    assert response.status_code == 409
    body = response.content.decode()
    assert 'data-testid="stale-diff"' in body and "Changed online meanwhile." in body
    assert (
        Plan.objects.get(system_id=SYSTEM).working["narrative"]["innovation"]
        == "Changed online meanwhile."
    )


def test_only_the_lead_uploads(world):
    partner = client_for(Membership.objects.get(role="la_partner", system_id=SYSTEM))
    assert partner.get(f"/plans/{SYSTEM}/workbook/").status_code == 200
    assert _upload(partner, b"whatever").status_code == 403


def test_a_file_far_too_large_is_refused(world, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    response = _upload(_lead(), b"x" * 2000)
    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_a_round_trip_keeps_the_maturity_of_each_characteristic(world):
    """The workbook holds the system's level a year, not each characteristic's: uploaded back
    unchanged, the per-characteristic assessment (issue 16) is kept, not dropped."""
    client = _lead()
    plan = Plan.objects.get(system_id=SYSTEM)
    data = {"evidence": "Summary.", "lock_version": plan.lock_version}
    for c in load_pack().maturity.characteristic:
        for year, level in plan.working["maturity"]["self_assessment"].items():
            data[f"level__{c.id}__{year}"] = level
            data[f"evidence__{c.id}__{year}"] = f"Evidence for {year}."  # rises need it
    assert client.post(f"/plans/{SYSTEM}/maturity/save/", data).status_code == 302
    before = Plan.objects.get(system_id=SYSTEM)
    assert len(before.working["maturity"]["characteristics"]) == 9
    uploaded = _upload(client, client.get(f"/plans/{SYSTEM}/workbook/").content)
    assert uploaded.status_code == 302, uploaded.content[:2000]
    latest = Plan.objects.get(system_id=SYSTEM).versions.order_by("-number").first()
    assert latest.document == before.working
