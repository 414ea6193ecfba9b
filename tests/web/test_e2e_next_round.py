"""The national team opens the next round in headless Chromium: from the round line to the
list of rounds, the choice of pack version (an error first, at the top and at the field), the
page of what changes, the confirmation; the new round is then current, every page says so,
and a system's report downloads as CSV. axe-core checks each new page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from ltpif.web.organisations.rounds import current_round
from ltpif.web.planning.models import Plan
from tests.packs import NEXT_PACK
from tests.web.test_e2e_browser import _shot, _sign_in, browser, site  # noqa: F401  (fixtures)
from tests.web.test_e2e_every_page import _axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AGREED = ("E54000005", "E54000006", "E54000007")


def test_the_national_team_opens_the_next_round(browser, site, next_packs_dir, monkeypatch):  # noqa: F811
    monkeypatch.setattr("ltpif.framework.loader.PACKS_DIR", next_packs_dir)
    Plan.objects.filter(system_id__in=AGREED).update(status="agreed")
    first = current_round()
    page = _sign_in(browser, site, "national")
    page.click("[data-testid=round] a")
    page.wait_for_url(f"{site}/rounds/")
    page.click("[data-testid=open-next-round]")
    page.wait_for_url(f"{site}/rounds/next/")
    assert _axe(page) == []
    page.click("[data-testid=choose-pack]")
    summary = page.locator(".nhsuk-error-summary")
    assert "Select the pack version of the new round" in summary.inner_text()
    assert page.locator("#pack-error").is_visible()
    assert _axe(page) == []
    _shot(page, "60-next-round-error")
    page.check(f"input[value={NEXT_PACK}]")
    page.click("[data-testid=choose-pack]")
    page.wait_for_url(f"{site}/rounds/next/{NEXT_PACK}/")
    changes = page.locator("[data-testid=pack-changes]").inner_text()
    assert "Commitment fax-machines removed: 'Stop using fax machines'." in changes
    counts = page.locator("[data-testid=carry-counts]").inner_text()
    assert "3 systems' agreed plans are carried forward" in counts
    assert _axe(page) == []
    _shot(page, "61-next-round-confirm")
    assert current_round() == first  # nothing opened by looking
    page.click("[data-testid=open-round]")
    page.wait_for_url(f"{site}/rounds/*/carried/")
    later = current_round()
    assert (later.pack, later.pack_version) == (NEXT_PACK, "2020.1")
    assert page.locator("[data-testid=round]").inner_text().startswith("Round: ltpif-2020 2020.1")
    assert (
        "3 agreed plans carried forward"
        in page.locator("[data-testid=carried-summary]").inner_text()
    )
    assert _axe(page) == []
    _shot(page, "62-next-round-carried")
    row = page.locator("[data-testid=carried-systems] tr[data-system=E54000007]")
    with page.expect_download() as download:
        row.locator("a[download]").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["system", "name", "round", "what", "where", "note"]
    assert lines[1][3:5] == ["No longer fits (not carried)", "commitments[fax-machines]"]
    # the national dashboard now lists the new round's three drafts
    page.goto(f"{site}/national/")
    assert page.locator("tr[data-system]").count() == 3
    page.close()
