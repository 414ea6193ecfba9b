"""End to end in headless Chromium (issue 17 item 4): the national team uploads a file of
actuals with problems and sees each listed with its place, nothing loaded; then a good file,
loaded by the real background thread while the page polls, and its load listed."""

from __future__ import annotations

import pytest

from ltpif.web.actuals.models import ActualsLoad
from tests.web.test_e2e_browser import _shot, _sign_in, browser, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADER = "organisation_code,metric,period,value,numerator,denominator\n"
BAD = HEADER + (
    'E54000007,rtt-waiting-list,2019-09,"1,250",,\nE54000007,no-such-metric,2019-09,5,,\n'
)
GOOD = HEADER + "E54000007,rtt-waiting-list,2019-09,150327,,\n"


def _upload(page, url: str, name: str, text: str) -> None:
    page.goto(f"{url}/monitoring/upload/")
    page.check("#format-long")
    page.set_input_files(
        "#file", files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.click("[data-testid=upload]")


def test_upload_a_bad_file_then_a_good_one(browser, site, tmp_path, settings):  # noqa: F811
    settings.DATA_DIR = tmp_path
    loads = ActualsLoad.objects.count()
    page = _sign_in(browser, site, "national")
    page.goto(f"{site}/monitoring/")
    page.click("[data-testid=upload-link]")
    page.wait_for_url(f"{site}/monitoring/upload/")

    page.click("[data-testid=upload]")  # nothing chosen: the form says so at each field
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert "Select the file's format" in page.locator("#format-error").inner_text()
    assert "Choose the file" in page.locator("#file-error").inner_text()

    _upload(page, site, "bad.csv", BAD)
    page.locator("[data-testid=upload-status][data-status=failed]").wait_for(timeout=30_000)
    problems = page.locator("[data-testid=problems] li")
    assert problems.count() == 2
    assert problems.nth(0).get_attribute("data-place") == "bad.csv:2: value"
    assert "thousands separator" in problems.nth(0).inner_text()
    assert problems.nth(1).get_attribute("data-place") == "bad.csv:3: metric"
    assert "The file was not loaded" in page.locator("[data-testid=upload-problems]").inner_text()
    _shot(page, "upload-01-problems")
    assert ActualsLoad.objects.count() == loads

    _upload(page, site, "good.csv", GOOD)
    page.locator("[data-testid=upload-status][data-status=done]").wait_for(timeout=30_000)
    row = page.locator("[data-testid=upload-loads] tbody tr")
    assert row.count() == 1 and "good.csv" in row.inner_text()
    _shot(page, "upload-02-loaded")
    assert ActualsLoad.objects.count() == loads + 1
    page.goto(f"{site}/monitoring/loads/")
    assert "good.csv" in page.locator("[data-testid=loads]").inner_text()
    page.close()


def test_a_failed_status_poll_says_so_on_the_page(browser, site):  # noqa: F811
    """While a file loads the page polls its status; a poll the server fails is not silent."""
    from django.utils import timezone

    from ltpif.web.uploads.models import ActualsUpload

    now = timezone.now()
    upload = ActualsUpload.objects.create(
        file_name="slow.csv", format="long", size=1, path="", step="Reading and checking",
        started_at=now, updated_at=now,
    )  # fmt: skip
    page = _sign_in(browser, site, "national")
    page.route("**/status/", lambda route: route.fulfill(status=500, body="fault"))
    page.goto(f"{site}/monitoring/upload/{upload.pk}/")
    assert "Loading" in page.locator("[data-testid=upload-status]").inner_text()
    error = page.locator("[data-testid=request-error]")
    error.wait_for(timeout=10_000)
    assert "Something went wrong on our side" in error.inner_text()
    _shot(page, "upload-03-poll-failed")
    page.close()
