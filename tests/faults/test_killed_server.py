"""A server killed (SIGKILL, every worker at once) during a workbook upload, a submit and a
publication, then restarted: the data is consistent and the pages say what happened."""

from __future__ import annotations

import threading
import time

import requests

from tests.faults.conftest import STALE_SECONDS, Server, assert_consistent, lead_of, rows

SYSTEM = "E54000006"  # a demo plan ready to submit


def _kill_while_writing(server: Server, send) -> bool:
    """Send a request and SIGKILL the server the moment its write transaction is open (SQLite's
    rollback journal appears). True if the kill landed inside it (the journal is still there,
    so the restart rolls it back); False if the transaction committed first."""
    journal = server.data_dir / "ltpif.sqlite3-journal"
    outcome: list = []

    def sending() -> None:
        try:
            outcome.append(send())
        except requests.ConnectionError as exc:  # the server died under it
            outcome.append(exc)

    thread = threading.Thread(target=sending)
    thread.start()
    while thread.is_alive() and not journal.exists():
        pass
    server.kill()
    thread.join(timeout=10)
    print(f"killed inside the transaction: {journal.exists()}")  # shown with -s
    return journal.exists()


def _plan(data_dir) -> tuple[str, int, int]:
    [(status, versions, values)] = rows(
        data_dir,
        "select p.status, count(distinct v.id), count(pv.id) from planning_plan p"
        " join planning_planversion v on v.plan_id = p.id"
        " left join planning_planvalue pv on pv.version_id = v.id where p.system_id = ?",
        SYSTEM,
    )
    return status, versions, values


def test_killed_during_a_workbook_upload(data_dir, server):
    first = server()
    first.start()
    lead = first.sign_in(lead_of(data_dir, SYSTEM))
    workbook = lead.get(f"{first.url}/plans/{SYSTEM}/workbook/", timeout=30).content
    before = _plan(data_dir)
    landed = _kill_while_writing(
        first,
        lambda: lead.post(
            f"{first.url}/plans/{SYSTEM}/workbook/",
            files={"workbook": ("plan.xlsx", workbook)},
            timeout=30,
        ),
    )
    again = server()
    again.start()
    assert_consistent(data_dir)
    after = _plan(data_dir)
    # killed mid-transaction: rolled back whole at restart; else the version is whole
    assert after == before if landed else after[1] == before[1] + 1, (landed, before, after)
    page = (
        again.sign_in(lead_of(data_dir, SYSTEM)).get(f"{again.url}/plans/{SYSTEM}/versions/").text
    )
    assert page.count(">Workbook import<") == after[1] - before[1]


def test_killed_during_a_submit(data_dir, server):
    first = server()
    first.start()
    lead = first.sign_in(lead_of(data_dir, SYSTEM))
    before = _plan(data_dir)
    landed = _kill_while_writing(
        first, lambda: lead.post(f"{first.url}/plans/{SYSTEM}/actions/submit_draft/", timeout=30)
    )
    again = server()
    again.start()
    assert_consistent(data_dir)
    after = _plan(data_dir)
    submitted = ("draft_submitted", before[1] + 1, before[2] * 2)
    assert after == before if landed else after == submitted, (landed, before, after)
    page = again.sign_in(lead_of(data_dir, SYSTEM)).get(f"{again.url}/plans/{SYSTEM}/").text
    assert ("Draft submitted" in page) == (after[0] == "draft_submitted")


def test_killed_during_a_publication(data_dir, server):
    first = server()
    first.start()
    national = first.sign_in("national")
    started = national.post(
        f"{first.url}/publish/", {"pdf": "yes", "missing": "submitted"}, timeout=30
    )
    run = int(started.url.rstrip("/").rsplit("/", 1)[1])
    publications = data_dir / "publications"
    deadline = time.monotonic() + 30
    while not list(publications.glob(f".{run}-*/new/data")):  # building into its folder
        assert time.monotonic() < deadline, "the build never started"
        time.sleep(0.02)
    first.kill()
    assert rows(data_dir, "select status from publishing_publicationrun") == [("running",)]
    time.sleep(STALE_SECONDS + 0.5)  # the dead run's heartbeat is now older than the limit
    again = server()
    printed = again.start()
    assert f"Publication run {run} stopped with its server" in "".join(printed)
    assert_consistent(data_dir)
    national = again.sign_in("national")
    page = national.get(f"{again.url}/publish/{run}/").text
    assert "The server stopped while building; start again." in page
    new = national.post(f"{again.url}/publish/", {"missing": "submitted"}, timeout=30)
    assert [r.status_code for r in new.history] == [302] and new.url != started.url  # not blocked
    [(stopped,)] = rows(
        data_dir, "select after from planning_auditevent where action = 'national_plan_stopped'"
    )
    assert f'"run": {run}' in stopped
