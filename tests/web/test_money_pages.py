"""Awards in the plan's finance, the roll-up and the publication (issue 16 item 5): fair-share
money (the commissioners' income in the plan) and targeted awards side by side, by year.
Expected values are worked out here from the plan's own figures and the awards' amounts."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from ltpif.assurance.wording import money
from ltpif.web.funding.models import Application
from ltpif.web.planning.actions import freeze
from ltpif.web.planning.models import Plan
from ltpif.web.publishing import runner
from ltpif.web.publishing.models import PublicationRun
from tests.web.conftest import client_for

Y1, Y2 = "2020/21", "2021/22"


def _awards(system: str, member) -> None:
    # in full: £2m in 2020/21 and £1m in 2021/22
    Application.objects.create(
        system_id=system,
        line="smoking-cessation-funding",
        applicant="system",
        amounts={Y1: "2", Y2: "1"},
        requested=Decimal("3"),
        purpose="p",
        applied_by=member.user,
        status=Application.FULL,
        awarded=Decimal("3"),
    )
    # in part: £2m of £4m (2 + 2), so half of each year: £1m and £1m
    Application.objects.create(
        system_id=system,
        line="smoking-cessation-funding",
        applicant="system",
        amounts={Y1: "2", Y2: "2"},
        requested=Decimal("4"),
        purpose="p",
        applied_by=member.user,
        status=Application.PART,
        awarded=Decimal("2"),
        reason="Half.",
    )
    # refused: counts nowhere
    Application.objects.create(
        system_id=system,
        line="smoking-cessation-funding",
        applicant="system",
        amounts={Y1: "9"},
        requested=Decimal("9"),
        purpose="p",
        applied_by=member.user,
        status=Application.REFUSED,
        reason="No.",
    )


def _fair_share(system: str, year: str) -> float:
    """The plan's commissioners' income in `year`, read from the stored document."""
    doc = Plan.objects.get(system_id=system).working
    return sum(
        org["years"][year]["income"]
        for org in doc["finance"]["organisations"]
        if org["kind"] == "commissioner" and year in org["years"]
    )


def _row(page: str, testid: str, year: str) -> str:
    table = page.split(f'data-testid="{testid}"')[1].split("</table>", maxsplit=1)[0]
    return table.split(f'data-year="{year}"')[1].split("</tr>")[0]


def test_the_plan_s_finance_shows_fair_share_and_targeted_money(scene):
    own, _, members = scene
    _awards(own.code, members["lead"])
    page = client_for(members["lead"]).get(f"/plans/{own.code}/infrastructure/").content.decode()
    first, second = _row(page, "money-by-year", Y1), _row(page, "money-by-year", Y2)
    assert "£3m" in first and "£2m" in second  # 2 + 1 in 2020/21; 1 + 1 in 2021/22
    fair = _fair_share(own.code, Y1)
    assert fair > 0 and money(fair) in first  # shown as the plan's other amounts are


def test_the_roll_up_adds_the_awards_beside_the_fair_shares(scene):
    own, _, members = scene
    _awards(own.code, members["lead"])
    national = client_for(members["national"]).get("/rollup/").content.decode()
    assert "£3m" in _row(national, "money", Y1) and "£2m" in _row(national, "money", Y2)
    region = client_for(members["regional"]).get(f"/rollup/regions/{own.region_id}/")
    assert "£3m" in _row(region.content.decode(), "money", Y1)


@pytest.fixture
def data_dir(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_the_publication_has_the_money_section(scene, data_dir, monkeypatch):
    monkeypatch.setattr(runner, "launch", runner.execute)
    own, other, members = scene
    _awards(own.code, members["lead"])
    # two systems' plans submitted, none agreed: the national team shows the submitted ones
    for system in (own, other):
        freeze(Plan.objects.get(system_id=system.code), "final", members["lead"].user)
    published = client_for(members["national"]).post("/publish/", {"missing": "submitted"})
    assert published.status_code == 302
    run = PublicationRun.objects.get()
    assert run.status == PublicationRun.DONE, run.error
    folder = data_dir / "publications" / str(run.pk)
    rows = list(csv.DictReader(io.StringIO((folder / "data" / "funding.csv").read_text())))
    mine = {r["year"]: r for r in rows if r["system"] == own.code}
    assert float(mine[Y1]["targeted_awarded_gbp_m"]) == 3.0
    assert float(mine[Y2]["targeted_awarded_gbp_m"]) == 2.0
    assert float(mine[Y1]["fair_share_gbp_m"]) == pytest.approx(_fair_share(own.code, Y1))
    others = [r for r in rows if r["system"] != own.code]
    assert others and all(float(r["targeted_awarded_gbp_m"]) == 0 for r in others)
    page = (folder / "funding.html").read_text()
    assert "Fair-share and targeted money" in page
    assert 'href="funding.html"' in (folder / "index.html").read_text()
