"""Print (issue 19 item 8): a plan, its review and its assurance report print as documents:
no navigation or buttons, tables the page's full width, the addresses of links shown."""

from __future__ import annotations

import pytest

from ltpif.web.planning.models import Membership
from tests.web.test_e2e_browser import COMPLIANT, _sign_in, browser, site  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _printed(page) -> dict:
    page.emulate_media(media="print")
    return page.evaluate(
        """() => {
          const shown = (el) => el && getComputedStyle(el).display !== 'none';
          const main = document.querySelector('main');
          const widths = [...document.querySelectorAll('main table')].map(
            (t) => t.getBoundingClientRect().width / main.getBoundingClientRect().width);
          const link = document.querySelector('main a[href^="/systems/"]');
          return {
            header: shown(document.querySelector('.nhsuk-header')),
            buttons: [...document.querySelectorAll('main .nhsuk-button')].filter(shown).length,
            tabs: shown(document.querySelector('nav[aria-label="Plan sections"]')),
            narrowest: Math.min(...widths),
            address: link ? getComputedStyle(link, '::after').content : null,
          };
        }"""
    )


def test_a_plan_and_its_review_print_as_documents(browser, site):  # noqa: F811
    code = COMPLIANT[0]
    lead = Membership.objects.get(role="system_lead", system_id=code).user.username
    page = _sign_in(browser, site, lead)
    page.goto(f"{site}/plans/{code}/")
    assert page.locator(".nhsuk-button").first.is_visible()  # on screen, the buttons are there
    printed = _printed(page)
    assert printed["header"] is False and printed["tabs"] is False
    assert printed["buttons"] == 0
    assert printed["narrowest"] > 0.99
    assert f"/systems/{code}/organisations/" in printed["address"]

    page.emulate_media(media="screen")
    page.goto(f"{site}/plans/{code}/review/")
    printed = _printed(page)
    assert printed["header"] is False and printed["buttons"] == 0
    assert printed["narrowest"] > 0.99
