"""The health and wellbeing partnership in the web (issue 15 item 4): a board's partner records
its strategy's priorities and its JSNA's findings; the system lead links the plan to them; the
coverage is shown before sign-off and on the plan; assurance reads it. Bad input is refused at
its field with nothing saved; partners write only their own board's strategy."""

from __future__ import annotations

import pytest

from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.partnership.models import StrategyItem
from ltpif.web.people.models import Person
from ltpif.web.planning.models import AuditEvent, Membership, Plan
from ltpif.web.planning.queries import assurance, document
from tests.web.conftest import client_for
from tests.web.test_workflow_and_editing import COMPLIANT

SYSTEM = COMPLIANT[2]
BOARD = "E06000091"  # a made-up upper-tier authority code, in SYSTEM's footprint only
OTHER = "E06000092"  # another authority, in another system's footprint


def _authority(code: str, name: str, system: str) -> Organisation:
    organisation = Organisation.objects.create(type="local_authority", code=code, name=name)
    Footprint.objects.create(organisation=organisation, system_id=system)
    return organisation


def _as_user_of(member: Membership, code: str) -> Membership:
    Person.objects.update_or_create(
        user=member.user, defaults={"name": "A partner", "organisation_code": code}
    )
    return member


@pytest.fixture
def people(world):
    """SYSTEM's partner, a user of its board Testshire; its lead and regional lead; a partner
    of another system, a user of Otherton (in that system's footprint)."""
    _authority(BOARD, "Testshire", SYSTEM)
    other_system = next(c for c in COMPLIANT if c != SYSTEM)
    _authority(OTHER, "Otherton", other_system)
    partner = _as_user_of(Membership.objects.get(role="la_partner", system_id=SYSTEM), BOARD)
    stranger = _as_user_of(Membership.objects.get(role="la_partner", system_id=other_system), OTHER)
    lead = Membership.objects.get(role="system_lead", system_id=SYSTEM)
    plan = Plan.objects.get(system_id=SYSTEM)
    regional = Membership.objects.get(role="regional_lead", region_id=plan.system.region_id)
    return {"partner": partner, "stranger": stranger, "lead": lead, "regional": regional}


def _item(**changes) -> dict:
    form = {
        "kind": "priority",
        "title": "Healthy homes",
        "description": "Warm, dry homes for everyone with a long-term condition.",
        "source": "https://example.org/testshire-jhws-2019.pdf",
        "dated-day": "27",
        "dated-month": "3",
        "dated-year": "2019",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


URL = f"/systems/{SYSTEM}/partnership/"


def test_the_partner_records_a_priority_and_everyone_of_the_system_reads_it(people):
    queries = Plan.objects.get(system_id=SYSTEM).queries  # stored before the board was known
    response = client_for(people["partner"]).post(URL, _item())
    assert response.status_code == 302, response.content.decode()[:3000]
    item = StrategyItem.objects.get(authority=BOARD)
    assert (item.ident, item.kind, item.dated.isoformat()) == (
        "healthy-homes",
        "priority",
        "2019-03-27",
    )
    assert AuditEvent.objects.filter(action="record_strategy_item").count() == 1
    # the plan's stored summary is judged again: two more queries, the board's priority not
    # built on and no dedicated discussion naming Testshire
    assert Plan.objects.get(system_id=SYSTEM).queries == queries + 2
    for who in ("lead", "regional", "partner"):
        page = client_for(people[who]).get(URL).content.decode()
        assert "Healthy homes" in page and "Testshire" in page, who
    # a second item of the same title gets an id of its own
    assert client_for(people["partner"]).post(URL, _item()).status_code == 302
    assert sorted(StrategyItem.objects.values_list("ident", flat=True)) == [
        "healthy-homes",
        "healthy-homes-2",
    ]


BAD_ITEMS = [
    # (case, the form's changes, the field named, words of its message)
    ("no kind", {"kind": None}, "kind", "strategy priority or a JSNA finding"),
    ("an unknown kind", {"kind": "wish"}, "kind", "strategy priority or a JSNA finding"),
    ("no title", {"title": "  "}, "title", "Enter the priority"),
    ("a title too long", {"title": "x" * 201}, "title", "no more than 200 characters"),
    ("no source", {"source": ""}, "source", "Enter the document it comes from"),
    (
        "no date",
        {"dated-day": "", "dated-month": "", "dated-year": ""},
        "dated",
        "Enter a date, like 27 9 2019",
    ),
    ("no such day", {"dated-day": "30", "dated-month": "2"}, "dated", "must be a real date"),
    ("a two-digit year", {"dated-year": "19"}, "dated", "The year must include 4 numbers"),
    ("words for the month", {"dated-month": "March"}, "dated", "must be a real date"),
    ("a month beyond any integer", {"dated-month": "9" * 30}, "dated", "must be a real date"),
]


@pytest.mark.parametrize(
    ("changes", "field", "words"), [c[1:] for c in BAD_ITEMS], ids=[c[0] for c in BAD_ITEMS]
)
def test_a_bad_item_is_refused_at_its_field_with_nothing_saved(people, changes, field, words):
    response = client_for(people["partner"]).post(URL, _item(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="{field}-error"' in page and words in page
    assert f'href="#{field}"' in page  # the error summary links to the field
    assert not StrategyItem.objects.exists()
    assert not AuditEvent.objects.filter(action="record_strategy_item").exists()


def test_only_a_board_partner_records_and_only_their_own_board(people):
    # the lead, the region and the partner of another system may not record here
    for who in ("lead", "regional", "stranger"):
        assert client_for(people[who]).post(URL, _item()).status_code == 403, who
    # a partner whose organisation is not an authority of the footprint may not either
    _as_user_of(people["partner"], "RXX")
    assert client_for(people["partner"]).post(URL, _item()).status_code == 403
    assert not StrategyItem.objects.exists()
    # the other board's partner may not change this board's item, even through their own system
    _as_user_of(people["partner"], BOARD)
    client_for(people["partner"]).post(URL, _item())
    item = StrategyItem.objects.get()
    other_system = people["stranger"].system_id
    for url in (f"{URL}items/{item.pk}/", f"/systems/{other_system}/partnership/items/{item.pk}/"):
        response = client_for(people["stranger"]).post(url, _item(title="Changed"))
        assert response.status_code in (403, 404), url
    item.refresh_from_db()
    assert item.title == "Healthy homes"


def test_the_partner_changes_a_title_and_the_id_stays(people):
    client = client_for(people["partner"])
    client.post(URL, _item())
    item = StrategyItem.objects.get()
    assert client.get(f"{URL}items/{item.pk}/").status_code == 200
    response = client.post(f"{URL}items/{item.pk}/", _item(title="Warm homes"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.ident) == ("Warm homes", "healthy-homes")
    bad = client.post(f"{URL}items/{item.pk}/", _item(title=""))
    assert bad.status_code == 400
    item.refresh_from_db()
    assert item.title == "Warm homes"


def _record_two(people) -> None:
    client = client_for(people["partner"])
    assert client.post(URL, _item()).status_code == 302
    assert client.post(URL, _item(title="Less loneliness")).status_code == 302
    assert client.post(URL, _item(title="Damp housing", kind="finding")).status_code == 302


LINKS = f"/plans/{SYSTEM}/strategy-links/"


def _link(people, priority: str, builds: str, who: str = "lead"):
    plan = Plan.objects.get(system_id=SYSTEM)
    form = {"priority": priority, "builds": builds, "lock_version": plan.lock_version}
    return client_for(people[who]).post(LINKS, form)


def _coverage_rows(page: str) -> str:
    start = page.index('data-testid="coverage"')
    return page[start : page.index("</table>", start)]


def test_the_lead_links_and_the_coverage_shows_before_sign_off_and_on_the_plan(people):
    _record_two(people)
    response = _link(people, f"{BOARD}:healthy-homes", "commitment:smoking-cessation")
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get(system_id=SYSTEM)
    (link,) = document(plan).strategy_links
    assert (link.authority, link.priority, link.commitment) == (
        BOARD,
        "healthy-homes",
        "smoking-cessation",
    )
    # 1 of the 2 priorities (the JSNA finding does not count): 50.0%, loneliness not built on
    engagement = client_for(people["partner"]).get(f"/plans/{SYSTEM}/engagement/").content.decode()
    rows = _coverage_rows(engagement)
    assert "1 of 2" in rows and "50.0%" in rows and "Less loneliness" in rows
    assert engagement.index('data-testid="coverage"') < engagement.index(
        'data-testid="sign-off-form"'
    )
    overview = client_for(people["regional"]).get(f"/plans/{SYSTEM}/").content.decode()
    assert "50.0%" in _coverage_rows(overview)
    # assurance: a query naming what is missing, under the partnership principles
    messages = [
        f.message for f in assurance(plan).findings if f.rule == "builds-on-board-strategies"
    ]
    assert any("1 of the 2 priorities" in m and "less-loneliness" in m for m in messages)
    assert (
        _link(people, f"{BOARD}:less-loneliness", "commitment:weight-management").status_code == 302
    )
    plan.refresh_from_db()
    assert "100.0%" in _coverage_rows(client_for(people["lead"]).get(LINKS).content.decode())
    messages = [
        f.message for f in assurance(plan).findings if f.rule == "builds-on-board-strategies"
    ]
    assert not any("priorities of the joint" in m for m in messages)


BAD_LINKS = [
    # (case, priority, builds, the field named, words of its message)
    ("no priority", "", "commitment:smoking-cessation", "priority", "Select the strategy priority"),
    ("nothing of the plan", f"{BOARD}:healthy-homes", "", "builds", "Select the commitment"),
    (
        "another area's priority",
        f"{OTHER}:jobs",
        "commitment:smoking-cessation",
        "priority",
        "not a health and wellbeing board of this system",
    ),
    (
        "a priority not recorded",
        f"{BOARD}:jobs",
        "commitment:smoking-cessation",
        "priority",
        "has no priority",
    ),
    (
        "a commitment the plan lacks",
        f"{BOARD}:healthy-homes",
        "commitment:no-such",
        "builds",
        "no commitment",
    ),
    (
        "a local priority the plan lacks",
        f"{BOARD}:healthy-homes",
        "local:no-such",
        "builds",
        "no local priority",
    ),
]


@pytest.mark.parametrize(
    ("priority", "builds", "field", "words"),
    [c[1:] for c in BAD_LINKS],
    ids=[c[0] for c in BAD_LINKS],
)
def test_a_bad_link_is_refused_at_its_field_with_nothing_saved(
    people, priority, builds, field, words
):
    _record_two(people)
    before = Plan.objects.get(system_id=SYSTEM).lock_version
    response = _link(people, priority, builds)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="{field}-error"' in page and words in page, page[page.find("error-summary") :][
        :1500
    ]
    plan = Plan.objects.get(system_id=SYSTEM)
    assert plan.lock_version == before
    assert not document(plan).strategy_links


def test_a_link_made_twice_is_refused(people):
    _record_two(people)
    assert (
        _link(people, f"{BOARD}:healthy-homes", "commitment:smoking-cessation").status_code == 302
    )
    response = _link(people, f"{BOARD}:healthy-homes", "commitment:smoking-cessation")
    assert response.status_code == 400 and "already made" in response.content.decode()
    assert len(document(Plan.objects.get(system_id=SYSTEM)).strategy_links) == 1


def test_only_the_lead_links_and_removes(people):
    _record_two(people)
    for who in ("partner", "regional"):
        assert (
            _link(people, f"{BOARD}:healthy-homes", "commitment:smoking-cessation", who).status_code
            == 403
        )
        assert client_for(people[who]).get(LINKS).status_code == 200
    assert (
        _link(people, f"{BOARD}:healthy-homes", "commitment:smoking-cessation").status_code == 302
    )
    plan = Plan.objects.get(system_id=SYSTEM)
    remove = {"lock_version": plan.lock_version}
    assert client_for(people["partner"]).post(f"{LINKS}0/remove/", remove).status_code == 403
    assert client_for(people["lead"]).post(f"{LINKS}0/remove/", remove).status_code == 302
    assert not document(Plan.objects.get(system_id=SYSTEM)).strategy_links


def test_a_system_without_boards_says_so(people):
    page = client_for(people["lead"]).get(f"/plans/{COMPLIANT[3]}/strategy-links/")
    assert page.status_code in (200, 403)
    own = Membership.objects.get(role="system_lead", system_id=COMPLIANT[3])
    page = client_for(own).get(f"/plans/{COMPLIANT[3]}/strategy-links/").content.decode()
    assert 'data-testid="coverage-none"' in page
