"""The local discretion index on the plan overview and the national dashboard (issue 15 item 5):
the same figures as the domain function, through the app layer and the presenter."""

from __future__ import annotations

import re

from ltpif.app import present
from ltpif.assurance.discretion import discretion, national
from ltpif.framework.loader import load_pack
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import document
from tests.web.conftest import client_for, user_of


def _index(html: str) -> str:
    found = re.search(r'data-testid="discretion-index">([^<]+)<', html)
    assert found, "no discretion index on the page"
    return found.group(1)


def test_the_plan_overview_shows_its_index_parts_and_own_priorities(lead):
    pack = load_pack()
    doc = document(Plan.objects.get(system_id=lead.system_id))
    html = client_for(lead).get(f"/plans/{lead.system_id}/").content.decode()
    expected = discretion(pack, doc)
    assert _index(html) == f"{expected.index:.3f}"
    commitments = expected.part("commitments")
    assert present.percent(commitments.share) in html
    assert 'data-testid="local-priorities"' in html
    for priority in doc.local_priorities:
        assert priority.title in html


def test_the_national_dashboard_shows_the_spread_and_the_themes(world):
    pack = load_pack()
    docs = [document(plan) for plan in Plan.objects.all()]
    html = client_for(user_of("national")).get("/national/").content.decode()
    together = national([discretion(pack, doc) for doc in docs])
    assert _index(html) == f"{together.index:.3f}"
    assert 'data-testid="discretion-spread"' in html
    lowest, *_, highest = together.quantiles()
    assert f"{lowest:.3f}" in html and f"{highest:.3f}" in html
    assert "Housing and independent living" in html
    assert 'data-testid="priorities-by-theme"' in html


def test_observers_see_the_national_index_too(world):
    html = client_for(user_of("observer")).get("/national/").content.decode()
    assert 'data-testid="discretion-index"' in html


def _row(html: str, testid: str, system: str | None = None) -> list[str]:
    """The cells of a row of the region's discretion table, as text."""
    marker = f'data-testid="{testid}"' + (f' data-system="{system}"' if system else "")
    start = html.index(marker)
    row = html[start : html.index("</tr>", start)]
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]


def test_the_region_dashboard_shows_each_system_and_the_region(world):
    pack = load_pack()
    regional = user_of("regional_lead")
    plans = Plan.objects.filter(system__region_id=regional.region_id).select_related("system")
    html = client_for(regional).get(f"/regions/{regional.region_id}/").content.decode()
    found = []
    for plan in plans:
        expected = discretion(pack, document(plan))
        cells = _row(html, "discretion-system", plan.system_id)
        # system, index, then the five parts' local shares
        assert cells[0] == plan.system.name
        assert cells[1] == f"{expected.index:.3f}"
        assert cells[2] == present.percent(expected.part("commitments").share)
        found.append(expected)
    assert len(found) == html.count('data-testid="discretion-system"') >= 2
    region = national(found)
    assert _row(html, "discretion-region")[1] == f"{region.index:.3f}"
    # the systems are listed by name
    names = re.findall(
        r'data-testid="discretion-system" data-system="[^"]+"><td[^>]*><a[^>]*>([^<]+)<', html
    )
    assert names == sorted(names)
