"""Roll-up dashboards, what-if and the national publication: who sees what, and that the pages
show the domain's numbers (CSV = chart data, what-if = rollup.whatif) without writing plans."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import time
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from ltpif.framework.loader import load_pack
from ltpif.interchange.publication import svg
from ltpif.interchange.publication.opendata import csv_text
from ltpif.plans.document import Trajectory
from ltpif.rollup import regional, series
from ltpif.rollup.render import gap_words
from ltpif.rollup.run import run_rollup
from ltpif.rollup.whatif import what_if
from ltpif.web.planning import current_rollup
from ltpif.web.planning.models import ApiToken, AuditEvent, Membership, Plan, PlanVersion
from ltpif.web.planning.queries import document
from ltpif.web.publishing import runner
from ltpif.web.publishing.models import PublicationRun
from ltpif.web.views import rollup_views
from tests.web.conftest import FORBIDDEN, OK, SIGN_IN, check_page_for_both, client_for
from tests.web.test_publish_agreed import agree_every_plan

AMBITION = "pcn-additional-roles-20000"  # a national total, shared by need-weighted population
METRIC = "pcn-additional-roles-wte"
SHORT = "cancer-alliance-funding-400m"  # a demo system plans below its fair share of this
EVERY = "ld-health-check-coverage-75"  # an every-system standard on a ratio metric

PAGES = {
    "national": "/rollup/",
    "national-summary-csv": "/rollup/ambitions.csv",
    "national-ambition": f"/rollup/ambitions/{AMBITION}/",
    "national-csv": f"/rollup/ambitions/{AMBITION}/trajectory.csv",
    "region": "/rollup/regions/{region}/",
    "region-summary-csv": "/rollup/regions/{region}/ambitions.csv",
    "region-ambition": "/rollup/regions/{region}/ambitions/" + AMBITION + "/",
    "region-csv": "/rollup/regions/{region}/ambitions/" + AMBITION + "/contributions.csv",
    "what-if": "/rollup/what-if/?system={system}&metric=" + METRIC,
    "publications": "/publish/",
    # systems × feasibility checks (issue 14 item 5): as the roll-up it sits in
    "national-feasibility": "/rollup/feasibility/",
    "region-feasibility": "/rollup/regions/{region}/feasibility/",
}
NATIONAL_ONLY = (FORBIDDEN, FORBIDDEN)
# who: {page: (own system / region, another region's system / region)}
EXPECTED = {
    "lead": {**dict.fromkeys(PAGES, NATIONAL_ONLY), "what-if": (OK, FORBIDDEN)},
    "partner": dict.fromkeys(PAGES, NATIONAL_ONLY),
    "regional": {
        **dict.fromkeys(PAGES, NATIONAL_ONLY),
        "region": (OK, FORBIDDEN),
        "region-summary-csv": (OK, FORBIDDEN),
        "region-ambition": (OK, FORBIDDEN),
        "region-csv": (OK, FORBIDDEN),
        "region-feasibility": (OK, FORBIDDEN),
        "what-if": (OK, FORBIDDEN),
    },
    "national": dict.fromkeys(PAGES, (OK, OK)),
    "observer": {**dict.fromkeys(PAGES, (OK, OK)), "what-if": NATIONAL_ONLY},
    "anonymous": dict.fromkeys(PAGES, (SIGN_IN, SIGN_IN)),
}


CASES = [(who, name) for who in EXPECTED for name in PAGES]


@pytest.mark.parametrize(("who", "name"), CASES, ids=[f"{w}-{p}" for w, p in CASES])
def test_who_sees_which_page(scene, who, name):
    check_page_for_both(scene, who, PAGES[name], EXPECTED[who][name])


def test_dashboards_and_the_header_link_to_the_rollup(scene):
    own, _, members = scene
    national = client_for(members["national"]).get("/national/").content.decode()
    assert 'href="/rollup/"' in national and 'href="/publish/"' in national
    assert 'href="/rollup/what-if/"' in national  # in the header
    region = client_for(members["regional"]).get(f"/regions/{own.region_id}/").content.decode()
    assert f'href="/rollup/regions/{own.region_id}/"' in region
    home = client_for(members["lead"]).get("/").content.decode()
    assert 'href="/rollup/what-if/"' in home and 'href="/rollup/"' not in home


def _domain_rollup():
    """The roll-up computed straight from the working copies, without the web's cache."""
    pack = load_pack()
    plans = {p.system_id: document(p) for p in Plan.objects.all()}
    return pack, run_rollup(pack, plans)


def _gap(result, ambition):
    return next(g for g in result.gaps if g.ambition.id == ambition)


def test_national_dashboard_lists_every_ambition_and_what_it_reads(scene):
    _, _, members = scene
    response = client_for(members["national"]).get("/rollup/")
    text = response.content.decode()
    pack = load_pack()
    for ambition in pack.ambitions:
        assert f'data-ambition="{ambition.id}"' in text
    assert "working copies" in text and "42 plans" in text
    assert 'href="/rollup/ambitions.csv"' in text


def test_chart_csv_is_exactly_the_charted_numbers(scene):
    _, _, members = scene
    client = client_for(members["national"])
    pack, result = _domain_rollup()
    gap = _gap(result, AMBITION)

    response = client.get(f"/rollup/ambitions/{AMBITION}/trajectory.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="national-{AMBITION}-trajectory.csv"'
    )
    rows = series.trajectory_series(gap)
    assert response.content.decode() == csv_text(rows)

    page = client.get(f"/rollup/ambitions/{AMBITION}/").content.decode()
    # every planned value is drawn: a point of the line, titled with its value
    for row in rows:
        point = f"{row['year']}: {svg.compact(row['planned'])}</title>"
        assert point in page
    for chart in ("trajectory", "contributions"):
        assert f'href="/rollup/ambitions/{AMBITION}/{chart}.csv"' in page
    assert "Every system with a plan reaches its fair share." in page  # none is short
    assert "<desc>" in page and "<title>" in page

    regions = client.get(f"/rollup/ambitions/{AMBITION}/contributions.csv").content.decode()
    expected = [r for r in series.contribution_series(pack, gap) if r["level"] == "region"]
    assert regions == csv_text(expected)
    short = _gap(result, SHORT)
    furthest = client.get(f"/rollup/ambitions/{SHORT}/furthest.csv").content.decode()
    assert furthest == csv_text(regional.furthest_series(pack, short))
    assert len(regional.furthest_series(pack, short)) == len(short.furthest) > 0


def test_region_pages_show_only_the_regions_systems(scene):
    own, other, members = scene
    client = client_for(members["regional"])
    pack, result = _domain_rollup()
    gap = _gap(result, AMBITION)
    base = f"/rollup/regions/{own.region_id}/ambitions/{AMBITION}/"
    got = list(csv.DictReader(io.StringIO(client.get(base + "contributions.csv").content.decode())))
    members_of = set(regional.systems_of(pack, own.region_id))
    assert {row["system"] for row in got} == members_of
    assert other.code not in members_of
    trajectory = client.get(base + "trajectory.csv").content.decode()
    expected = regional.region_trajectory_series(pack, result.totals, gap, own.region_id)
    assert trajectory == csv_text(expected)
    page = client.get(base).content.decode()
    assert other.name not in page
    every = client.get(f"/rollup/regions/{own.region_id}/ambitions/{EVERY}/")
    assert every.status_code == 200


def test_unknown_ambition_or_chart_is_not_found(scene):
    _, _, members = scene
    client = client_for(members["national"])
    assert client.get("/rollup/ambitions/no-such-thing/").status_code == 404
    assert client.get(f"/rollup/ambitions/{AMBITION}/nothing.csv").status_code == 404
    assert client.get("/rollup/regions/E40000999/").status_code == 404


def test_the_rollup_is_cached_until_a_plan_changes(scene):
    first = current_rollup.current()
    assert current_rollup.current() is first
    plan = Plan.objects.order_by("pk").first()
    Plan.objects.filter(pk=plan.pk).update(lock_version=plan.lock_version + 1)
    assert current_rollup.current() is not first


def test_a_saved_plan_is_in_the_next_rollup(scene):
    """The next roll-up is made from the last one: the saved plan's totals are the new ones."""
    first = current_rollup.current()
    plan = Plan.objects.order_by("pk").first()
    working = plan.working
    entry = next(e for e in working["commitments"] if e.get("trajectories"))
    trajectory = entry["trajectories"][0]
    for part in ("values", "numerator"):
        trajectory[part] = {year: value * 3 for year, value in trajectory.get(part, {}).items()}
    Plan.objects.filter(pk=plan.pk).update(
        working=working, lock_version=plan.lock_version + 1, updated_at=timezone.now()
    )

    now = current_rollup.current()
    _, fresh = _domain_rollup()
    assert now.rollup.totals == fresh.totals != first.rollup.totals
    assert now.rollup.gaps == fresh.gaps


def test_the_overview_shows_a_save_made_since_it_was_drawn(scene):
    """The overview's body is kept while the roll-up is the same; after a plan changes, it
    shows what a process that kept nothing draws (and a region's as well)."""
    _, _, members = scene
    plan = Plan.objects.select_related("system").order_by("pk").first()
    readers = {
        "/rollup/": client_for(members["national"]),
        f"/rollup/regions/{plan.system.region_id}/": client_for(members["national"]),
    }

    def tables() -> list[str]:
        pages = [who.get(url).content.decode() for url, who in readers.items()]
        return [page.split('data-testid="ambitions"')[1].split("</table>")[0] for page in pages]

    before = tables()
    working = plan.working
    for entry in working["commitments"]:
        for trajectory in entry.get("trajectories", []):
            for part in ("values", "numerator"):
                values = trajectory.get(part, {})
                trajectory[part] = {year: value * 3 for year, value in values.items()}
    Plan.objects.filter(pk=plan.pk).update(
        working=working, lock_version=plan.lock_version + 1, updated_at=timezone.now()
    )
    after = tables()
    rollup_views._bodies.forget()
    rollup_views._drawn.forget()
    assert after == tables()  # drawn afresh
    assert all(old != new for old, new in zip(before, after, strict=True))


def _snapshot() -> tuple:
    plans = list(Plan.objects.order_by("pk").values_list("pk", "lock_version", "updated_at"))
    return plans, AuditEvent.objects.count(), PlanVersion.objects.count()


def _values(pack, years, value):
    return {f"values__{year}": str(value + k * 100) for k, year in enumerate(years)}


def test_what_if_changes_the_gap_as_the_domain_does_and_saves_nothing(scene):
    own, _, members = scene
    client = client_for(members["lead"])
    pack, result = _domain_rollup()
    before = _snapshot()
    working = Plan.objects.get(system=own).working
    form = {"system": own.code, "metric": METRIC, **_values(pack, pack.plan_years, 5000)}
    response = client.post("/rollup/what-if/", form, headers={"HX-Request": "true"})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="what-if-result"' in text and "<html" not in text  # a partial

    trajectory = Trajectory(
        metric=METRIC, values={y: 5000.0 + k * 100 for k, y in enumerate(pack.plan_years)}
    )
    [expected] = what_if(pack, result.rows, own.code, trajectory)
    assert expected.after.at_due.gap != expected.before.at_due.gap
    for year in expected.after.years:
        assert gap_words(expected.after, year.gap) in text
    assert _snapshot() == before
    assert Plan.objects.get(system=own).working == working


def test_what_if_bad_values_show_the_error_summary(scene):
    own, _, members = scene
    client = client_for(members["national"])
    pack = load_pack()
    year = pack.plan_years[2]
    form = {"system": own.code, "metric": METRIC, f"values__{year}": "lots"}
    response = client.post("/rollup/what-if/", form)
    assert response.status_code == 400
    text = response.content.decode()
    assert "nhsuk-error-summary" in text
    assert f'href="#values__{year}"' in text
    assert f'id="values__{year}-error"' in text
    assert 'value="lots"' in text  # the input is kept


def test_what_if_denominator_zero_is_refused(scene):
    own, _, members = scene
    metric = next(a.metric for a in load_pack().ambitions if a.id == EVERY)
    form = {
        "system": own.code,
        "metric": metric,
        "numerator__2019/20": "5",
        "denominator__2019/20": "0",
    }
    response = client_for(members["national"]).post("/rollup/what-if/", form)
    assert response.status_code == 400
    assert "denominator cannot be zero" in response.content.decode()


def test_what_if_on_another_regions_system_is_refused(scene):
    _, other, members = scene
    for who in ("lead", "regional"):
        response = client_for(members[who]).post(
            "/rollup/what-if/", {"system": other.code, "metric": METRIC, "values__2019/20": "1"}
        )
        assert response.status_code == 403


def _token(member: Membership) -> str:
    token = f"token-{member.user.username}"
    ApiToken.objects.get_or_create(
        user=member.user, sha256=hashlib.sha256(token.encode()).hexdigest(), defaults={"name": "t"}
    )
    return token


def test_what_if_api(scene):
    own, other, members = scene
    client = Client()
    pack, result = _domain_rollup()
    headers = {"Authorization": f"Bearer {_token(members['lead'])}"}
    values = {y: 4000 + k for k, y in enumerate(pack.plan_years)}
    before = _snapshot()
    body = {"system": own.code, "metric": METRIC, "values": values}
    response = client.post(
        "/api/what-if", json.dumps(body), content_type="application/json", headers=headers
    )
    assert response.status_code == 200, response.content
    got = response.json()
    assert got["saved"] is False
    [answer] = got["ambitions"]
    [expected] = what_if(pack, result.rows, own.code, Trajectory(metric=METRIC, values={**values}))
    assert [y["gap_after"] for y in answer["years"]] == [y.gap for y in expected.after.years]
    assert [y["gap_before"] for y in answer["years"]] == [y.gap for y in expected.before.years]
    assert _snapshot() == before

    other_body = {**body, "system": other.code}
    refused = client.post(
        "/api/what-if", json.dumps(other_body), content_type="application/json", headers=headers
    )
    assert refused.status_code == 403
    bad = client.post(
        "/api/what-if",
        json.dumps({**body, "values": {"2019/20": "lots", "2099/00": 1}}),
        content_type="application/json",
        headers=headers,
    )
    assert bad.status_code == 422
    fields = {p["field"] for p in bad.json()["problems"]}
    assert fields == {"values__2019/20", "values__2099/00"}
    observer = {"Authorization": f"Bearer {_token(members['observer'])}"}
    assert (
        client.post(
            "/api/what-if", json.dumps(body), content_type="application/json", headers=observer
        ).status_code
        == 403
    )


# --- publishing ----------------------------------------------------------------------------


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def in_request(monkeypatch):
    """Build in the request instead of a thread: the test's transaction sees the run."""
    monkeypatch.setattr(runner, "launch", runner.execute)


@pytest.mark.usefixtures("in_request")
def test_publish_builds_the_files_and_serves_them(scene, data_dir):
    _, _, members = scene
    agree_every_plan()  # every plan agreed: nothing to choose before publishing
    client = client_for(members["national"])
    response = client.post("/publish/", {})  # no "pdf": the PDF is slow and tested elsewhere
    assert response.status_code == 302
    run = PublicationRun.objects.get()
    assert response["Location"] == f"/publish/{run.pk}/"
    assert run.status == PublicationRun.DONE, run.error
    assert run.step_number == run.steps == 4
    folder = data_dir / "publications" / str(run.pk)
    assert Path(run.folder) == folder
    for name in ("index.html", "national-implementation-plan.xlsx", "data/ambition_gaps.csv"):
        assert (folder / name).is_file()
    assert not (folder / "national-implementation-plan.pdf").exists()
    assert run.stamp["plans"] == 42

    page = client.get(f"/publish/{run.pk}/").content.decode()
    assert f'href="/publish/{run.pk}/files/index.html"' in page
    assert "hx-trigger" not in page  # finished: no more polling
    site = client.get(f"/publish/{run.pk}/files/index.html")
    assert site.status_code == 200
    assert b"National implementation plan" in _read(site)
    data = client.get(f"/publish/{run.pk}/files/data/ambition_gaps.csv")
    assert _read(data) == (folder / "data" / "ambition_gaps.csv").read_bytes()
    workbook = client.get(f"/publish/{run.pk}/files/national-implementation-plan.xlsx")
    assert "attachment" in workbook["Content-Disposition"]
    _read(workbook)
    for sneaky in ("../../ltpif.sqlite3", "..%2f..%2fsecret", "/etc/passwd", "data/../../x"):
        assert client.get(f"/publish/{run.pk}/files/{sneaky}").status_code == 404
    actions = list(AuditEvent.objects.filter(plan=None).values_list("action", flat=True))
    assert "publish_national_plan" in actions and "national_plan_done" in actions
    observer = client_for(members["observer"])
    assert _read(observer.get(f"/publish/{run.pk}/files/index.html"))


def _read(response) -> bytes:
    """A file response's bytes. The test client closes the file once they are read, without
    the request_finished signal that would close the test's database connection."""
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_publish_is_for_the_national_team_only(scene, data_dir):
    _, _, members = scene
    for who in ("lead", "partner", "regional", "observer"):
        response = client_for(members[who]).post("/publish/", {})
        assert response.status_code == 403, who
    assert not PublicationRun.objects.exists()
    assert Client().post("/publish/", {}).status_code == 302  # to sign in


def test_a_second_run_is_refused_while_one_runs(scene, data_dir, monkeypatch):
    _, _, members = scene
    started = []
    monkeypatch.setattr(runner, "launch", started.append)  # it stays running
    client = client_for(members["national"])
    assert client.post("/publish/", {"missing": "omit"}).status_code == 302
    [run_id] = started
    response = client.post("/publish/", {"missing": "omit"})
    assert response.status_code == 409
    assert "already being built" in response.content.decode()
    assert started == [run_id] and PublicationRun.objects.count() == 1
    status = client.get(f"/publish/{run_id}/status/").content.decode()
    assert 'hx-trigger="every 1s"' in status and "<progress" in status


def test_a_csrf_token_is_needed_to_publish(scene, data_dir):
    _, _, members = scene
    client = Client(enforce_csrf_checks=True)
    client.force_login(members["national"].user)
    assert client.post("/publish/", {}).status_code == 403
    assert not PublicationRun.objects.exists()


# Committed data, so the thread's own connection sees the run. No serialized rollback: the
# `world` fixture reloads what the flush at the end removes, for any test that comes after.
@pytest.mark.django_db(transaction=True)
def test_publish_in_a_background_thread(world, data_dir):
    """The real path: the request returns at once; the thread builds and records progress."""
    national = Membership.objects.get(role="national")
    agree_every_plan()
    client = client_for(national)
    response = client.post("/publish/", {})
    assert response.status_code == 302
    run = PublicationRun.objects.get()
    seen = set()
    deadline = time.monotonic() + 120
    while run.status == PublicationRun.RUNNING and time.monotonic() < deadline:
        seen.add(run.step)
        time.sleep(0.1)
        run.refresh_from_db()
    assert run.status == PublicationRun.DONE, run.error
    assert (data_dir / "publications" / str(run.pk) / "index.html").is_file()
    assert client.get(f"/publish/{run.pk}/status/").content.decode().count("files/") >= 3


NOISE = re.compile(r"\.\d*(0{6}|9{6})\d")  # 312.28000000000003, 40.199999999999996


@pytest.mark.parametrize("chart", ["trajectory", "contributions", "furthest"])
def test_csv_downloads_carry_no_float_noise(scene, chart):
    _, _, members = scene
    client = client_for(members["national"])
    for ambition in (AMBITION, SHORT):
        text = client.get(f"/rollup/ambitions/{ambition}/{chart}.csv").content.decode()
        assert NOISE.search(text) is None, NOISE.search(text)
    assert NOISE.search(client.get("/rollup/ambitions.csv").content.decode()) is None
