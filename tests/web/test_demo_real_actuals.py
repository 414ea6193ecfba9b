"""The demo's A&E actuals are NHS England's real files where the shared data folder has them
(issue 17 item 3): the plan's first year, April to December 2019, is published figures,
labelled so; what stays made up is labelled synthetic; without the folder, all synthetic."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from ltpif.framework.loader import load_pack
from ltpif.geography.lookups import default_lookups_dir
from ltpif.web.actuals.demo import REAL_AE_FILES, load_real_ae
from ltpif.web.actuals.models import Actual, ActualsLoad
from tests.web.conftest import client_for, user_of

pytestmark = pytest.mark.usefixtures("world")
PACK = load_pack()
LOOKUPS = default_lookups_dir()
needs_data = pytest.mark.skipif(
    LOOKUPS is None or not all((LOOKUPS / f).is_file() for f in REAL_AE_FILES),
    reason="the shared data folder with NHS England's A&E files is not here",
)
PLAN_YEAR = [f"2019-{m:02d}" for m in range(4, 13)]


def test_without_the_shared_folder_the_demo_stays_synthetic(tmp_path):
    before = ActualsLoad.objects.count()
    assert load_real_ae(PACK, None) == []
    assert load_real_ae(PACK, tmp_path) == []  # a folder without the files
    assert ActualsLoad.objects.count() == before
    html = client_for(user_of("national")).get("/monitoring/").content.decode()
    assert 'data-testid="synthetic-warning"' in html


@needs_data
def test_the_plan_year_is_the_real_file_and_says_so():
    outcomes = load_real_ae(PACK, LOOKUPS)
    assert [o.file.name for o in outcomes] == list(REAL_AE_FILES)
    assert all(o.loaded and o.loaded.format == "ae-monthly" for o in outcomes)
    # England's attendances in the 2019/20 file, summed straight from the file here
    england: dict[str, float] = defaultdict(float)
    with (LOOKUPS / REAL_AE_FILES[1]).open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            england[row["period"][:7]] += float(row["attendances"])
    stored = dict(
        Actual.objects.filter(
            level="national", metric="ae-attendances", period__in=PLAN_YEAR
        ).values_list("period", "value")
    )
    assert stored == pytest.approx(dict(england))
    lead = user_of("system_lead")
    client = client_for(lead)
    code = lead.system.code
    html = client.get(f"/monitoring/spc/ae-4-hour-performance/{code}/").content.decode()
    for period in PLAN_YEAR:
        assert f'data-period="{period}" data-variation' in html
    text = client.get(f"/monitoring/spc/ae-4-hour-performance/{code}/data.csv").content.decode()
    sources = {r["period"]: r["source"] for r in csv.DictReader(text.splitlines())}
    assert {sources[p] for p in PLAN_YEAR} == {"published"}
    # the waiting list has no real file here: still made up, and labelled so
    waits = client.get(f"/monitoring/spc/rtt-waiting-list/{code}/data.csv").content.decode()
    assert {r["source"] for r in csv.DictReader(waits.splitlines())} == {"synthetic"}
