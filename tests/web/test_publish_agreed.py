"""The national implementation plan from agreed plans (issue 13 item 6): each system's latest
agreed final version; for a system with none, its latest submitted version marked "not yet
agreed" or nothing, as the national team chooses; the stamp records every plan's status,
version and hash."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from ltpif.cli.main import main
from ltpif.framework.loader import load_pack
from ltpif.web.planning.actions import freeze
from ltpif.web.planning.models import Membership, Plan, PlanVersion, Review
from ltpif.web.planning.plan_source import AgreedVersions
from ltpif.web.publishing import runner
from ltpif.web.publishing.models import PublicationRun
from tests.web.conftest import FORBIDDEN, OK, SIGN_IN, client_for

BAD_FORM = 400

# Every plan of the world starts with its "initial" version 1 (loaded, never submitted).
# state → the versions it goes through (kind, the review's decision on it, if reviewed), status
STATES = {
    "drafting": ([], "drafting"),
    "imported": ([("import", None)], "drafting"),
    "draft submitted": ([("draft", None)], "draft_submitted"),
    "final in review": ([("draft", "changes_requested"), ("final", "open")], "in_review"),
    "agreed": ([("draft", "changes_requested"), ("final", "agreed")], "agreed"),
    "agreed, published": (
        [("draft", "changes_requested"), ("final", "changes_requested"), ("final", "agreed")],
        "published",
    ),
}
OMITTED_NONE = "not yet agreed: no plan submitted"
# state → what the publication shows: (status, version number) or the reason it is left out
EXPECTED = {
    "omit": {
        "drafting": OMITTED_NONE,
        "imported": OMITTED_NONE,
        "draft submitted": "not yet agreed: left out by the national team (latest submitted: "
        "version 2)",
        "final in review": "not yet agreed: left out by the national team (latest submitted: "
        "version 3)",
        "agreed": ("agreed", 3),
        "agreed, published": ("agreed", 4),
    },
    "submitted": {
        "drafting": OMITTED_NONE,
        "imported": OMITTED_NONE,
        "draft submitted": ("not yet agreed", 2),
        "final in review": ("not yet agreed", 3),
        "agreed": ("agreed", 3),
        "agreed, published": ("agreed", 4),
    },
}


def _put(plan: Plan, state: str, by) -> None:
    steps, status = STATES.get(state) or AGREED_FINAL
    for kind, decision in steps:
        version = freeze(plan, kind, by)
        if decision is not None:
            Review.objects.create(
                plan=plan,
                version=version,
                reviewer=by,
                decision=decision,
                decided_at=None if decision == "open" else timezone.now(),
            )
    Plan.objects.filter(pk=plan.pk).update(status=status)


@pytest.fixture
def states(world):
    """Six systems, one in each state; the rest drafting (their initial version only)."""
    by = Membership.objects.get(role="national").user
    plans = list(Plan.objects.order_by("system_id")[: len(STATES)])
    placed = {}
    for plan, state in zip(plans, STATES, strict=True):
        _put(plan, state, by)
        placed[plan.system_id] = state
    return placed


@pytest.mark.parametrize("missing", ["omit", "submitted"])
def test_each_state_publishes_what_the_table_says(states, missing):
    read = AgreedVersions(load_pack(), missing).read()
    for system, state in states.items():
        expected = EXPECTED[missing][state]
        if isinstance(expected, tuple):
            assert read.standing[system] == expected, state
            assert system not in read.left_out, state
            assert system in read.plans
        else:
            assert read.left_out[system] == expected, state
            assert system not in read.plans and system not in read.standing
    others = set(read.left_out) - set(states)
    assert len(others) == 42 - len(states)  # the rest: drafting, nothing submitted
    assert {read.left_out[code] for code in others} == {OMITTED_NONE}


def test_the_plan_read_is_the_agreed_version_not_the_working_copy(states):
    system = next(code for code, state in states.items() if state == "agreed")
    plan = Plan.objects.get(system_id=system)
    agreed = PlanVersion.objects.get(plan=plan, number=3)
    working = dict(plan.working)
    working["title"] = "Edited after agreement"
    Plan.objects.filter(pk=plan.pk).update(working=working)
    read = AgreedVersions(load_pack(), "omit").read()
    assert read.plans[system].title == agreed.document["title"] != "Edited after agreement"


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def in_request(monkeypatch):
    monkeypatch.setattr(runner, "launch", runner.execute)


@pytest.mark.usefixtures("in_request")
def test_the_web_asks_then_publishes_with_statuses_in_the_stamp(states, data_dir):
    client = client_for(Membership.objects.get(role="national"))
    confirm = client.get("/publish/confirm/").content.decode()
    assert "2 of 42 systems have an agreed final plan" in confirm
    rows = confirm.count('data-system="')
    assert rows == 40  # every system without an agreed plan is listed
    assert "Its latest submitted draft plan (version 2), marked “not yet agreed”" in confirm
    assert "Its latest submitted final plan (version 3), marked “not yet agreed”" in confirm
    assert "Nothing: it has submitted no plan" in confirm

    refused = client.post("/publish/", {})  # no choice made while some are not agreed
    assert refused.status_code == BAD_FORM
    assert "Choose what the publication shows" in refused.content.decode()
    assert client.post("/publish/", {"missing": "everything"}).status_code == BAD_FORM
    assert not PublicationRun.objects.exists()

    response = client.post("/publish/", {"missing": "submitted"})
    assert response.status_code == 302
    run = PublicationRun.objects.get()
    assert run.status == PublicationRun.DONE, run.error
    assert run.missing == "submitted"
    folder = Path(run.folder)
    stamp = json.loads((folder / "stamp.json").read_text())
    by_system = {entry["system"]: entry for entry in stamp["plans"]}
    assert len(by_system) == 4
    for system, state in states.items():
        expected = EXPECTED["submitted"][state]
        if isinstance(expected, tuple):
            status, number = expected
            entry = by_system[system]
            assert (entry["status"], entry["version"]) == (status, number)
            version = PlanVersion.objects.get(plan__system_id=system, number=number)
            assert entry["sha256"] == version.sha256
        else:
            assert {"system": system, "reason": expected} in stamp["left_out"]
    assert len(stamp["left_out"]) == 38
    systems = (folder / "systems.html").read_text()
    assert systems.count("NOT YET AGREED: its latest submitted version") == 2
    assert "2 plans are not yet agreed" in (folder / "index.html").read_text()
    method = (folder / "method.html").read_text()
    assert "<td>not yet agreed</td>" in method and "<td>agreed</td>" in method
    assert run.stamp["agreed"] == 2 and len(run.stamp["not_yet_agreed"]) == 2
    page = client.get(f"/publish/{run.pk}/").content.decode()
    assert "Not yet agreed" in page and "2 agreed" in page


@pytest.mark.usefixtures("in_request")
def test_agreed_only_leaves_the_others_out(states, data_dir):
    client = client_for(Membership.objects.get(role="national"))
    assert client.post("/publish/", {"missing": "omit"}).status_code == 302
    run = PublicationRun.objects.get()
    assert run.status == PublicationRun.DONE, run.error
    stamp = json.loads((Path(run.folder) / "stamp.json").read_text())
    assert [e["status"] for e in stamp["plans"]] == ["agreed", "agreed"]
    assert len(stamp["left_out"]) == 40
    assert "NOT YET AGREED" not in (Path(run.folder) / "systems.html").read_text()


# the permission matrix's row for the confirmation page: only the national team sees it
CONFIRM = "/publish/confirm/"
WHO = {
    "lead": FORBIDDEN,
    "partner": FORBIDDEN,
    "regional": FORBIDDEN,
    "national": OK,
    "observer": FORBIDDEN,
    "anonymous": SIGN_IN,
}


@pytest.mark.parametrize("who", WHO)
def test_permission_matrix(scene, who):
    _, _, members = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    assert client.get(CONFIRM).status_code == WHO[who]


@pytest.fixture
def cli(world, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LTPIF_DATA_DIR", str(tmp_path))

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["publish", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


BAD_ARGUMENTS = [
    ([], "give PLAN_DIR (a folder of plan files) or --from-database"),
    (["plans", "--from-database"], "give PLAN_DIR or --from-database, not both"),
    (["plans", "--missing", "omit"], "--missing is for --from-database"),
]


@pytest.mark.parametrize(("args", "message"), BAD_ARGUMENTS)
def test_the_cli_refuses_bad_arguments_with_exit_2(cli, tmp_path, args, message):
    out = tmp_path / "out"
    code, _, err = cli(*args, "--out", str(out), "--no-pdf")
    assert code == 2
    assert message in err and "nothing was written" in err
    assert not out.exists()


def test_the_cli_refuses_an_unknown_choice(cli, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        cli("--from-database", "--missing", "all", "--out", str(tmp_path / "o"))
    assert exit_.value.code == 2


def test_the_cli_publishes_from_the_database(cli, states, tmp_path):
    out = tmp_path / "out"
    args = ["--from-database", "--missing", "submitted", "--data-dir", str(tmp_path)]
    code, printed, err = cli(*args, "--out", str(out), "--no-pdf", "--build-time", "2019-12-31")
    assert code == 0, err
    stamp = json.loads((out / "stamp.json").read_text())
    statuses = sorted((e["status"], e["version"]) for e in stamp["plans"])
    assert statuses == [("agreed", 3), ("agreed", 4), ("not yet agreed", 2), ("not yet agreed", 3)]
    assert "not yet agreed, its latest submitted version (2) is shown" in printed
    assert printed.count("no plan published") == 38
    again = tmp_path / "again"
    code, _, _ = cli(*args, "--out", str(again), "--no-pdf", "--build-time", "2019-12-31")
    digest = hashlib.sha256((again / "stamp.json").read_bytes()).hexdigest()
    assert digest == hashlib.sha256((out / "stamp.json").read_bytes()).hexdigest()


def agree_every_plan() -> None:
    """Every plan of the world agreed at a final version 2 (for tests of the whole build)."""
    by = Membership.objects.get(role="national").user
    for plan in Plan.objects.all():
        _put(plan, "agreed-final", by)


AGREED_FINAL = ([("final", "agreed")], "agreed")
