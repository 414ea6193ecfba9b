"""End to end in headless Chromium (issue 19 item 3): a system lead edits the plan's finance
and a commitment's milestones on the web, from the task list and the commitment's page: a row
of a year's finances pasted from Excel, a refused value shown at its field, a new milestone
typed into the NHS date input, and both saved into the working copy."""

from __future__ import annotations

import pytest

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.planning.models import Membership, Plan
from ltpif.web.planning.queries import document
from tests.web.test_e2e_browser import _shot, _sign_in, browser, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COMMITMENT = "provider-digitisation"
INCOME = "organisations[0].years.2019/20.income"


def _box(page, name: str):
    return page.locator(f"[id='{name}']")


def _paste(page, name: str, text: str) -> None:
    """A paste as the browser delivers one from Excel: a clipboard event on the focused box."""
    page.eval_on_selector(
        f"[id='{name}']",
        """(box, text) => { box.focus(); const data = new DataTransfer();
           data.setData('text/plain', text);
           box.dispatchEvent(new ClipboardEvent('paste',
             {clipboardData: data, bubbles: true, cancelable: true})); }""",
        text,
    )


def test_the_lead_edits_finance_and_milestones(browser, site):  # noqa: F811  (fixtures)
    system = sorted(c for c, f in demo_assignments(load_pack()).items() if not f)[3]
    lead = Membership.objects.get(role="system_lead", system_id=system)
    page = _sign_in(browser, site, lead.user.username)
    _edit_finance(page, site, system)
    _edit_milestones(page, site, system)
    page.close()


def _edit_finance(page, site, system):  # noqa: F811  (site: the fixture's value, passed in)
    # the task list leads to the finance form
    page.goto(f"{site}/plans/{system}/")
    page.locator("[data-task=finance] a").click()
    page.locator("[data-testid=part-form]").wait_for()
    assert page.url.endswith(f"/plans/{system}/parts/finance/")

    # a year's row pasted from Excel fills income, expenditure and the columns after them
    _paste(page, INCOME, "1,234.5\t1200\t30\t25\t150\t200\t4.5\n")
    assert _box(page, INCOME).input_value() == "1,234.5"
    assert _box(page, "organisations[0].years.2019/20.capital").input_value() == "4.5"
    # a refused value: the summary links to the field, the message is at it, nothing saved
    before = Plan.objects.get(system_id=system).lock_version
    _box(page, "organisations[0].years.2020/21.expenditure").fill("a lot")
    page.click("[data-testid=save-part]")
    summary = page.locator(".nhsuk-error-summary")
    assert summary.is_visible()
    error = page.locator("[id='organisations[0].years.2020/21.expenditure-error']")
    assert "Expenditure 2020/21" in error.inner_text()
    _shot(page, "parts-01-finance-refused")
    assert Plan.objects.get(system_id=system).lock_version == before
    summary.locator("a").first.click()
    focused = page.evaluate("document.activeElement.id")
    assert focused == "organisations[0].years.2020/21.expenditure"
    # the values typed are kept; put it right and save
    assert _box(page, INCOME).input_value() == "1,234.5"
    _box(page, "organisations[0].years.2020/21.expenditure").fill("1250")
    page.click("[data-testid=save-part]")
    page.wait_for_url(f"**/plans/{system}/infrastructure/**")
    assert "Finance by organisation saved." in page.content()
    finance = document(Plan.objects.get(system_id=system)).finance.organisations[0]
    assert finance.years["2019/20"].income == 1234.5
    assert finance.years["2019/20"].capital == 4.5
    assert finance.years["2020/21"].expenditure == 1250


def _edit_milestones(page, site, system):  # noqa: F811
    """A local milestone added through the NHS date input, a day that is not one refused."""
    page.goto(f"{site}/plans/{system}/commitments/{COMMITMENT}/")
    page.click("[data-testid=change-milestones]")
    page.locator("[data-testid=part-form]").wait_for()
    rows = page.locator("[data-testid=part-row]").count()
    new = f"milestones[{rows - 1}]"
    _box(page, f"{new}.date").fill("31")
    _box(page, f"{new}.date-month").fill("2")
    _box(page, f"{new}.date-year").fill("2021")
    _box(page, f"{new}.description").fill("Every trust's records on one platform")
    page.click("[data-testid=save-part]")
    message = page.locator(f"[id='{new}.date-error']").inner_text()
    assert "The date must be a real date, like 27 9 2019" in message
    _shot(page, "parts-02-milestone-date-refused")
    _box(page, f"{new}.date").fill("28")
    page.click("[data-testid=save-part]")
    page.wait_for_url(f"**/plans/{system}/commitments/{COMMITMENT}/**")
    assert (
        "Every trust's records on one platform"
        in page.locator("[data-testid=milestones]").inner_text()
    )
    _shot(page, "parts-03-milestone-saved")
    saved = document(Plan.objects.get(system_id=system)).commitment_plan(COMMITMENT)[1]
    assert str(saved.milestones[-1].date) == "2021-02-28"
