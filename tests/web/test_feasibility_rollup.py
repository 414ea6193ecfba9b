"""The region's and the nation's roll-up of feasibility (issue 14 item 5): each system's
findings by feasibility check, as the demo's deliberate failings say they must be; and the
ambitions the plans together fall short of, as the roll-up's own summary says."""

from __future__ import annotations

import csv
import io
import re

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.planning.models import Membership, Plan
from tests.web.conftest import client_for

# the demo failing → the feasibility check kind it trips, and with what (errors, queries)
FAILING_KIND = {
    "list-outruns-capacity": "waiting-list-feasible",
    "long-waits-unclearable": "long-waits-clearable",
    "staff-shrink": "workforce-supports-activity",
    "admin-savings-short": "finance-compounds",
    "savings-overclaimed": "finance-compounds",
    "workforce-unfunded": "workforce-funded",
}


def _cells(html: str, system: str) -> dict[str, str]:
    row = html.split(f'data-system="{system}"', 1)[1].split("</tr>", 1)[0]
    return {
        kind: re.sub(r"<[^>]+>", "", text).strip()
        for kind, text in re.findall(r'data-kind="([^"]+)">(.*?)</td>', row)
    }


def test_the_national_matrix_shows_each_failing_under_its_check(world):
    client = client_for(Membership.objects.get(role="national"))
    html = client.get("/rollup/feasibility/").content.decode()
    assert html.count("data-system=") == Plan.objects.count() == 42
    assigned = demo_assignments(load_pack())
    for failing, kind in FAILING_KIND.items():
        system = next(code for code, f in sorted(assigned.items()) if failing in f)
        cells = _cells(html, system)
        assert cells[kind].endswith("query") or "queries" in cells[kind], (failing, cells)
    compliant = next(code for code, f in sorted(assigned.items()) if not f)
    assert set(_cells(html, compliant).values()) == {"none"}
    # the systems with a workforce-funded finding: exactly the one the demo made unfunded
    total = re.search(r'data-total="workforce-funded">(\d+) of 42<', html)
    unfunded = [code for code, f in assigned.items() if "workforce-unfunded" in f]
    assert total is not None and int(total.group(1)) == len(unfunded) == 1


def test_a_region_sees_its_own_systems_only(world):
    regional = Membership.objects.filter(role="regional_lead").select_related("region").first()
    client = client_for(regional)
    html = client.get(f"/rollup/regions/{regional.region_id}/feasibility/").content.decode()
    own = set(
        Plan.objects.filter(system__region=regional.region).values_list("system_id", flat=True)
    )
    shown = set(re.findall(r'data-system="([^"]+)"', html))
    assert shown == own
    other = Plan.objects.exclude(system__region=regional.region).first().system.region_id
    assert client.get(f"/rollup/regions/{other}/feasibility/").status_code == 403


def test_the_short_ambitions_are_the_roll_ups(world):
    """The ambitions listed short are those the national summary CSV marks short."""
    client = client_for(Membership.objects.get(role="national"))
    text = client.get("/rollup/ambitions.csv").content.decode()
    short = {r["ambition"] for r in csv.DictReader(io.StringIO(text)) if r["status"] == "short"}
    assert short  # the demo's plans fall short of some ambitions together
    html = client.get("/rollup/feasibility/").content.decode()
    listed = set(re.findall(r'<li data-ambition="([^"]+)"', html))
    assert listed == short
