"""Plan roll-ups by the footprint of each plan year, through the web (issue 16 item 3): a CCG's
move to a system of another region, approved from 1 October 2020, moves its share of its old
system's planned values between the two regions' roll-ups from 2021/22 on (the first plan year
starting on or after the date); England's total and the years before are unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest

from ltpif.app.publication import publish_plans
from ltpif.framework.citations import find_shared_dir
from ltpif.framework.loader import load_pack
from ltpif.web.landscape.rollup_footprint import by_approved_moves
from ltpif.web.organisations.rounds import current_pack
from ltpif.web.planning.models import AuditEvent, System
from ltpif.web.planning.plan_source import AgreedVersions
from ltpif.web.planning.queries import document
from tests.web.conftest import client_for, user_of
from tests.web.footprint_move import CCG, OLD, approve_move
from tests.web.test_publish_agreed import agree_every_plan

AMBITION = "pcn-additional-roles-20000"  # a national total of a summed metric
METRIC = "pcn-additional-roles-wte"
PRACTICES = "nhse_gp_practice_weighted_population_target_allocation_stp21_basis2018-19.csv"


def _share() -> float:
    """03E's need-weighted population over West Yorkshire's, counted here from the practice
    file (the pack's system population is the sum over its April 2019 CCGs' practices)."""
    shared = find_shared_dir(Path(__file__))
    path = shared / "data" / PRACTICES if shared else None
    if path is None or not path.exists():
        pytest.skip("the shared data folder is needed for the CCG's population")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        mine = sum(float(r["WP_Overall"]) for r in csv.DictReader(handle) if r["CCG"] == CCG)
    system = next(x for x in load_pack().geography.system if x.code == OLD)
    return mine / system.population.need_weighted


def _planned(client, region: str) -> dict[str, float]:
    page = f"/rollup/regions/{region}/ambitions/{AMBITION}/trajectory.csv"
    answer = client.get(page)
    assert answer.status_code == 200
    rows = csv.DictReader(io.StringIO(answer.content.decode()))
    return {r["year"]: float(r["planned"]) for r in rows if r["planned"]}


def test_an_approved_move_moves_the_region_rollups_from_the_first_full_year(world):
    share = _share()
    old = System.objects.get(pk=OLD)
    receiving = System.objects.exclude(region=old.region).order_by("code").first()
    national = client_for(user_of("national"))
    plan = document(old.plans.get())
    values = next(t.values for c in plan.commitments for t in c.trajectories if t.metric == METRIC)
    before = {r: _planned(national, r) for r in (old.region_id, receiving.region_id)}
    approve_move(receiving.code, dt.date(2020, 10, 1))
    said = AuditEvent.objects.get(action="footprint_actuals").after["plan_rollups"]
    assert said == (
        f"from 2021/22, {share:.1%} of {old.name}'s planned values (the moving CCGs' "
        f"need-weighted population) count with {receiving.name} in the roll-ups"
    )
    after = {r: _planned(national, r) for r in (old.region_id, receiving.region_id)}
    for year in ("2019/20", "2020/21"):  # 2020/21 starts on 1 April 2020: before the date
        assert after[old.region_id][year] == before[old.region_id][year]
        assert after[receiving.region_id][year] == before[receiving.region_id][year]
    for year in ("2021/22", "2022/23", "2023/24"):
        moved = share * values[year]
        assert moved > 0
        assert after[old.region_id][year] == pytest.approx(before[old.region_id][year] - moved)
        assert after[receiving.region_id][year] == pytest.approx(
            before[receiving.region_id][year] + moved
        )


def _published(folder: Path, regions: tuple[str, ...]) -> dict[tuple[str, str], float]:
    with (folder / "data" / "totals.csv").open() as handle:
        rows = csv.DictReader(handle)
        return {
            (r["area"], r["year"]): float(r["value"])
            for r in rows
            if r["level"] == "region" and r["area"] in regions and r["metric"] == METRIC
        }


def test_a_publication_from_the_database_shows_the_region_totals_the_pages_show(world, tmp_path):
    agree_every_plan()  # the publication reads agreed versions: the working copies, frozen
    old = System.objects.get(pk=OLD)
    receiving = System.objects.exclude(region=old.region).order_by("code").first()
    regions = (old.region_id, receiving.region_id)
    national = client_for(user_of("national"))
    source = AgreedVersions(current_pack(), "omit")
    moment = dt.datetime(2019, 12, 31, tzinfo=dt.UTC)
    publish_plans(source, tmp_path / "before", moment, pdf=False, footprint=by_approved_moves)
    approve_move(receiving.code, dt.date(2020, 10, 1))
    publish_plans(source, tmp_path / "after", moment, pdf=False, footprint=by_approved_moves)
    before, after = (
        _published(tmp_path / "before", regions),
        _published(tmp_path / "after", regions),
    )
    for region in regions:
        page = _planned(national, region)
        for year, value in page.items():
            assert after[(region, year)] == pytest.approx(value)
    assert after[(old.region_id, "2020/21")] == before[(old.region_id, "2020/21")]
    assert after[(old.region_id, "2021/22")] < before[(old.region_id, "2021/22")]
    # the stamp says which changes the region totals follow: none before, the one after
    stamp = json.loads((tmp_path / "after" / "stamp.json").read_text())
    assert "footprint_changes" not in json.loads((tmp_path / "before" / "stamp.json").read_text())
    assert stamp["footprint_changes"] == [
        {
            "organisation": CCG,
            "from_system": OLD,
            "to_system": receiving.code,
            "effective": "2020-10-01",
        }
    ]
    method = (tmp_path / "after" / "method.html").read_text()
    assert "Footprint changes the region totals follow" in method
    assert f"<td>{CCG}</td>" in method
    about = openpyxl.load_workbook(tmp_path / "after" / "national-implementation-plan.xlsx")[
        "About"
    ]
    rows = [[c.value for c in row] for row in about.iter_rows()]
    assert [CCG, OLD, receiving.code, "2020-10-01"] in [r[:4] for r in rows]
