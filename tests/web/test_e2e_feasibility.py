"""The Feasibility tab, its capacity what-if and the feasibility roll-up in headless Chromium
(issue 14 items 4 to 6): on a 390 px phone nothing scrolls sideways, axe-core finds no serious
violation, and the what-if's result and its errors come back on the page."""

from __future__ import annotations

import pytest

from tests.request_scene import scene_in
from tests.web import test_e2e_browser as e2e
from tests.web.test_e2e_every_page import PHONE, WIDE, _axe, _signed_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

browser, site = e2e.browser, e2e.site

PAGES = (
    "/plans/{system}/feasibility/",
    "/plans/{system}/feasibility/what-if/",
    "/rollup/feasibility/",
    "/rollup/regions/{region}/feasibility/",
)


def test_the_pages_fit_a_phone_and_pass_axe(browser, site, tmp_path):
    places = scene_in(tmp_path).places()
    context, page = _signed_in(browser, site, "national")
    problems = []
    for template in PAGES:
        url = site + template.format(**places)
        assert page.goto(url).status == 200, url
        width = page.evaluate(WIDE)
        if width["scroll"] > width["width"]:
            problems.append(f"{template}: {width['scroll']} px; {width['culprits']}")
        problems.extend(f"{template}: {v}" for v in _axe(page))
    context.close()
    assert problems == []


def test_the_capacity_what_if_in_the_browser(browser, site, tmp_path):
    places = scene_in(tmp_path).places()
    context, page = _signed_in(browser, site, "national")
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/plans/{places['system']}/feasibility/what-if/")
    boxes = page.locator("[data-testid=capacity-form] input.nhsuk-input")
    assert boxes.count() == 5
    boxes.nth(4).fill("not a number")
    page.click("[data-testid=try]")
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert _axe(page) == []
    boxes = page.locator("[data-testid=capacity-form] input.nhsuk-input")
    boxes.nth(4).fill("1000")
    page.click("[data-testid=try]")
    assert page.locator("[data-testid=capacity-result]").is_visible()
    assert _axe(page) == []
    context.close()
