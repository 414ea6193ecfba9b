"""The ICS's first-line assurance (issue 16 item 2a, a growing assurance role): only a system
the region has moderated as maturing or thriving gets ICS assurance users; they judge each
review area of the submitted plan before the region's review starts, and the region's review
shows their judgements. Bad input at its field, nothing saved."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from ltpif.web.maturity.first_line import record
from ltpif.web.maturity.models import FirstLineAssurance
from ltpif.web.people import actions as people
from ltpif.web.planning.actions import Invalid, freeze
from ltpif.web.planning.models import AuditEvent, Membership, Plan, Review
from tests.web.conftest import FORBIDDEN, OK, SIGN_IN, client_for
from tests.web.test_maturity_pages import MODERATE, _set_all

PAGE = "/plans/{system}/ics-assurance/"
PAGES = {"ics-assurance": PAGE}
# who sees the page: (own system, a system of another region); it is seen as the plan is
EXPECTED = {
    "lead": (OK, FORBIDDEN),
    "partner": (OK, FORBIDDEN),
    "regional": (OK, FORBIDDEN),
    "national": (OK, OK),
    "observer": (OK, OK),
    "ics": (OK, FORBIDDEN),
    "anonymous": (SIGN_IN, SIGN_IN),
}
# who records a judgement on their own system's submitted plan
RECORD_EXPECTED = {
    "lead": FORBIDDEN,
    "partner": FORBIDDEN,
    "regional": FORBIDDEN,
    "national": FORBIDDEN,
    "observer": FORBIDDEN,
    "ics": 302,
    "anonymous": SIGN_IN,
}


def _ics_user(system) -> Membership:
    user = get_user_model().objects.create_user(f"ics.{system.code}@example.nhs.uk")
    return Membership.objects.create(user=user, role="ics_assurance", system=system)


def _maturing(system, members) -> None:
    moderate = _set_all("2019/20", "maturing")
    response = client_for(members["regional"]).post(MODERATE.format(system=system.code), moderate)
    assert response.status_code == 302


def _submitted(system, by) -> Plan:
    plan = Plan.objects.get(system=system)
    freeze(plan, "draft", by)
    plan.status = "draft_submitted"
    plan.save(update_fields=["status"])
    return plan


def _client(members, who, ics) -> Client:
    if who == "anonymous":
        return Client()
    return client_for(ics if who == "ics" else members[who])


@pytest.mark.parametrize("who", EXPECTED)
def test_who_sees_the_first_line_page(scene, who):
    own, other, members = scene
    ics = _ics_user(own)
    client = _client(members, who, ics)
    for target, status in zip((own, other), EXPECTED[who], strict=True):
        assert client.get(PAGE.format(system=target.code)).status_code == status, target.code


@pytest.mark.parametrize("who", RECORD_EXPECTED)
def test_only_the_ics_assurance_user_records(scene, who):
    own, _, members = scene
    _maturing(own, members)
    _submitted(own, members["lead"].user)
    ics = _ics_user(own)
    form = {"area": "efficiency", "rag": "amber", "comment": "Two trusts' plans disagree."}
    response = _client(members, who, ics).post(PAGE.format(system=own.code), form)
    assert response.status_code == RECORD_EXPECTED[who]
    assert FirstLineAssurance.objects.count() == (1 if who == "ics" else 0)


def test_the_region_s_review_shows_the_first_line_judgements(scene):
    own, _, members = scene
    _maturing(own, members)
    plan = _submitted(own, members["lead"].user)
    ics = client_for(_ics_user(own))
    home = ics.get("/").content.decode()
    assert f'href="/plans/{own.code}/ics-assurance/"' in home  # a task waiting for them
    for area, rag in (("efficiency", "amber"), ("local-need", "green")):
        form = {"area": area, "rag": rag, "comment": f"ICS view of {area}."}
        assert ics.post(PAGE.format(system=own.code), form).status_code == 302
    again = {"area": "efficiency", "rag": "red", "comment": "Worse on a second look."}
    assert ics.post(PAGE.format(system=own.code), again).status_code == 302
    judged = {j.area: (j.rag, j.comment) for j in FirstLineAssurance.objects.filter(plan=plan)}
    assert judged == {
        "efficiency": ("red", "Worse on a second look."),
        "local-need": ("green", "ICS view of local-need."),
    }
    events = AuditEvent.objects.filter(plan=plan, action="ics_first_line")
    assert events.count() == 3 and events.first().before == {
        "rag": "amber",
        "comment": "ICS view of efficiency.",
    }
    # the region starts its review: the first-line judgements show beside each area
    regional = client_for(members["regional"])
    Review.objects.create(plan=plan, version=plan.versions.last(), reviewer=regional_user(own))
    plan.status = "in_review"
    plan.save(update_fields=["status"])
    review = regional.get(f"/plans/{own.code}/review/").content.decode()
    cell = review.split('data-testid="first-line-efficiency"')[1].split("</td>")[0]
    assert "Worse on a second look." in cell and "nhsuk-tag--red" in cell
    assert "Not judged" in review.split('data-testid="first-line-engagement"')[1].split("</td>")[0]
    # once the review has started, the first line is closed for this version
    late = ics.post(PAGE.format(system=own.code), {"area": "engagement", "rag": "green"})
    assert late.status_code == 400 and "while a submitted plan waits" in late.content.decode()
    assert FirstLineAssurance.objects.count() == 2


def regional_user(system):
    return Membership.objects.get(role="regional_lead", region=system.region_id).user


def test_a_system_that_has_not_earned_it_has_no_first_line(scene):
    own, _, members = scene
    _submitted(own, members["lead"].user)
    ics = client_for(_ics_user(own))  # made directly: the invitation refuses (below)
    page = ics.get(PAGE.format(system=own.code)).content.decode()
    assert 'data-testid="not-earned"' in page and "has not earned a growing assurance role" in page
    response = ics.post(PAGE.format(system=own.code), {"area": "efficiency", "rag": "green"})
    assert response.status_code == FORBIDDEN
    assert not FirstLineAssurance.objects.exists()


def test_only_an_earning_system_gets_ics_assurance_users(scene):
    own, _, members = scene
    fields = {"email": "first.line@example.nhs.uk", "name": "Fern Line", "role": "ics_assurance"}
    fields["system"] = own.code
    found, problems = people.check_newcomer(fields, None, {})
    assert found is None and problems[0][0] == "role"
    assert "has not earned a growing assurance role" in problems[0][1]
    _maturing(own, members)
    found, problems = people.check_newcomer(fields, None, {})
    assert problems == [] and (found.role, found.system) == ("ics_assurance", own.code)


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"area": "nowhere", "rag": "green"}, "first-line", "Choose one of the plan&#39;s review"),
        ({"area": "efficiency", "rag": "purple"}, "rag-efficiency", "Choose red, amber or green"),
        (
            {"area": "efficiency", "rag": "green", "comment": "x" * 5001},
            "comment-efficiency",
            "Keep the comment to 5000 characters or fewer",
        ),
    ],
)
def test_a_bad_judgement_is_refused_at_its_field(scene, form, field, message):
    own, _, members = scene
    _maturing(own, members)
    _submitted(own, members["lead"].user)
    response = client_for(_ics_user(own)).post(PAGE.format(system=own.code), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'href="#{field}"' in page and message in page
    assert not FirstLineAssurance.objects.exists()


def test_the_record_action_refuses_a_plan_not_submitted(scene):
    own, _, members = scene
    _maturing(own, members)
    plan = Plan.objects.get(system=own)
    plan.status = "drafting"
    plan.save(update_fields=["status"])
    with pytest.raises(Invalid, match="while a submitted plan waits"):
        record(plan=plan, area="efficiency", rag="green", comment="", by=_ics_user(own).user)
