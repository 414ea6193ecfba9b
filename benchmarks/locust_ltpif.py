"""Locust users for bench_web.py: system leads (plan page, trajectory save) and regional
leads (region dashboard). Each lead edits their own plan, as in real use.

Users arrive already signed in (bench_web.py opens a session for each), because the
password hash of 20 simultaneous sign-ins would otherwise fill the measured window.
"""

from __future__ import annotations

import itertools
import os
import re

from locust import HttpUser, between, task

# username:system-or-region:session key
LEADS = itertools.cycle(os.environ["LTPIF_BENCH_LEADS"].split(","))
REGIONALS = itertools.cycle(os.environ["LTPIF_BENCH_REGIONALS"].split(","))
LOCK = re.compile(r'name="lock_version" value="(\d+)"')
METRIC = "adult-crisis-24-7-coverage"


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    accounts = LEADS

    def on_start(self) -> None:
        _, self.place, session = next(self.accounts).split(":")
        self.client.cookies.set("sessionid", session)

    @task(1)
    def baseline(self) -> None:
        """The sign-in form: a page that reads only the session and user."""
        self.client.get("/sign-in/", name="sign-in page")


class SystemLead(SignedIn):
    weight = 3

    def on_start(self) -> None:
        super().on_start()
        self.page = f"/plans/{self.place}/commitments/adult-crisis-teams/"
        self.form = self._form(self.client.get(self.page, name="commitment page").text)

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
    def save_trajectory(self) -> None:
        headers = {
            "HX-Request": "true",
            "X-CSRFToken": self.client.cookies.get("csrftoken"),
            "Referer": self.host + self.page,
        }
        with self.client.post(
            self.page + "trajectories/",
            self.form,
            headers=headers,
            name="trajectory save",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return
            self.form = self._form(response.text)


class RegionalLead(SignedIn):
    weight = 1
    accounts = REGIONALS

    @task(3)
    def region_dashboard(self) -> None:
        self.client.get(f"/regions/{self.place}/", name="region dashboard")
