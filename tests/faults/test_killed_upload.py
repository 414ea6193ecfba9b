"""A server killed (SIGKILL, every worker at once) while it loads an uploaded file of actuals,
then restarted: none of the file's actuals were written, and the upload's page says the
server stopped while loading (issue 17 item 4)."""

from __future__ import annotations

import time

from tests.faults.conftest import STALE_SECONDS, assert_consistent, rows

MONTHS = [f"2020-{m:02d}" for m in range(1, 13)]


def _file(data_dir) -> bytes:
    codes = [code for (code,) in rows(data_dir, "select code from planning_system")]
    lines = ["organisation_code,metric,period,value,numerator,denominator"]
    lines += [f"{c},rtt-waiting-list,{m},{1000 + i},," for i, c in enumerate(codes) for m in MONTHS]
    return ("\n".join(lines) + "\n").encode()


def test_killed_while_loading_an_upload(data_dir, server):
    first = server()
    first.start()
    national = first.sign_in("national")
    loads = rows(data_dir, "select count(*) from actuals_actualsload")
    sent = national.post(
        f"{first.url}/monitoring/upload/",
        {"format": "long"},
        files={"file": ("waits-2020.csv", _file(data_dir), "text/csv")},
        allow_redirects=False,
        timeout=30,
    )
    assert sent.status_code == 302, sent.text[:500]
    upload = int(sent.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    first.kill()  # the run has started in a thread of the server: it dies with it
    [(status,)] = rows(data_dir, "select status from uploads_actualsupload where id = ?", upload)
    if status == "running":  # the kill landed while loading (nearly always)
        time.sleep(STALE_SECONDS + 0.5)  # its heartbeat is now older than the limit
        again = server()
        again.start()
        page = again.sign_in("national").get(f"{again.url}/monitoring/upload/{upload}/").text
        assert "The server stopped while loading the file; nothing was loaded." in page
        assert rows(data_dir, "select count(*) from actuals_actualsload") == loads
        assert rows(
            data_dir, "select count(*) from actuals_actual where period in ('2020-01', '2020-12')"
        ) == [(0,)]
        [(after,)] = rows(data_dir, "select status from uploads_actualsupload where id = ?", upload)
        assert after == "failed"
    else:  # it finished first: all of the file, or (refused) none of it
        stored = rows(data_dir, "select count(*) from actuals_actual where period like '2020-%'")
        assert stored in ([(0,)], [(len(MONTHS) * 42,)])
    assert_consistent(data_dir)
