"""The plan's Feasibility tab offers its waiting-list table as CSV: the same rows as the table,
and both what the plan's own numbers give by hand."""

from __future__ import annotations

import csv
import io
import re
from itertools import pairwise

import pytest

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.planning.models import Membership, Plan
from tests.web.conftest import client_for

# the pack's waiting-list-feasible rule (rules.toml): 17% of referrals leave the list otherwise
OTHER_REMOVALS_SHARE = 0.17
COLUMNS = [
    "year",
    "planned_list",
    "list_the_flows_leave",
    "completed_pathways_planned",
    "completed_pathways_needed",
]


def _systems() -> list[str]:
    """A plan whose list can fall as planned, and one planned below what its flows leave."""
    assigned = demo_assignments(load_pack())
    return [
        next(code for code, failings in sorted(assigned.items()) if not failings),
        next(code for code, failings in assigned.items() if failings == ("list-outruns-capacity",)),
    ]


def table_rows(html: str) -> list[list[str]]:
    """The tab's waiting-list table: each body row's cells, numbers without their commas."""
    table = html.split('data-testid="waiting-list"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody", 1)[1]
    return [
        [cell.replace(",", "") for cell in re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)]
        for row in body.split("<tr")[1:]
    ]


def by_hand(working: dict) -> list[list[str]]:
    """The rows from the plan document: each year's list is last year's plus referrals less
    completions and other removals; the completions needed are the referrals less other
    removals plus the fall planned in the list."""
    values = {
        t["metric"]: t["values"]
        for c in working["commitments"]
        for t in c["trajectories"]
        if t["metric"] in ("rtt-waiting-list", "rtt-referrals", "rtt-completed-pathways")
    }
    sizes, referred, completed = (
        values["rtt-waiting-list"],
        values["rtt-referrals"],
        values["rtt-completed-pathways"],
    )
    years = sorted(sizes)
    rows = []
    for before, year in pairwise(years):
        if year not in referred or year not in completed:
            continue
        other = OTHER_REMOVALS_SHARE * referred[year]
        left = sizes[before] + referred[year] - completed[year] - other
        needed = referred[year] - other + sizes[before] - sizes[year]
        rows.append(
            [
                year,
                str(round(sizes[year])),
                str(round(left)),
                str(round(completed[year])),
                str(round(needed)),
            ]
        )
    return rows


@pytest.mark.parametrize("system", _systems())
def test_the_csv_rows_are_the_tabs_table(world, system):
    client = client_for(Membership.objects.get(role="national"))
    html = client.get(f"/plans/{system}/feasibility/").content.decode()
    link = f'href="/plans/{system}/feasibility/waiting-list.csv"'
    assert link in html and "Download data (CSV)" in html

    response = client.get(f"/plans/{system}/feasibility/waiting-list.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    header, *rows = list(csv.reader(io.StringIO(response.content.decode())))

    expected = by_hand(Plan.objects.get(system_id=system).working)
    assert header == COLUMNS
    assert [row[0] for row in expected] == ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24"]
    assert rows == expected
    assert table_rows(html) == expected


def test_the_failing_plans_list_is_below_what_its_flows_leave(world):
    """The second plan's CSV shows why it is queried: a planned list more than 2% below."""
    system = _systems()[1]
    client = client_for(Membership.objects.get(role="national"))
    text = client.get(f"/plans/{system}/feasibility/waiting-list.csv").content.decode()
    _, *rows = list(csv.reader(io.StringIO(text)))
    assert any(int(row[1]) < 0.98 * int(row[2]) for row in rows)


def test_another_regions_lead_may_not_download_it(world):
    lead = Membership.objects.filter(role="system_lead").select_related("system").first()
    other = Plan.objects.exclude(system__region=lead.system.region).first()
    response = client_for(lead).get(f"/plans/{other.system_id}/feasibility/waiting-list.csv")
    assert response.status_code == 403
