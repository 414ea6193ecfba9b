"""A system's footprint page: its organisations listed; national and regional users add the
organisations of the types with no public list, with an error summary for a bad form."""

from __future__ import annotations

import pytest
from django.test import Client

from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.planning.models import AuditEvent
from tests.web.conftest import client_for

ALLIANCE = {"type": "cancer_alliance", "name": "Greater Manchester Cancer", "code": "E56000001"}


def url(system) -> str:
    return f"/systems/{system.code}/organisations/"


@pytest.fixture
def ccg(scene):
    own, other, _ = scene
    org = Organisation.objects.create(
        type="ccg", code="02T", name="NHS CALDERDALE CCG", source="nhsd_ccg19.csv"
    )
    Footprint.objects.create(organisation=org, system=own, share=1.0)
    authority = Organisation.objects.create(
        type="local_authority", code="E10000006", name="Cumbria", source="utla.csv"
    )
    Footprint.objects.create(organisation=authority, system=own, share=0.3611)
    Footprint.objects.create(organisation=authority, system=other, share=0.6389)
    return org


def test_the_page_lists_the_system_organisations_by_type(scene, ccg):
    own, _, members = scene
    response = client_for(members["lead"]).get(url(own))
    assert response.status_code == 200
    text = response.content.decode()
    assert "NHS CALDERDALE CCG" in text
    assert "Clinical commissioning group</a>: 1" in text
    assert "36.1%" in text  # Cumbria's share inside the system
    assert f'<td class="nhsuk-table__cell">{scene[1].name}</td>' in text  # and where else
    assert 'data-testid="add-organisation"' not in text  # a system lead adds nothing


@pytest.mark.parametrize("who", ["national", "regional"])
def test_national_and_regional_users_add_an_organisation(scene, who):
    own, _, members = scene
    client = client_for(members[who])
    response = client.post(url(own), ALLIANCE)
    assert response.status_code == 302 and response["Location"] == url(own)
    org = Organisation.objects.get(type="cancer_alliance", code="E56000001")
    assert (org.name, org.source, org.added_by) == (ALLIANCE["name"], "", members[who].user)
    assert [(f.system, f.share) for f in org.footprint.all()] == [(own, None)]
    event = AuditEvent.objects.get(action="add_organisation")
    assert event.actor == members[who].user
    assert event.after["code"] == "E56000001" and event.after["system"] == own.code
    page = client.get(url(own)).content.decode()
    assert "Greater Manchester Cancer" in page
    assert "added to the footprint of" in page  # the confirmation message


def test_an_organisation_of_several_systems_is_added_to_each(scene):
    own, other, members = scene
    client = client_for(members["national"])
    assert client.post(url(own), ALLIANCE).status_code == 302
    assert client.post(url(other), ALLIANCE).status_code == 302
    org = Organisation.objects.get(code="E56000001")
    assert sorted(f.system_id for f in org.footprint.all()) == sorted([own.code, other.code])
    # once in a system's footprint is enough
    again = client.post(url(own), ALLIANCE)
    assert again.status_code == 400
    assert "is already in the footprint of" in again.content.decode()


@pytest.mark.parametrize(
    ("form", "errors"),
    [
        (
            {},
            [
                "Choose the type of organisation",
                "Enter the organisation's name",
                "Enter the organisation's code (its ODS code, or one you choose)",
            ],
        ),
        # a type with a public list is loaded from the lookups, never added by hand
        ({**ALLIANCE, "type": "ccg"}, ["Choose the type of organisation"]),
        ({**ALLIANCE, "name": "x" * 201}, ["The name must be 200 characters or fewer"]),
        (
            {**ALLIANCE, "code": "E56 000001"},
            [
                "The code must be up to 40 letters, digits and hyphens, starting with a letter "
                "or digit"
            ],
        ),
    ],
)
def test_a_bad_form_lists_every_problem_and_adds_nothing(scene, form, errors):
    own, _, members = scene
    response = client_for(members["national"]).post(url(own), form)
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    for message in errors:
        assert message.replace("'", "&#39;") in text
    assert not Organisation.objects.filter(type="cancer_alliance").exists()
    assert not AuditEvent.objects.filter(action="add_organisation").exists()


def test_a_code_of_another_organisation_is_refused(scene):
    own, _, members = scene
    Organisation.objects.create(type="cancer_alliance", code="E56000001", name="Another")
    response = client_for(members["national"]).post(url(own), ALLIANCE)
    assert response.status_code == 400
    assert "E56000001 is already the code of Another" in response.content.decode()
    assert not Footprint.objects.exists()


# Who may add to which system's footprint: (own system, a system of another region)
ADD_EXPECTED = {
    "lead": (403, 403),
    "partner": (403, 403),
    "regional": (302, 403),
    "national": (302, 302),
    "observer": (403, 403),
    "anonymous": (302, 302),  # to the sign-in page
}


@pytest.mark.parametrize("who", ADD_EXPECTED)
def test_who_may_add(scene, who):
    own, other, members = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    for system, status in zip((own, other), ADD_EXPECTED[who], strict=True):
        response = client.post(url(system), ALLIANCE)
        assert response.status_code == status, f"{who} adds to {system.code}"
        added = Footprint.objects.filter(system=system).exists()
        assert added == (status == 302 and who != "anonymous")
        if who == "anonymous":
            assert response["Location"].startswith("/sign-in/")


def test_an_unknown_system_is_not_found(scene):
    _, _, members = scene
    assert (
        client_for(members["national"]).get("/systems/E54999999/organisations/").status_code == 404
    )
