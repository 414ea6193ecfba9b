"""Opening the next round in the web (issue 12 item 3): the national team chooses the new pack
version, sees what changes and what each system's agreed plan carries, and confirms; the agreed
plans become the new round's first drafts and the new round becomes current in one transaction,
with a report per system to download. The next pack is a test pack (tests/packs.py), installed
beside the built-in one for each test."""

from __future__ import annotations

import csv
import io

import pytest

from ltpif.web.organisations.models import Round
from ltpif.web.organisations.rounds import current_round, round_of
from ltpif.web.planning.models import AuditEvent, Plan, PlanVersion
from tests.web.conftest import FORBIDDEN, OK, SIGN_IN, client_for

# three systems whose plans the test agrees; the demo plans have 2, 3 and 1 local priorities
AGREED = ("E54000005", "E54000006", "E54000007")
NEXT = "/rounds/next/"
CONFIRM = "/rounds/next/ltpif-2020/"


@pytest.fixture
def agreed(world, next_pack):
    Plan.objects.filter(system_id__in=AGREED).update(status="agreed")
    return current_round()


def _national(scene):
    return client_for(scene[2]["national"])


def _snapshot() -> dict:
    """Everything opening a round may write, as it stands."""
    return {
        "rounds": list(Round.objects.order_by("pk").values_list("pk", "current_since")),
        "plans": list(
            Plan.objects.order_by("pk").values_list("pk", "round_id", "status", "lock_version")
        ),
        "versions": list(PlanVersion.objects.order_by("pk").values_list("pk", "sha256")),
        "audit": AuditEvent.objects.count(),
        "current": current_round().pk,
    }


def test_the_national_team_chooses_a_pack_version_other_than_the_current_one(scene, agreed):
    national = _national(scene)
    page = national.get(NEXT).content.decode()
    assert 'value="ltpif-2020"' in page
    assert 'value="ltpif-2019"' not in page  # the current round's version
    # nothing chosen: the error summary and the message at the field, nothing opened
    before = _snapshot()
    refused = national.post(NEXT, {})
    text = refused.content.decode()
    assert refused.status_code == 400
    assert "There is a problem" in text and 'href="#pack"' in text
    assert 'id="pack-error"' in text and "Select the pack version of the new round" in text
    assert national.post(NEXT, {"pack": "no-such-pack"}).status_code == 400
    assert _snapshot() == before
    chosen = national.post(NEXT, {"pack": "ltpif-2020"})
    assert (chosen.status_code, chosen["Location"]) == (302, CONFIRM)


def test_the_confirmation_page_says_what_changes_in_words_and_what_each_system_carries(
    scene, agreed
):
    before = _snapshot()
    page = _national(scene).get(CONFIRM)
    text = page.content.decode()
    assert page.status_code == 200
    # the framework diff, in words (tests/packs.py next_round_pack: what it changes)
    for line in (
        "Plan period: last changes from &#39;2023/24&#39; to &#39;2024/25&#39;.",
        "Year 2024/25 added.",
        "Commitment fax-machines removed: &#39;Stop using fax machines&#39;.",
        "Metric fax-machines-in-use removed: &#39;Fax machines in use&#39;.",
        "Rule sections-substantial: params.min_length changes from 100 to 150.",
    ):
        assert line in text, line
    counts = text.split('data-testid="carry-counts"')[1].split("</ul>")[0]
    assert "<strong>3</strong> systems&#39; agreed plans are carried forward" in counts
    assert "<strong>39</strong> systems have no agreed plan" in counts
    assert "Local priorities: <strong>6</strong> kept, <strong>0</strong> dropped." in counts
    rows = text.split('data-testid="carry-systems"')[1]
    row = rows.split('data-system="E54000007"')[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1] for c in row.split("</td>")[:-1]]
    # name, carried, no longer fits, must add, to review, priorities kept, dropped
    assert cells[1:] == ["Carried forward", "1", "3", "1", "1", "0"]
    assert _snapshot() == before  # looking opens nothing


def test_confirming_carries_the_agreed_plans_and_switches_the_round_at_once(scene, agreed):
    first = agreed
    before = _snapshot()
    done = _national(scene).post(CONFIRM)
    later = current_round()
    assert later.pk != first.pk
    assert (done.status_code, done["Location"]) == (302, f"/rounds/{later.pk}/carried/")
    assert (later.pack, later.pack_version, later.carried_from_id) == (
        "ltpif-2020",
        "2020.1",
        first.pk,
    )
    drafts = Plan.objects.filter(round=later).order_by("system_id")
    assert [(p.system_id, p.status) for p in drafts] == [(s, "drafting") for s in AGREED]
    for plan in drafts:
        assert plan.working["pack"] == "ltpif-2020" and plan.working["pack_version"] == "2020.1"
        assert "fax-machines" not in {c["commitment"] for c in plan.working["commitments"]}
        assert [v.kind for v in plan.versions.all()] == ["initial"]
    events = AuditEvent.objects.filter(action="carry_forward").order_by("plan__system_id")
    assert [e.plan.system_id for e in events] == list(AGREED)
    # the old round is as it was: its plans, their versions and statuses
    assert [p for p in _snapshot()["plans"] if p[1] == first.pk] == before["plans"]
    assert _snapshot()["versions"][: len(before["versions"])] == before["versions"]
    # the pages now work on the new round: its three plans
    national = _national(scene).get("/national/").content.decode()
    assert national.count("data-system=") == 3
    assert 'Round: <a href="/rounds/"><strong>ltpif-2020 2020.1</strong></a>' in national
    # the version cannot be chosen again
    again = _national(scene).get(NEXT).content.decode()
    assert 'data-testid="no-other-pack"' in again
    assert _national(scene).post(CONFIRM).status_code == 404


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_each_system_s_report_is_a_csv_after(scene, agreed):
    _national(scene).post(CONFIRM)
    later = current_round()
    summary = _national(scene).get(f"/rounds/{later.pk}/carried/").content.decode()
    assert "3 agreed plans carried forward as first drafts" in summary
    assert "local priorities 6 kept, 0 dropped" in summary
    name = Plan.objects.get(system_id="E54000007", round=later).system.name
    report = _national(scene).get(f"/rounds/{later.pk}/carried/E54000007.csv")
    assert report["Content-Disposition"] == 'attachment; filename="E54000007-carried-forward.csv"'
    head = ["E54000007", name, "ltpif-2020 2020.1"]
    assert _csv(report) == [
        ["system", "name", "round", "what", "where", "note"],
        [
            *head,
            "No longer fits (not carried)",
            "commitments[fax-machines]",
            "commitment 'fax-machines' is not in ltpif-2020 2020.1: not carried (its 1 trajectory)",
        ],
        [
            *head,
            "To review",
            "sign_offs",
            "6 sign-offs of the old plan set back to pending: partners sign the new draft",
        ],
        [
            *head,
            "Must now add",
            "trajectories",
            "give values for the new plan year 2024/25: 40 trajectories",
        ],
        [
            *head,
            "Must now add",
            "finance",
            "give values for the new plan year 2024/25: 4 organisations",
        ],
        [
            *head,
            "Must now add",
            "workforce",
            "give values for the new plan year 2024/25: 5 staff groups",
        ],
    ]
    unagreed = _csv(_national(scene).get(f"/rounds/{later.pk}/carried/E54000008.csv"))
    assert unagreed[1][3:] == ["No agreed plan", "", "nothing was carried"]
    assert _national(scene).get(f"/rounds/{later.pk}/carried/E54999999.csv").status_code == 404


def test_a_failure_mid_carry_leaves_everything_as_it_was(scene, agreed, monkeypatch):
    """The second plan's load fails: the first plan's draft, the new round and the switch of
    the current round are all undone."""
    from ltpif.web.organisations import store

    real, calls = store.load_plan, []

    def failing(*args, **kwargs):
        calls.append(args[1].system)
        if len(calls) == 2:
            raise RuntimeError("the database went away mid-carry")
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "load_plan", failing)
    before = _snapshot()
    with pytest.raises(RuntimeError, match="mid-carry"):
        _national(scene).post(CONFIRM)
    assert len(calls) == 2  # the first plan had been written
    assert _snapshot() == before
    assert not Round.objects.filter(pack="ltpif-2020").exists()
    assert current_round() == agreed


def test_round_open_of_a_new_version_opens_it_beside_without_making_it_current(
    scene, agreed, next_pack
):
    """What `ltpif round open --pack ltpif-2020` does to the rounds (test_round_open.py runs
    the command): the new round opens empty, the old stays current until the carry."""
    later, opened = round_of(next_pack)
    assert opened and later.current_since is None
    assert current_round() == agreed
    listing = _national(scene).get("/rounds/").content.decode()
    assert "Opened, not yet current" in listing
    # the web carries into that round and makes it current
    _national(scene).post(CONFIRM)
    assert current_round() == later
    assert Plan.objects.filter(round=later).count() == 3


# --- permissions -----------------------------------------------------------------------

URLS = {
    "next-round": NEXT,
    "confirm-next-round": CONFIRM,
    "round-carried": "/rounds/{carried}/carried/",
    "round-carried-csv": "/rounds/{carried}/carried/{system}.csv",
}
ALL_OK = (OK, OK)
NONE = (FORBIDDEN, FORBIDDEN)
# who: {page: (own system, other system)}; the report CSV is the plan's readers'
EXPECTED = {
    "lead": {**dict.fromkeys(URLS, NONE), "round-carried-csv": (OK, FORBIDDEN)},
    "partner": {**dict.fromkeys(URLS, NONE), "round-carried-csv": (OK, FORBIDDEN)},
    "regional": {**dict.fromkeys(URLS, NONE), "round-carried-csv": (OK, FORBIDDEN)},
    "national": dict.fromkeys(URLS, ALL_OK),
    "observer": {**dict.fromkeys(URLS, NONE), "round-carried-csv": ALL_OK},
    "anonymous": dict.fromkeys(URLS, (SIGN_IN, SIGN_IN)),
}
CASES = [(who, name) for who in EXPECTED for name in URLS]


@pytest.mark.parametrize(("who", "name"), CASES, ids=[f"{w}-{n}" for w, n in CASES])
def test_who_opens_the_next_round_and_reads_its_reports(scene, agreed, who, name):
    from django.test import Client

    own, other, members = scene
    Plan.objects.filter(system__in=(own, other)).update(status="agreed")
    national = client_for(members["national"])
    url = URLS[name]
    if name.startswith("round-carried"):
        assert national.post(CONFIRM).status_code == 302
        url = url.replace("{carried}", str(current_round().pk))
    client = Client() if who == "anonymous" else client_for(members[who])
    for target, status in zip((own, other), EXPECTED[who][name], strict=True):
        response = client.get(url.format(system=target.code))
        assert response.status_code == status, (who, url, target.code)
