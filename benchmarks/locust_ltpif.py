"""Locust users for bench_web.py: a mix of reading and writing pages, as in a planning round.

- editors: two system leads per plan, so saves of the same plan race; each save writes a
  token of its own (the first year's numerator) with the lock version it read, and every
  answer is recorded (a success with the version it made, or a refused conflict);
- submitters: system leads whose plan is ready, taking turns at two desks: each reads their
  plan and submits it, then the next one sits down;
- regional and national leads: dashboards, the roll-up, SPC charts, the national maturity
  and funding pages;
- everyone: the sign-in page (the baseline), the monitoring summary, their notifications.

Users arrive already signed in (bench_web.py opens a session for each), because the password
hash of 20 simultaneous sign-ins would otherwise fill the measured window. They arrive spread
over one think time, not all in the same instant, and the figures are reset once every user
has started (the editors have read their form): otherwise the editors' first reads, made at
once with everyone's first request, were counted as commitment-page reads (10 of ~120 in a
60 s run, 65-256 ms: its whole p95). What the writers
did is written to LTPIF_BENCH_RECORD (JSON) at the end, for bench_web.py to check, with the
time of every request answered after the reset, by page.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import threading

from locust import HttpUser, between, events, task

# username:system-or-region:session key, as listed by bench_web.py
EDITORS = itertools.cycle(os.environ["LTPIF_BENCH_EDITORS"].split(","))
SUBMITTERS = iter(os.environ["LTPIF_BENCH_SUBMITTERS"].split(","))
REGIONALS = itertools.cycle(os.environ["LTPIF_BENCH_REGIONALS"].split(","))
NATIONALS = itertools.cycle(os.environ["LTPIF_BENCH_NATIONALS"].split(","))
LOCK = re.compile(r'name="lock_version" value="(\d+)"')
METRIC = "adult-crisis-24-7-coverage"
TOKEN_FIELD = f"{METRIC}__num__2018/19"
CHART = "ae-4-hour-performance"

_lock = threading.Lock()
_slots = itertools.count()
_started = itertools.count(1)
RECORD: dict = {"saves": [], "conflicts": [], "submits": [], "times": {}}
# set when every user has started: from then on each answered request's time is kept, by
# page, for bench_web.py's percentiles (Locust's own round them to whole milliseconds, a
# tenth of the sign-in page's p95 on a quiet machine)
_measuring = threading.Event()


@events.request.add_listener
def _keep_time(name: str, response_time: float, exception: object, **_: object) -> None:
    if _measuring.is_set() and exception is None:
        RECORD["times"].setdefault(name, []).append(response_time)


@events.test_stop.add_listener
def _write_record(**_: object) -> None:
    with open(os.environ["LTPIF_BENCH_RECORD"], "w") as out:
        json.dump(RECORD, out)


def _note(kind: str, item: object) -> None:
    with _lock:
        RECORD[kind].append(item)


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)

    def sign_in(self, accounts) -> None:
        _, self.place, session = next(accounts).split(":")
        self.client.cookies.set("sessionid", session)
        self.wait()  # arrive after a think time, as people do, not with everyone else

    def started(self) -> None:
        """The figures count from when the last user has started."""
        with _lock:
            if next(_started) == self.environment.runner.target_user_count:
                self.environment.stats.reset_all()
                _measuring.set()

    def form_post(self, url: str, data: dict, referer: str, name: str, headers=None, **kwargs):
        headers = {
            **(headers or {}),
            "X-CSRFToken": self.client.cookies.get("csrftoken"),
            "Referer": referer,
        }
        return self.client.post(
            url, data, headers=headers, name=name, catch_response=True, **kwargs
        )

    @task(1)
    def baseline(self) -> None:
        """The sign-in form: a page that reads only the session and user."""
        self.client.get("/sign-in/", name="sign-in page")

    @task(1)
    def monitoring_summary(self) -> None:
        self.client.get("/monitoring/", name="monitoring summary")

    @task(1)
    def notifications(self) -> None:
        self.client.get("/notifications/", name="notifications list")


class Editor(SignedIn):
    fixed_count = 10

    def on_start(self) -> None:
        self.sign_in(EDITORS)
        with _lock:
            self.slot = next(_slots)
        self.saves = itertools.count()
        self.page = f"/plans/{self.place}/commitments/adult-crisis-teams/"
        self.form = self._form(self.client.get(self.page, name="commitment page").text)
        self.started()

    def _form(self, html: str) -> dict:
        fields = dict(
            re.findall(rf'name="({METRIC}__(?:num|den)__[0-9/]+)"[^>]*value="([^"]*)"', html)
        )
        fields["lock_version"] = LOCK.search(html).group(1)
        return fields

    @task(3)
    def plan_page(self) -> None:
        self.client.get(f"/plans/{self.place}/", name="plan page")

    @task(1)
    def commitment_page(self) -> None:
        self.form = self._form(self.client.get(self.page, name="commitment page").text)

    @task(1)
    def spc_chart(self) -> None:
        self.client.get(f"/monitoring/spc/{CHART}/{self.place}/", name="SPC chart")

    @task(3)
    def save_trajectory(self) -> None:
        token = 100000 + 1000 * self.slot + next(self.saves)
        read = int(self.form["lock_version"])
        data = {**self.form, TOKEN_FIELD: str(token)}
        with self.form_post(
            self.page + "trajectories/",
            data,
            self.host + self.page,
            "trajectory save",
            headers={"HX-Request": "true"},
        ) as response:
            if response.status_code == 409:  # someone else saved first: refused, as it should be
                response.success()
                _note("conflicts", {"plan": self.place, "token": token, "read": read})
                self.commitment_page()
            elif response.status_code != 200:
                response.failure(f"status {response.status_code}")
            else:
                self.form = self._form(response.text)
                made = int(self.form["lock_version"])
                _note("saves", {"plan": self.place, "token": token, "read": read, "made": made})


class Submitter(SignedIn):
    """A desk where leads take turns: each submits their plan, then the next lead sits down
    (so that a run has a sample of submissions, not one or two). When every ready plan has
    been submitted, the last lead goes on reading theirs."""

    fixed_count = 2

    def on_start(self) -> None:
        self.sign_in(SUBMITTERS)
        self.submitted = False
        self.started()

    @task(3)
    def plan_page(self) -> None:
        self.client.get(f"/plans/{self.place}/", name="plan page")

    @task(1)
    def submit(self) -> None:
        if self.submitted:
            return
        self.plan_page()  # a lead looks at the plan, then submits it
        url = f"/plans/{self.place}/actions/submit_draft/"
        confirmation = self.client.get(url, name="submit confirmation page").text
        # past the deadline the page asks why, as a lead would answer it
        late = (
            {"late_reason": "Agreed with the region"}
            if 'name="late_reason"' in confirmation
            else {}
        )
        with self.form_post(url, late, self.host + url, "submit", allow_redirects=False) as answer:
            if answer.status_code != 302:
                answer.failure(f"status {answer.status_code}")
                return
        _note("submits", self.place)
        with _lock:
            following = next(SUBMITTERS, None)
        if following is None:
            self.submitted = True
            return
        _, self.place, session = following.split(":")
        self.client.cookies.set("sessionid", session)


class RegionalLead(SignedIn):
    fixed_count = 4

    def on_start(self) -> None:
        self.sign_in(REGIONALS)
        self.started()

    @task(2)
    def region_dashboard(self) -> None:
        self.client.get(f"/regions/{self.place}/", name="region dashboard")

    @task(1)
    def region_rollup(self) -> None:
        self.client.get(f"/rollup/regions/{self.place}/", name="roll-up")


class NationalLead(SignedIn):
    fixed_count = 4

    def on_start(self) -> None:
        self.sign_in(NATIONALS)
        self.started()

    @task(2)
    def national_dashboard(self) -> None:
        self.client.get("/national/", name="national dashboard")

    @task(1)
    def rollup(self) -> None:
        self.client.get("/rollup/", name="roll-up")

    @task(1)
    def england_chart(self) -> None:
        self.client.get(f"/monitoring/spc/{CHART}/national/", name="SPC chart")

    @task(1)
    def national_maturity(self) -> None:
        self.client.get("/maturity/", name="national maturity")

    @task(1)
    def national_funding(self) -> None:
        self.client.get("/funding/", name="national funding")
