"""The monitoring summary matrix in Chromium at 1280 and 390 px (issue 17 item 4): at 1280 px
all five metrics are in view without scrolling sideways; at 390 px the page itself does not
scroll sideways: the matrix scrolls inside its own region, the systems' column kept in view."""

from __future__ import annotations

import pytest

from tests.web.test_e2e_browser import _shot, _sign_in, browser, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MEASURE = """() => {
  const table = document.querySelector('[data-testid=summary-matrix]');
  const region = table.closest('.ltpif-table-scroll');
  const heads = [...table.querySelectorAll('thead th')].slice(1);
  return {
    page: document.documentElement.scrollWidth,
    region: region.clientWidth, table: table.scrollWidth,
    metrics: heads.length, regionRight: region.getBoundingClientRect().right,
    rights: heads.map(h => h.getBoundingClientRect().right),
  };
}"""


def test_the_matrix_at_1280_and_390_px(browser, site):  # noqa: F811
    page = _sign_in(browser, site, "national")
    page.goto(f"{site}/monitoring/")
    wide = page.evaluate(MEASURE)
    _shot(page, "monitoring-summary-1280")
    assert wide["metrics"] == 5
    assert wide["table"] <= wide["region"], wide  # nothing to scroll: every metric in view
    assert max(wide["rights"]) <= wide["regionRight"] and wide["page"] <= 1280, wide

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site}/monitoring/")
    narrow = page.evaluate(MEASURE)
    _shot(page, "monitoring-summary-390")
    assert narrow["page"] <= 390, narrow  # the page never scrolls sideways
    assert narrow["table"] > narrow["region"], narrow  # the matrix scrolls in its own region
    region = page.locator(".ltpif-table-scroll:has([data-testid=summary-matrix])")
    region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
    system = page.locator("[data-testid=summary-matrix] tbody th").first
    box = system.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] < 60  # still in view, at the left
    page.close()
