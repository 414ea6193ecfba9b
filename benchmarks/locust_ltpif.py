"""Locust users for bench_web.py: system leads (plan page, trajectory save) and regional
leads (region dashboard). Each lead edits their own plan, as in real use."""

from __future__ import annotations

import itertools
import os
import re

from locust import HttpUser, between, task

PASSWORD = os.environ["LTPIF_BENCH_PASSWORD"]
LEADS = itertools.cycle(os.environ["LTPIF_BENCH_LEADS"].split(","))  # username:system
REGIONALS = itertools.cycle(os.environ["LTPIF_BENCH_REGIONALS"].split(","))  # username:region
LOCK = re.compile(r'name="lock_version" value="(\d+)"')
METRIC = "adult-crisis-24-7-coverage"


def sign_in(user: HttpUser, username: str) -> None:
    user.client.get("/sign-in/", name="sign-in")
    token = user.client.cookies.get("csrftoken")
    user.client.post(
        "/sign-in/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        name="sign-in",
    )


class SystemLead(HttpUser):
    weight = 3
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        username, self.system = next(LEADS).split(":")
        sign_in(self, username)
        self.page = f"/plans/{self.system}/commitments/adult-crisis-teams/"
        self.form = self._form(self.client.get(self.page, name="commitment page").text)

    def _form(self, html: str) -> dict:
        fields = dict(
            re.findall(rf'name="({METRIC}__(?:num|den)__[0-9/]+)"[^>]*value="([^"]*)"', html)
        )
        fields["lock_version"] = LOCK.search(html).group(1)
        return fields

    @task(3)
    def plan_page(self) -> None:
        self.client.get(f"/plans/{self.system}/", name="plan page")

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


class RegionalLead(HttpUser):
    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        username, self.region = next(REGIONALS).split(":")
        sign_in(self, username)

    @task(3)
    def region_dashboard(self) -> None:
        self.client.get(f"/regions/{self.region}/", name="region dashboard")

    @task(1)
    def sign_in_page(self) -> None:
        self.client.get("/sign-in/", name="sign-in page")
