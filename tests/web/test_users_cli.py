"""`ltpif users import` and `create-national` on the web tests' database (the pack's
geography and a user in every role): who is made, what they are emailed, what is audited,
and every problem of a bad file at its line with nobody made."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from ltpif.cli.main import main
from ltpif.web.people.models import Invitation, Person
from ltpif.web.planning.models import AuditEvent, Membership, System


@pytest.fixture
def cli(world, tmp_path, monkeypatch, capsys):
    """Run `ltpif ARGS --data-dir TMP` on the test database: (exit code, stdout, stderr)."""
    monkeypatch.setenv("LTPIF_DATA_DIR", str(tmp_path))  # `configure` sets it; put it back

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--data-dir", str(tmp_path)])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _csv(tmp_path, text: str):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_importing_invites_everyone_and_audits_each(cli, tmp_path):
    leeds = System.objects.get(ods="QWO")  # West Yorkshire, E54000005 (the pack's geography)
    path = _csv(
        tmp_path,
        "\ufeffOrganisation_code,Email,Name,Role\n"  # a BOM, as Excel saves CSV UTF-8
        f"{leeds.ods},Ann.Jones@Leeds.gov.uk,Ann Jones,la_partner\n"
        "\n"
        f"{leeds.code},raj@example.nhs.uk,Raj Patel,System planning lead\n"
        "Y63,kim@example.nhs.uk,Kim Lee,regional_lead\n"
        ",obs@example.nhs.uk,Olu Observer,observer\n",
    )
    users = get_user_model().objects.count()
    code, out, err = cli("users", "import", str(path))
    assert code == 0, err
    assert "Invited 4 people" in out
    assert get_user_model().objects.count() == users + 4
    made = {
        m.user.username: (m.role, m.system_id, m.region_id, m.user.person.organisation_code)
        for m in Membership.objects.select_related("user__person").filter(
            user__username__in=[
                "ann.jones@leeds.gov.uk",
                "raj@example.nhs.uk",
                "kim@example.nhs.uk",
                "obs@example.nhs.uk",
            ]
        )
    }
    assert made == {
        "ann.jones@leeds.gov.uk": ("la_partner", leeds.code, None, leeds.ods),
        "raj@example.nhs.uk": ("system_lead", leeds.code, None, leeds.code),
        "kim@example.nhs.uk": (
            "regional_lead",
            None,
            "E40000009",
            "Y63",
        ),  # North East and Yorkshire
        "obs@example.nhs.uk": ("observer", None, None, ""),
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(made)
    assert all(re.search(r"/invitations/[\w-]{43}/", m.body) for m in mail.outbox)
    assert Invitation.objects.filter(user__username__in=made, used_at=None).count() == 4
    events = AuditEvent.objects.filter(action="person_invited", after__user__in=list(made))
    assert events.count() == 4
    assert {e.actor for e in events} == {None}
    assert all(f"by ltpif users import {path}" in e.summary for e in events)
    assert not any(
        u.has_usable_password() for u in get_user_model().objects.filter(username__in=made)
    )


def test_a_bad_file_lists_every_problem_at_its_line_and_makes_nobody(cli, tmp_path):
    national = Membership.objects.get(role="national").user.email
    path = _csv(
        tmp_path,
        "email,name,role,organisation code\n"
        "ann@example.nhs.uk,Ann,la_partner,QWO\n"  # 2: fine on its own
        "not-an-address,Bo,boss,ZZZ99\n"  # 3
        "ANN@example.nhs.uk,Ann again,observer,\n"  # 4: the same address as line 2
        f"{national},Nat,observer,\n"  # 5: already has an account
        "cy@example.nhs.uk,,system_lead,\n"  # 6: no name, no system
        "di@example.nhs.uk,Di,regional_lead,QWO\n"  # 7: fine: a system places one in its region
        "=HYPERLINK(1),Ed,observer,../../etc\n",  # 8
    )
    users, events = get_user_model().objects.count(), AuditEvent.objects.count()
    code, _, err = cli("users", "import", str(path))
    assert code == 2
    f = str(path)
    assert err.splitlines() == [
        f"{f}:3: email: 'not-an-address': Enter an email address in the correct format, like "
        "name@example.nhs.uk",
        f"{f}:3: organisation code: ZZZ99 is not an organisation of this round",
        f"{f}:3: role: 'boss' is not a role you can give (one of system_lead, la_partner, "
        "regional_lead, national, observer, ics_assurance)",
        f"{f}:4: email: ann@example.nhs.uk is on line 2 too",
        f"{f}:5: email: {national} already has an account",
        f"{f}:6: name: Enter their full name",
        f"{f}:6: organisation code: Give the code of their system, or of an organisation in one",
        f"{f}:8: email: '=HYPERLINK(1)': Enter an email address in the correct format, like "
        "name@example.nhs.uk",
        f"{f}:8: organisation code: ../../ETC is not an organisation of this round",
        "9 problem(s): nothing was written.",
    ]
    assert (get_user_model().objects.count(), AuditEvent.objects.count()) == (users, events)
    assert mail.outbox == []
    assert not Person.objects.exists()


def test_create_national_refuses_a_database_that_has_one(cli):
    users = get_user_model().objects.count()
    code, _, err = cli("users", "create-national", "second@example.nhs.uk")
    assert code == 2
    assert "exists already" in err
    assert get_user_model().objects.count() == users
    assert mail.outbox == []


def test_an_organisation_of_the_round_places_a_person_where_its_footprint_is(cli, tmp_path):
    from ltpif.web.organisations.models import Footprint, Organisation

    leeds, humber = System.objects.get(ods="QWO"), System.objects.get(ods="QOQ")
    other_region = System.objects.exclude(region=leeds.region).first()
    trust = Organisation.objects.create(type="trust", code="RR8", name="Leeds Teaching")
    Footprint.objects.create(organisation=trust, system=leeds, share=None)
    split = Organisation.objects.create(type="local_authority", code="E10000023", name="NY")
    for system in (leeds, humber):  # both North East and Yorkshire
        Footprint.objects.create(organisation=split, system=system, share=0.5)
    across = Organisation.objects.create(type="cancer_alliance", code="XA1", name="Across")
    for system in (leeds, other_region):
        Footprint.objects.create(organisation=across, system=system, share=None)
    path = _csv(
        tmp_path,
        "email,name,role,organisation code\n"
        "t@example.nhs.uk,Tess Trust,la_partner,rr8\n"
        "r@example.nhs.uk,Rob Region,regional_lead,E10000023\n"
        "o@example.nhs.uk,Ola Observer,observer,XA1\n",
    )
    code, _, err = cli("users", "import", str(path))
    assert code == 0, err
    placed = {
        m.user.username: (m.system_id, m.region_id)
        for m in Membership.objects.filter(user__username__endswith="@example.nhs.uk")
    }
    assert placed == {
        "t@example.nhs.uk": (leeds.code, None),
        "r@example.nhs.uk": (None, leeds.region_id),
        "o@example.nhs.uk": (None, None),
    }
