"""The monitoring pages on the demo's synthetic actuals: who sees what, and that every icon,
point and CSV row is what the monitoring domain computes from the stored actuals."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.utils import timezone

from ltpif.demo.actuals import SOURCE, special_cause_places
from ltpif.framework.loader import load_pack
from ltpif.monitoring.charts import chart_csv, label_sources, spc_chart
from ltpif.monitoring.definitions import catalogue_for, target_for
from ltpif.monitoring.summary import summary_matrix
from ltpif.monitoring.trajectory import plan_trajectory
from ltpif.web.actuals.models import Actual, ActualsLoad
from ltpif.web.actuals.queries import everything, series
from ltpif.web.planning import actions
from ltpif.web.planning.models import Membership, Plan, System
from ltpif.web.planning.queries import document
from tests.web.conftest import client_for, user_of

pytestmark = pytest.mark.usefixtures("world")
PACK = load_pack()
CATALOGUE = catalogue_for(PACK)
ROLES = ("system_lead", "la_partner", "regional_lead", "national", "observer")


def people() -> dict[str, Membership]:
    """A lead and a partner of one system, the lead of its region, national and observer."""
    lead = user_of("system_lead")
    same = Membership.objects.select_related("user", "system", "region")
    return {
        "system_lead": lead,
        "la_partner": same.get(role="la_partner", system=lead.system),
        "regional_lead": same.get(role="regional_lead", region=lead.system.region),
        "national": user_of("national"),
        "observer": user_of("observer"),
    }


def elsewhere(system: System) -> System:
    return System.objects.exclude(region=system.region).order_by("code").first()


Y, N = 200, 403
# page: expected status for (lead, partner, regional lead, national, observer)
MATRIX = {
    "summary": (Y, Y, Y, Y, Y),
    "loads": (Y, Y, Y, Y, Y),
    "own-spc": (Y, Y, Y, Y, Y),
    "own-spc-csv": (Y, Y, Y, Y, Y),
    "other-spc": (N, N, N, Y, Y),
    "other-spc-csv": (N, N, N, Y, Y),
    "england-spc": (N, N, N, Y, Y),
    "own-inequalities": (Y, Y, Y, Y, Y),
    "other-inequalities": (N, N, N, Y, Y),
    "england-inequalities": (N, N, N, Y, Y),
    "funnel": (N, N, N, Y, Y),
    "funnel-csv": (N, N, N, Y, Y),
    "upload": (N, N, N, Y, N),  # the national team loads actuals (test_upload_actuals.py)
}


URLS = {
    "summary": "/monitoring/",
    "loads": "/monitoring/loads/",
    "own-spc": "/monitoring/spc/ae-4-hour-performance/{own}/",
    "own-spc-csv": "/monitoring/spc/ae-4-hour-performance/{own}/data.csv",
    "other-spc": "/monitoring/spc/ae-4-hour-performance/{other}/",
    "other-spc-csv": "/monitoring/spc/ae-4-hour-performance/{other}/data.csv",
    "england-spc": "/monitoring/spc/ae-4-hour-performance/national/",
    "own-inequalities": "/monitoring/inequalities/ae-4-hour-performance/{own}/",
    "other-inequalities": "/monitoring/inequalities/ae-4-hour-performance/{other}/",
    "england-inequalities": "/monitoring/inequalities/ae-4-hour-performance/national/",
    "funnel": "/monitoring/funnel/ae-4-hour-performance/",
    "funnel-csv": "/monitoring/funnel/ae-4-hour-performance/data.csv",
    "upload": "/monitoring/upload/",
}


def url(name: str, own: System) -> str:
    return URLS[name].format(own=own.code, other=elsewhere(own).code)


@pytest.mark.parametrize("name", MATRIX)
def test_who_sees_which_page(name):
    members = people()
    own = members["system_lead"].system
    for role, expected in zip(ROLES, MATRIX[name], strict=True):
        response = client_for(members[role]).get(url(name, own))
        assert response.status_code == expected, (name, role)


def test_the_header_and_home_link_to_monitoring():
    html = client_for(user_of("system_lead")).get("/").content.decode()
    assert 'href="/monitoring/"' in html and 'data-testid="monitoring-link"' in html


def cells(html: str) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(system, metric) → (variation, target assurance, trajectory assurance) shown."""
    found = {}
    for row in html.split('data-system="')[1:]:
        system = row.split('"', 1)[0]
        for cell in row.split('data-metric="')[1:]:
            metric, body = cell.split('"', 1)
            body = body.split("</td>", 1)[0]

            def icon(attribute: str, body: str = body) -> str:
                match = re.search(rf'{attribute}="([^"]+)"', body)
                return match.group(1) if match else ""

            found[(system, metric)] = (
                icon("data-variation"),
                icon("data-target-assurance"),
                icon("data-trajectory-assurance"),
            )
    return found


def expected_matrix(codes: set[str]) -> dict:
    systems = [(s.code, s.name) for s in PACK.geography.system if s.code in codes]
    plans = {}
    for plan in Plan.objects.filter(system_id__in=codes):
        for metric in CATALOGUE.metrics:
            by_year = plan_trajectory(document(plan), metric)
            if by_year:
                plans[(plan.system_id, metric)] = by_year
    return summary_matrix(
        [a for a in everything() if a.org_code in codes],
        CATALOGUE.metrics,
        PACK.year_calendar,
        systems=systems,
        targets={m: target_for(PACK, CATALOGUE.metrics[m], "system") for m in CATALOGUE.metrics},
        plans=plans,
    )


def test_the_summary_shows_summary_matrix_icons_for_every_system():
    html = client_for(user_of("national")).get("/monitoring/").content.decode()
    shown = cells(html)
    matrix = expected_matrix({s.code for s in PACK.geography.system})
    assert len(matrix["rows"]) == 42 and len(matrix["metrics"]) == 5
    expected = {
        (row["system"], metric): (
            cell["variation"],
            cell["assurance"] or "",
            cell["trajectory_assurance"] or "",
        )
        for row in matrix["rows"]
        for metric, cell in row["cells"].items()
    }
    assert shown == expected
    assert {v for v, _, _ in expected.values()} >= {"common-cause", "concern-low"}
    # every icon carries its meaning as a text alternative
    for label in ("Special cause variation: concern (lower values)", "Common cause variation"):
        assert f'role="img" aria-label="{label}"' in html
    icons = re.findall(r'<span class="ltpif-icon[^"]*" role="img" aria-label="([^"]+)"', html)
    assert icons and all(icons)
    assert 'data-testid="legend"' in html


def _admissions_saver(plan, lead):
    """A save of the plan's emergency admissions trajectory at `scale` times its values:
    returns the values saved."""
    entry, trajectory = next(
        (e, t)
        for e in document(plan).commitments
        for t in e.trajectories
        if t.metric == "emergency-admissions"
    )

    def save(scale: float) -> dict[str, float]:
        values = {year: value * scale for year, value in trajectory.values.items()}
        actions.update_trajectories(
            plan=plan,
            commitment=entry.commitment,
            trajectories=[{"metric": trajectory.metric, "values": values}],
            lock_version=plan.lock_version,
            by=lead.user,
        )
        return values

    return save


def test_the_summary_follows_each_saved_trajectory():
    """Cells are kept between requests: a save charts its plan's cells again."""
    client, lead = client_for(user_of("national")), user_of("system_lead")
    plan = Plan.objects.get(system=lead.system)
    saving = _admissions_saver(plan, lead)
    client.get("/monitoring/")
    shown = []
    for scale in (0.5, 2):
        saving(scale)
        cell = cells(client.get("/monitoring/").content.decode())[
            (plan.system_id, "emergency-admissions")
        ]
        expected = expected_matrix({plan.system_id})["rows"][0]["cells"]["emergency-admissions"]
        assert cell[2] == expected["trajectory_assurance"]
        shown.append(cell[2])
    assert shown[0] != shown[1]


def test_the_summary_follows_each_load_and_each_renamed_system():
    """The page's body is kept between requests: a file loaded, or a system renamed, draws
    it again."""
    client = client_for(user_of("national"))
    count = ActualsLoad.objects.count()
    assert f"({count} file(s):" in client.get("/monitoring/").content.decode()
    ActualsLoad.objects.create(
        sha256="e" * 64, source="test", format="long", loaded_at=timezone.now(), rows=0, actuals=0
    )
    assert f"({count + 1} file(s):" in client.get("/monitoring/").content.decode()
    system = System.objects.order_by("code").first()
    System.objects.filter(pk=system.pk).update(name="Renamed for the test")
    html = client.get("/monitoring/").content.decode()
    row = html.split(f'data-system="{system.code}"')[1].split("</th>")[0]
    assert "Renamed for the test" in row


def test_the_summary_filters_by_region_and_shows_only_what_a_role_sees():
    members = people()
    own = members["system_lead"].system
    html = client_for(members["system_lead"]).get("/monitoring/").content.decode()
    assert set(re.findall(r'data-system="([^"]+)"', html)) == {own.code}
    regional = client_for(members["regional_lead"]).get("/monitoring/").content.decode()
    in_region = set(System.objects.filter(region=own.region).values_list("code", flat=True))
    assert set(re.findall(r'data-system="([^"]+)"', regional)) == in_region
    filtered = client_for(members["national"]).get(f"/monitoring/?region={own.region_id}")
    assert set(re.findall(r'data-system="([^"]+)"', filtered.content.decode())) == in_region


def test_the_spc_page_shows_each_planted_special_cause():
    client = client_for(user_of("national"))
    for code, cause in special_cause_places(PACK):
        html = client.get(f"/monitoring/spc/{cause.metric}/{code}/").content.decode()
        kind = (
            "concern"
            if cause.factor < 0 or cause.metric == "emergency-admissions"
            else "improvement"
        )
        # the SVG point and the table row of the cause's first period are special cause
        point = re.search(
            rf'<circle[^>]*data-period="{cause.first}" data-variation="([^"]+)"', html
        )
        assert point and point.group(1).startswith(kind), (code, cause)
        colour = {"concern": "#ed8b00", "improvement": "#005eb8"}[kind]
        assert f'fill="{colour}" data-period="{cause.first}"' in html
    shift = special_cause_places(PACK)[1]
    html = client.get(f"/monitoring/spc/{shift[1].metric}/{shift[0]}/").content.decode()
    assert 'data-testid="variation"' in html and "concern (lower values)" in html


def test_the_spc_page_draws_the_plans_trajectory_with_a_period_table():
    lead = user_of("system_lead")
    code = lead.system.code
    html = client_for(lead).get(f"/monitoring/spc/emergency-admissions/{code}/").content.decode()
    assert "Plan trajectory" in html and 'stroke="#330072"' in html
    table = html.split('data-testid="trajectory-table"')[1].split("</table>")[0]
    periods = re.findall(r'data-period="([^"]+)"', table)
    assert periods[0] == "2018-04" and periods[-1] == "2019-08" and len(periods) == 17
    by_year = plan_trajectory(document(Plan.objects.get(system_id=code)), "emergency-admissions")
    assert f"{by_year['2018/19'] / 12:,.0f}" in table  # a flow: the year's total spread evenly


def test_the_spc_page_follows_each_saved_trajectory_and_each_load():
    """A chart drawn is kept between requests: a save of its plan's trajectory, or a file
    loaded (here a published value replacing a synthetic one), draws it again."""
    lead = user_of("system_lead")
    client, code = client_for(lead), lead.system.code
    page = f"/monitoring/spc/emergency-admissions/{code}/"
    plan = Plan.objects.get(system=lead.system)
    saving = _admissions_saver(plan, lead)
    client.get(page)
    for scale in (0.5, 2):
        values = saving(scale)
        plan.refresh_from_db()
        table = client.get(page).content.decode().split('data-testid="trajectory-table"')[1]
        row = table.split('data-period="2018-04"')[1].split("</tr>")[0]
        assert f"{values['2018/19'] / 12:,.0f}" in row  # a flow: the year's total spread evenly
    first = Actual.objects.get(
        metric="emergency-admissions", org_code=code, period="2016-04", quintile=0
    )
    assert 'data-period="2016-04" data-variation="common-cause" data-source="synthetic"' in (
        client.get(page).content.decode()
    )
    load = ActualsLoad.objects.create(
        sha256="f" * 64, source="test", format="long", loaded_at=timezone.now(), rows=1, actuals=1
    )
    Actual.objects.filter(pk=first.pk).update(load=load, value=123456.0)
    html = client.get(page).content.decode()
    row = html.split('data-testid="points"')[1].split('data-period="2016-04"')[1]
    assert 'data-source="published"' in row.split(">")[0] and "123,456" in row.split("</tr>")[0]


def direct_chart(metric_id: str, code: str) -> dict:
    system = PACK.system_by_code[code]
    metric = CATALOGUE.metrics[metric_id]
    plan = plan_trajectory(document(Plan.objects.get(system_id=code)), metric_id)
    found = series(metric_id, code)
    chart = spc_chart(
        found,
        metric,
        PACK.year_calendar,
        place=f"{system.name} ({code})",
        target=target_for(PACK, metric, "system"),
        plan_by_year=plan or None,
    )
    # the world's actuals are all the demo's synthetic set: every point is labelled so
    return label_sources(chart, {a.period for a in found})


def test_the_csv_download_is_the_charts_data():
    lead = user_of("system_lead")
    code = lead.system.code
    response = client_for(lead).get(f"/monitoring/spc/rtt-waiting-list/{code}/data.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert text == chart_csv(direct_chart("rtt-waiting-list", code))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["source"] for row in rows} == {"synthetic"}
    stored = dict(
        Actual.objects.filter(metric="rtt-waiting-list", org_code=code).values_list(
            "period", "value"
        )
    )
    assert {r["period"]: float(r["value"]) for r in rows} == stored
    assert len(rows) == 41 and rows[0]["period"] == "2016-04"


def test_the_funnel_page_flags_and_downloads():
    client = client_for(user_of("observer"))
    html = client.get("/monitoring/funnel/ae-4-hour-performance/").content.decode()
    assert "2019-08" in html and 'data-testid="funnel-chart"' in html
    assert len(re.findall(r'<tr class="nhsuk-table__row" data-org=', html)) == 42
    flagged = set(re.findall(r'data-org="([^"]+)" data-flag="(?!within)', html))
    text = client.get("/monitoring/funnel/ae-4-hour-performance/data.csv?period=2019-01").content
    rows = list(csv.DictReader(io.StringIO(text.decode())))
    assert len(rows) == 42 and {"lower_95", "upper_99_8", "flag", "direction"} <= set(rows[0])
    # the planted fall in four-hour performance is outside the limits by 2019-08: worse
    fallen = special_cause_places(PACK)[1][0]
    assert fallen in flagged
    # the default allows for overdispersion (the systems differ beyond chance) and says so
    assert "adjusted for overdispersion by additive random effects" in html
    assert "exact binomial limits without the adjustment would put" in html
    plain = client.get("/monitoring/funnel/ae-4-hour-performance/?overdispersion=none").content
    assert "Exact binomial limits." in plain.decode()
    plain_flagged = set(re.findall(r'data-org="([^"]+)" data-flag="(?!within)', plain.decode()))
    assert flagged < plain_flagged
    worse = html.split('data-testid="funnel-concern">Worse than expected</h2>')[1]
    named = re.findall(r'<li data-org="([^"]+)">', worse.split("</ul>")[0])
    assert fallen in named
    row = r'<tr class="nhsuk-table__row" data-org="([^"]+)" data-flag="[^"]+" data-direction="{}"'
    assert named == re.findall(row.format("concern"), html)
    better = re.findall(row.format("improvement"), html)
    section = html.split('data-testid="funnel-improvement">Better than expected</h2>')[1]
    assert re.findall(r'<li data-org="([^"]+)">', section.split("</ul>")[0]) == better != []
    wide = client.get("/monitoring/funnel/ae-4-hour-performance/?overdispersion=1").content
    assert "widened for overdispersion (φ = " in wide.decode()
    missing = client.get("/monitoring/funnel/ae-attendances/")
    assert missing.status_code == 404 and b"not a proportion" in missing.content


def test_the_loads_page_lists_the_synthetic_demo_load():
    html = client_for(user_of("la_partner")).get("/monitoring/loads/").content.decode()
    load = ActualsLoad.objects.get(source=SOURCE)
    assert "SYNTHETIC" in html and load.sha256[:12] in html
    assert f"{load.actuals:,}" in html


def test_unknown_metric_or_system_is_not_found():
    client = client_for(user_of("national"))
    assert client.get("/monitoring/spc/waits/national/").status_code == 404
    assert client.get("/monitoring/spc/ae-attendances/E54999999/").status_code == 404


def test_the_inequalities_page_shows_quintiles_and_the_gap(db):
    """Four months of 18-week shares by quintile for the lead's system; by hand, the gap
    (higher is better: least − most deprived) is 0.80 − 0.60 = 0.20, then 0.18, 0.15, 0.12."""
    from ltpif.monitoring.actuals import Actual as Value
    from ltpif.monitoring.pipelines.store import Pending
    from ltpif.monitoring.sources import SourceResult
    from ltpif.web.actuals.queries import DatabaseStore

    own = people()["system_lead"].system
    most = {"2019-04": 0.60, "2019-05": 0.62, "2019-06": 0.65, "2019-07": 0.68}
    values = [  # the least deprived steady at 80%, the other fifths evenly between
        Value("system", own.code, "rtt-within-18-weeks", month, share, None, None, q)
        for month, low in most.items()
        for q, share in enumerate((low + (0.80 - low) * k / 4 for k in range(5)), start=1)
    ]
    DatabaseStore().write(
        [Pending("quintiles.csv", "f" * 64, "long", SourceResult(values, [], 20))]
    )
    url = f"/monitoring/inequalities/rtt-within-18-weeks/{own.code}/"
    html = client_for(user_of("system_lead")).get(url).content.decode()
    gaps = re.findall(r'data-testid="row-gap">([^<]+)<', html)
    assert gaps == ["20.0%", "18.0%", "15.0%", "12.0%"]
    assert 'data-testid="most">68.0%<' in html and 'data-testid="least">80.0%<' in html
    assert 'data-testid="gap-chart"' in html and 'data-testid="gap-trend"' in html
    assert '<td class="nhsuk-table__cell" data-quintile="3">70.0%</td>' in html
