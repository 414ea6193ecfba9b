"""The analysts' API (issue 17 item 5): actuals, SPC, funnel data, the board's summary, the
roll-up and gaps, as JSON and CSV, equal to what the pages show and with their permissions;
listed in the OpenAPI document."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from ltpif.web.actuals.models import Actual
from tests.web.conftest import api_headers, client_for, user_of
from tests.web.test_monitoring_pages import elsewhere

pytestmark = pytest.mark.usefixtures("world")
METRIC = "ae-4-hour-performance"
AMBITION = "pcn-additional-roles-20000"


def get(member, url: str):
    return Client().get(url, headers=api_headers(member))


def test_a_lead_reads_their_systems_actuals_as_json_and_csv():
    lead = user_of("system_lead")
    code = lead.system.code
    found = get(lead, f"/api/monitoring/actuals/{METRIC}/{code}").json()
    stored = dict(
        Actual.objects.filter(metric=METRIC, org_code=code, quintile=0).values_list(
            "period", "value"
        )
    )
    assert {p["period"]: p["value"] for p in found["points"]} == stored
    periods = [p["period"] for p in found["points"]]
    assert periods == sorted(periods) and periods[0] == "2016-04"  # months sort as text
    assert {p["source"] for p in found["points"]} == {"synthetic"}  # the world's demo set
    response = get(lead, f"/api/monitoring/actuals/{METRIC}/{code}.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["period"] for r in rows] == periods
    assert float(rows[0]["value"]) == pytest.approx(stored["2016-04"])


def test_the_spc_and_funnel_answers_are_the_pages_csv():
    national = user_of("national")
    code = user_of("system_lead").system.code
    page = client_for(national).get(f"/monitoring/spc/{METRIC}/{code}/data.csv").content
    assert get(national, f"/api/monitoring/spc/{METRIC}/{code}.csv").content == page
    chart = get(national, f"/api/monitoring/spc/{METRIC}/{code}").json()
    assert chart["chart"] == "xmr" and chart["variation"] and len(chart["points"]) == 41
    funnel_page = client_for(national).get(f"/monitoring/funnel/{METRIC}/data.csv?period=2019-08")
    api = get(national, f"/api/monitoring/funnel/{METRIC}.csv?period=2019-08")
    assert api.content == funnel_page.content
    funnel = get(national, f"/api/monitoring/funnel/{METRIC}?overdispersion=none").json()
    assert funnel["period"] == "2019-08" and funnel["overdispersion"] == "none"
    assert len(funnel["points"]) == 42
    assert get(national, f"/api/monitoring/funnel/{METRIC}?overdispersion=wide").status_code == 422


def test_the_summary_holds_only_the_systems_the_caller_sees():
    lead = user_of("system_lead")
    mine = get(lead, "/api/monitoring/summary").json()
    assert [row["system"] for row in mine["rows"]] == [lead.system.code]
    every = get(user_of("observer"), "/api/monitoring/summary").json()
    assert len(every["rows"]) == 42
    text = get(lead, "/api/monitoring/summary.csv").content.decode()
    assert {r["system"] for r in csv.DictReader(io.StringIO(text))} == {lead.system.code}


def test_the_rollup_and_gaps_are_the_rollup_pages_csv():
    national = user_of("national")
    page = client_for(national).get("/rollup/ambitions.csv").content
    assert get(national, "/api/rollup/ambitions.csv").content == page
    rows = get(national, "/api/rollup/ambitions").json()
    assert AMBITION in {r["ambition"] for r in rows}
    gap = get(national, f"/api/rollup/gaps/{AMBITION}").json()
    assert gap["ambition"] == AMBITION and "trajectory" in gap["charts"]
    chart = client_for(national).get(f"/rollup/ambitions/{AMBITION}/trajectory.csv").content
    assert get(national, f"/api/rollup/gaps/{AMBITION}/trajectory.csv").content == chart
    regional = user_of("regional_lead")
    region = regional.region.code
    page = client_for(regional).get(f"/rollup/regions/{region}/ambitions.csv").content
    assert get(regional, f"/api/rollup/ambitions.csv?region={region}").content == page


def test_the_endpoints_are_in_the_openapi_document():
    paths = Client().get("/api/openapi.json").json()["paths"]
    for path in [
        "/api/monitoring/actuals/{metric}/{place}",
        "/api/monitoring/actuals/{metric}/{place}.csv",
        "/api/monitoring/spc/{metric}/{place}",
        "/api/monitoring/spc/{metric}/{place}.csv",
        "/api/monitoring/funnel/{metric}",
        "/api/monitoring/funnel/{metric}.csv",
        "/api/monitoring/summary",
        "/api/monitoring/summary.csv",
        "/api/rollup/ambitions",
        "/api/rollup/ambitions.csv",
        "/api/rollup/gaps/{ambition}",
        "/api/rollup/gaps/{ambition}/{chart}.csv",
    ]:
        assert path in paths, path
    csv_answer = paths["/api/monitoring/spc/{metric}/{place}.csv"]["get"]["responses"]["200"]
    assert "text/csv" in csv_answer["content"]


def test_unknown_metric_place_and_ambition_are_not_found():
    national = user_of("national")
    assert (
        get(
            national, f"/api/monitoring/spc/no-such/{elsewhere(user_of('system_lead').system).code}"
        ).status_code
        == 404
    )
    assert get(national, f"/api/monitoring/spc/{METRIC}/E99999999").status_code == 404
    assert get(national, "/api/rollup/gaps/no-such").status_code == 404
    assert get(national, "/api/rollup/ambitions?region=E49999999").status_code == 404
