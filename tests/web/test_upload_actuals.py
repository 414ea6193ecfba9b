"""Uploading actuals in the web (issue 17 item 4): the national team's form, the CLI's loading
(all or nothing, every problem with its place), the size limit, the run's status panel."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from ltpif.web.actuals.models import Actual, ActualsLoad
from ltpif.web.planning.models import AuditEvent
from ltpif.web.uploads import runner
from ltpif.web.uploads.models import ActualsUpload
from tests.web.conftest import client_for, user_of

pytestmark = pytest.mark.usefixtures("world")

HEADER = "organisation_code,metric,period,value,numerator,denominator\n"
# a system of the pack (E54000007) by its ONS code; months after the demo's
GOOD = HEADER + (
    "E54000007,rtt-waiting-list,2019-09,150327,,\nE54000007,rtt-waiting-list,2019-10,151002,,\n"
)
# line 2: a thousands separator; line 3: an unknown metric; line 4: a negative count
BAD = HEADER + (
    'E54000007,rtt-waiting-list,2019-09,"1,250",,\n'
    "E54000007,no-such-metric,2019-09,5,,\n"
    "E54000007,rtt-waiting-list,2019-10,-5,,\n"
)


@pytest.fixture(autouse=True)
def in_the_request(monkeypatch, tmp_path, settings):
    """Load in the request (the thread is `test_e2e_upload`'s), files in a temporary folder."""
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(runner, "launch", runner.execute)


def post(member, name: str, text: str, fmt: str = "long"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client_for(member).post("/monitoring/upload/", {"format": fmt, "file": file})


def test_the_national_team_uploads_a_file_and_sees_its_load():
    national = user_of("national")
    before = ActualsLoad.objects.count()
    response = post(national, "waits.csv", GOOD)
    assert response.status_code == 302
    upload = ActualsUpload.objects.latest("id")
    assert response["Location"] == f"/monitoring/upload/{upload.pk}/"
    assert upload.status == "done" and upload.file_name == "waits.csv", (
        upload.problems,
        upload.error,
    )
    load = ActualsLoad.objects.get(pk=upload.loads[0])
    assert ActualsLoad.objects.count() == before + 1
    assert (load.source, load.format, load.rows, load.actuals) == ("waits.csv", "long", 2, 2)
    assert load.loaded_by == national.user
    stored = Actual.objects.get(load=load, period="2019-09")
    assert (stored.org_code, stored.metric, stored.value) == (
        "E54000007",
        "rtt-waiting-list",
        150327,
    )
    html = client_for(national).get(response["Location"]).content.decode()
    assert 'data-status="done"' in html and f'data-load="{load.pk}"' in html
    assert "hx-get" not in html  # finished: no more polling
    assert not (runner.uploads_dir() / str(upload.pk)).exists()  # the copy is removed
    # the same file again adds nothing, and says so
    post(national, "waits.csv", GOOD)
    again = ActualsUpload.objects.latest("id")
    assert again.already_loaded and again.loads == [load.pk]
    assert ActualsLoad.objects.count() == before + 1


def test_a_bad_file_lists_every_problem_with_its_place_and_loads_nothing():
    national = user_of("national")
    loads, actuals = ActualsLoad.objects.count(), Actual.objects.count()
    post(national, "bad.csv", BAD)
    upload = ActualsUpload.objects.latest("id")
    assert upload.status == "failed" and upload.loads == []
    places = [p["place"] for p in upload.problems]
    assert places == ["bad.csv:2: value", "bad.csv:3: metric", "bad.csv:4: value"]
    assert "thousands separator" in upload.problems[0]["message"]
    assert "unknown metric" in upload.problems[1]["message"]
    assert "negative" in upload.problems[2]["message"]
    assert (ActualsLoad.objects.count(), Actual.objects.count()) == (loads, actuals)
    html = client_for(national).get(f"/monitoring/upload/{upload.pk}/status/").content.decode()
    assert 'data-status="failed"' in html and "The file was not loaded" in html
    assert '<li data-place="bad.csv:2: value"><strong>bad.csv:2: value</strong>' in html
    assert AuditEvent.objects.filter(action="upload_actuals_refused").exists()


@pytest.mark.parametrize(
    ("fmt", "name", "text", "field", "words"),
    [
        ("", "waits.csv", GOOD, "format", "Select the file&#39;s format"),
        ("long", "waits.txt", GOOD, "file", "must be a CSV file (.csv) or a workbook"),
        ("long", "empty.csv", "", "file", "The file is empty"),
    ],
)
def test_the_form_names_its_problems_at_the_field(fmt, name, text, field, words):
    count = ActualsUpload.objects.count()
    response = post(user_of("national"), name, text, fmt)
    html = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in html
    assert f'id="{field}-error"' in html and words in html
    assert ActualsUpload.objects.count() == count


def test_a_file_over_the_limit_is_refused_before_it_is_kept():
    count = ActualsUpload.objects.count()
    with override_settings(ACTUALS_UPLOAD_MAX_BYTES=1024):
        response = post(user_of("national"), "big.csv", GOOD + "x" * 200_000)
    html = response.content.decode()
    assert response.status_code == 413 and 'id="file-error"' in html
    assert "the largest file of actuals that can be uploaded is 0 MB" in html
    assert ActualsUpload.objects.count() == count
    assert not runner.uploads_dir().exists()


@pytest.mark.parametrize("role", ["system_lead", "la_partner", "regional_lead", "observer"])
def test_only_the_national_team_uploads(role):
    count = ActualsUpload.objects.count()
    response = post(user_of(role), "waits.csv", GOOD)
    assert response.status_code == 403
    assert ActualsUpload.objects.count() == count


def test_a_run_whose_server_stopped_is_failed(settings):
    import datetime as dt

    from django.utils import timezone

    long_ago = timezone.now() - dt.timedelta(hours=1)
    upload = ActualsUpload.objects.create(
        file_name="x.csv", format="long", size=1, path="/nonexistent/x.csv",
        started_at=long_ago, updated_at=long_ago,
    )  # fmt: skip
    html = client_for(user_of("national")).get(f"/monitoring/upload/{upload.pk}/").content
    assert b"The server stopped while loading" in html
    upload.refresh_from_db()
    assert upload.status == "failed"


# an upload's own pages: the national team only (observers see loads, not the uploading)
RUN_URLS = {"run": "/monitoring/upload/{upload}/", "status": "/monitoring/upload/{upload}/status/"}


@pytest.mark.parametrize("page", RUN_URLS)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("system_lead", 403),
        ("la_partner", 403),
        ("regional_lead", 403),
        ("national", 200),
        ("observer", 403),
    ],
)
def test_who_sees_an_upload(page, role, status):
    post(user_of("national"), "waits.csv", GOOD)
    upload = ActualsUpload.objects.latest("id")
    url = RUN_URLS[page].format(upload=upload.pk)
    assert client_for(user_of(role)).get(url).status_code == status


def test_a_real_file_beside_the_synthetic_set_is_labelled_point_by_point():
    """The demo's synthetic waiting list for E54000007 runs to 2019-08; a real file adds
    2019-09 and 2019-10: the chart, its tables, its SVG and its CSV say which are made up."""
    national = user_of("national")
    post(national, "waits.csv", GOOD)
    client = client_for(national)
    html = client.get("/monitoring/spc/rtt-waiting-list/E54000007/").content.decode()
    assert 'data-testid="synthetic-warning"' in html
    assert "SYNTHETIC data, made up for the demo: not NHS statistics (41 of 43 points)" in html
    assert 'data-period="2019-09" data-variation' in html
    sources = dict(
        re.findall(r'data-period="([^"]+)" data-variation="[^"]+" data-source="(\w+)"', html)
    )
    assert sources["2019-09"] == sources["2019-10"] == "published"
    assert sources["2016-04"] == sources["2019-08"] == "synthetic"
    assert 'data-testid="synthetic-label"' in html  # drawn on the chart itself
    text = client.get("/monitoring/spc/rtt-waiting-list/E54000007/data.csv").content.decode()
    rows = {r["period"]: r["source"] for r in csv.DictReader(io.StringIO(text))}
    assert (rows["2019-08"], rows["2019-09"]) == ("synthetic", "published")


def test_a_workbook_names_its_problems_by_sheet_and_cell():
    """The long layout as .xlsx: the place is the workbook's line and Sheet!Cell, as the CLI's."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Actuals"
    sheet.append(["organisation_code", "metric", "period", "value", "numerator", "denominator"])
    sheet.append(["E54000007", "rtt-waiting-list", "2019-09", "1,250", None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    file = SimpleUploadedFile("waits.xlsx", buffer.getvalue())
    client_for(user_of("national")).post("/monitoring/upload/", {"format": "long", "file": file})
    upload = ActualsUpload.objects.latest("id")
    assert upload.status == "failed"
    assert [p["place"] for p in upload.problems] == ["waits.xlsx:2: Actuals!D2 (value)"]
    assert "thousands separator" in upload.problems[0]["message"]


@pytest.mark.parametrize("path", ["", "x.csv", "/etc/x.csv", "{uploads}/../x.csv"])
def test_only_an_uploads_own_folder_is_ever_removed(tmp_path, path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # "x.csv" lies in the working folder: were it removed, this one
    keep = tmp_path / "keep"
    keep.mkdir()
    runner.remove_copy(path.format(uploads=runner.uploads_dir()))
    assert keep.exists() and tmp_path.exists()
    folder = runner.uploads_dir() / "7"
    folder.mkdir(parents=True)
    (folder / "x.csv").write_text("x")
    runner.remove_copy(str(folder / "x.csv"))
    assert not folder.exists() and runner.uploads_dir().exists()
