"""No silent failure, in headless Chromium: each way a trajectory save can fail shows its
message on the page, where the planner is looking (issue 19 item 2). A refused value and a
pasted Excel row are shown at their field; a save after another tab saved shows who, when and
both values, and lets the planner keep theirs or use theirs; a refused form (403), a fault
(500), a lost connection and a signed-out session each say so at the form."""

from __future__ import annotations

import pytest

from ltpif.web.planning import actions
from ltpif.web.planning.models import Membership, Plan
from tests.web import test_e2e_browser as e2e
from tests.web.test_e2e_browser import COMPLIANT, _shot, _sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COMMITMENT = "adult-crisis-teams"
NUM = "adult-crisis-24-7-coverage__num__{}"
browser, site = e2e.browser, e2e.site  # the shared headless Chromium and live server


def _field(page, year):
    return page.locator(f"[name='{NUM.format(year)}']")


def _error_at(page, year):
    return page.locator(f"[id='{NUM.format(year)}-error']")


def _paste(page, year, text):
    """A paste as the browser delivers one from Excel: a clipboard event on the focused box."""
    page.eval_on_selector(
        f"[name='{NUM.format(year)}']",
        """(box, text) => { box.focus(); const data = new DataTransfer();
           data.setData('text/plain', text);
           box.dispatchEvent(new ClipboardEvent('paste',
             {clipboardData: data, bubbles: true, cancelable: true})); }""",
        text,
    )


def _saved_numerators(system):
    working = Plan.objects.get(system_id=system).working
    entry = next(c for c in working["commitments"] if c["commitment"] == COMMITMENT)
    return next(t for t in entry["trajectories"] if t["metric"] == "adult-crisis-24-7-coverage")[
        "numerator"
    ]


def _lead(system):
    return Membership.objects.get(system_id=system, role="system_lead").user


def test_a_refused_value_and_a_pasted_excel_row_show_their_messages_at_the_field(browser, site):
    system = COMPLIANT[1]
    before = Plan.objects.get(system_id=system).lock_version
    page = _sign_in(browser, site, _lead(system).username)
    page.goto(f"{site}/plans/{system}/commitments/{COMMITMENT}/")

    _field(page, "2020/21").fill("abc")
    page.click("[data-testid=save-trajectories]")
    _error_at(page, "2020/21").wait_for()
    assert "2020/21" in _error_at(page, "2020/21").inner_text()
    assert page.locator(".nhsuk-error-summary a[href='#" + NUM.format("2020/21") + "']").count()
    assert _field(page, "2020/21").input_value() == "abc"  # kept to correct
    _shot(page, "20-trajectory-refused-value")
    assert Plan.objects.get(system_id=system).lock_version == before  # nothing saved

    # a row copied from Excel fills the year pasted into and the years after it
    _paste(page, "2020/21", "1000\t2000\tn/a\r\n")
    filled = [_field(page, y).input_value() for y in ("2020/21", "2021/22", "2022/23")]
    assert filled == ["1000", "2000", "n/a"]
    page.click("[data-testid=save-trajectories]")
    _error_at(page, "2022/23").wait_for()
    assert _error_at(page, "2020/21").count() == 0
    assert Plan.objects.get(system_id=system).lock_version == before

    # more values than the row has years: the ones that fit are pasted, the rest reported
    _paste(page, "2021/22", "1100\t1200\t1300\t1400\t1500")
    years = ("2021/22", "2022/23", "2023/24")
    assert [_field(page, y).input_value() for y in years] == ["1100", "1200", "1300"]
    assert "2 did not fit" in page.locator("[data-paste-note]").inner_text()
    _field(page, "2020/21").fill("1000")
    page.click("[data-testid=save-trajectories]")
    page.locator("[data-testid=saved]").wait_for()
    saved = _saved_numerators(system)
    assert [saved[y] for y in ("2020/21", *years)] == [1000, 1100, 1200, 1300]
    page.close()


def test_a_save_after_another_tab_saved_shows_both_values_and_lets_the_planner_choose(
    browser, site
):
    system = COMPLIANT[2]
    lead = _lead(system)
    page = _sign_in(browser, site, lead.username)
    url = f"{site}/plans/{system}/commitments/{COMMITMENT}/"
    page.goto(url)
    theirs = _sign_in(browser, site, lead.username)  # another tab, the same planner
    theirs.goto(url)
    _field(theirs, "2021/22").fill("4321")
    theirs.click("[data-testid=save-trajectories]")
    theirs.locator("[data-testid=saved]").wait_for()
    theirs.close()

    _field(page, "2021/22").fill("5555")
    page.click("[data-testid=save-trajectories]")
    conflict = page.locator("[data-testid=conflict]")
    conflict.wait_for()
    said = conflict.inner_text()
    assert lead.username in said and "after you opened it" in said and "Nothing was saved" in said
    at_field = _error_at(page, "2021/22").inner_text()
    assert "theirs 4321" in at_field and "yours 5555" in at_field
    assert _error_at(page, "2020/21").count() == 0  # the same on both sides: not flagged
    _shot(page, "21-trajectory-conflict")
    assert _saved_numerators(system)["2021/22"] == 4321

    page.click("[data-testid=keep-theirs]")
    page.locator("[data-testid=conflict]").wait_for(state="detached")
    assert _field(page, "2021/22").input_value() == "4321"

    # the other tab saves again; this time the planner uses the value they typed
    other = Plan.objects.get(system_id=system)
    actions.update_trajectories(
        plan=other,
        commitment=COMMITMENT,
        trajectories=[
            {
                "metric": "adult-crisis-24-7-coverage",
                "numerator": {**_saved_numerators(system), "2021/22": 4400},
                "denominator": next(
                    t
                    for c in other.working["commitments"]
                    if c["commitment"] == COMMITMENT
                    for t in c["trajectories"]
                )["denominator"],
            }
        ],
        lock_version=other.lock_version,
        by=lead,
    )
    _field(page, "2021/22").fill("5555")
    page.click("[data-testid=save-trajectories]")
    conflict.wait_for()
    assert "theirs 4400" in _error_at(page, "2021/22").inner_text()
    page.click("[data-testid=use-mine]")
    page.locator("[data-testid=saved]").wait_for()
    assert _saved_numerators(system)["2021/22"] == 5555
    page.close()


def _save_shows(page, expected: str, name: str) -> None:
    page.click("[data-testid=save-trajectories]")
    message = page.locator("form[data-testid=trajectory-form] [data-testid=request-error]")
    message.wait_for()
    assert expected in message.inner_text()
    _shot(page, name)


def test_a_refused_form_a_fault_a_lost_connection_and_a_sign_out_each_say_so_at_the_form(
    browser, site, monkeypatch
):
    system = COMPLIANT[3]
    before = Plan.objects.get(system_id=system).lock_version
    page = _sign_in(browser, site, _lead(system).username)
    page.goto(f"{site}/plans/{system}/commitments/{COMMITMENT}/")
    _field(page, "2021/22").fill("1234")

    # 403: the cross-site request check refuses a form whose token is not the session's
    page.eval_on_selector(
        "[data-testid=trajectory-form] [name=csrfmiddlewaretoken]", "e => e.value = 'x'.repeat(64)"
    )
    _save_shows(page, "The form was out of date", "22-trajectory-403")
    page.reload()

    # 500: a fault on the server
    def broken(**kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(actions, "update_trajectories", broken)
    _field(page, "2021/22").fill("1234")
    _save_shows(page, "Something went wrong on our side", "23-trajectory-500")
    monkeypatch.undo()

    # no answer at all: the connection is lost
    page.route("**/trajectories/", lambda route: route.abort())
    _save_shows(page, "could not be reached", "24-trajectory-offline")
    page.unroute("**/trajectories/")
    assert _field(page, "2021/22").input_value() == "1234"  # still in the form

    # signed out in another tab: told so, not shown the sign-in page inside this one
    page.context.clear_cookies(name="sessionid")
    _save_shows(page, "You have been signed out", "25-trajectory-signed-out")
    assert page.locator("#id_password").count() == 0
    page.close()
    assert Plan.objects.get(system_id=system).lock_version == before
