"""The commitment page shows the system's fair share exactly as the roll-up computes it."""

from __future__ import annotations

import re
from html import unescape

import pytest

from ltpif.assurance.wording import amount
from ltpif.framework.loader import load_pack
from ltpif.rollup.fairshare import fair_shares, find_ambition
from ltpif.rollup.gap import signed_gap
from ltpif.rollup.run import run_rollup
from ltpif.rollup.table import planned_value
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import document
from tests.web.conftest import client_for, user_of

PACK = load_pack()


def cell(row: str, testid: str) -> str:
    """The text of the row's cell with that test id, tags dropped and spaces collapsed."""
    found = re.search(rf'data-testid="{testid}">(.*?)</td>', row, re.S)
    assert found, testid
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def page_of(lead, commitment: str) -> str:
    response = client_for(lead).get(f"/plans/{lead.system_id}/commitments/{commitment}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("commitment", "ambition_id", "basis"),
    [
        ("pcn-additional-staff", "pcn-additional-roles-20000", "need-weighted population"),
        ("digital-outpatients", "outpatient-visits-avoided-30m", "baseline activity"),
    ],
)
def test_the_share_and_the_plan_against_it(world, commitment, ambition_id, basis):
    lead = user_of("system_lead")
    ambition = find_ambition(PACK, ambition_id)
    metric = PACK.metric_by_id[ambition.metric]
    if basis == "baseline activity":  # shared by every plan's baseline outpatient visits
        plans = {p.system_id: document(p) for p in Plan.objects.all()}
        shares = next(
            g.shares for g in run_rollup(PACK, plans).gaps if g.ambition.id == ambition_id
        )
    else:
        shares = fair_shares(PACK, ambition)
    share = shares.by_system()[lead.system_id].share
    doc = document(Plan.objects.get(system_id=lead.system_id))
    planned = planned_value(doc, metric, PACK.due_year(ambition))
    gap = signed_gap(ambition.comparison, planned, share)
    expected_position = (
        "meets your share" if gap >= 0 else f"short of your share by {amount(metric, -gap)}"
    )

    html = page_of(lead, commitment)
    rows = re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", html, re.S)
    row = next(r for r in rows if ambition.description in unescape(r))
    assert cell(row, "fair-share") == f"{amount(metric, share)} by {basis}"
    assert cell(row, "against-share") == f"{amount(metric, planned)} {expected_position}"
