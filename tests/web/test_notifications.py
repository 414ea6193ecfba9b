"""Notifications (issue 13 item 5): a submission tells the region's assurance lead in the app
and by email; each person sees and marks only their own; email can be turned off (the app
keeps them); the deadline reminders of a day are sent once, however often they are run."""

from __future__ import annotations

import os
import subprocess
import sys
from email import message_from_bytes
from email.policy import default

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings

from ltpif.app.notices import Kind
from ltpif.cli.main import main
from ltpif.web.email_settings import SMTP
from ltpif.web.notifications.models import EmailChoice, Notification, SentReminder
from ltpif.web.notifications.notify import announce, event_for, reminders_due, send_reminder
from ltpif.web.per_request import AskedOncePerRequest
from ltpif.web.planning.models import Membership, Plan
from ltpif.web.signoffs.actions import signing_fields
from tests.web import test_email
from tests.web.conftest import FORBIDDEN, OK, SIGN_IN, client_for

# the permission matrix's rows: every signed-in person with a role has their own list
URLS = {"list": "/notifications/"}
POSTS = {"read": "/notifications/read/", "email": "/notifications/email/"}
EXPECTED = {
    "lead": OK,
    "partner": OK,
    "regional": OK,
    "national": OK,
    "observer": OK,
    "anonymous": SIGN_IN,
}
BAD_FORM = 400


def _who(scene, who):
    _, _, members = scene
    return Client() if who == "anonymous" else client_for(members[who])


@pytest.mark.parametrize("who", EXPECTED)
def test_permission_matrix(scene, who):
    client = _who(scene, who)
    assert client.get(URLS["list"]).status_code == EXPECTED[who]
    for url in POSTS.values():
        # an empty form: anyone signed in is told what it lacks; nobody signed out gets in
        expected = SIGN_IN if who == "anonymous" else BAD_FORM
        assert client.post(url, {}).status_code == expected, f"{who} POST {url}"
        assert client.get(url).status_code in (405, SIGN_IN if who == "anonymous" else 405)


def test_someone_without_a_role_is_refused(world, django_user_model):
    nobody = django_user_model.objects.create(username="no-role")
    client = Client()
    client.force_login(nobody)
    assert client.get("/notifications/").status_code == FORBIDDEN


def _submit(lead, capture):
    with capture(execute=True):
        response = client_for(lead).post(f"/plans/{lead.system_id}/actions/submit_draft/")
    assert response.status_code == 302, response.content[:300]


def _unread(client) -> str | None:
    page = client.get("/").content.decode()
    marker = 'data-testid="unread-count">'
    if marker not in page:
        return None
    return page.split(marker, 1)[1].split("<", 1)[0]


def test_a_submission_tells_the_regional_lead_in_the_app_and_by_email(
    lead, django_capture_on_commit_callbacks
):
    regional = Membership.objects.get(role="regional_lead", region=lead.system.region_id)
    elsewhere = Membership.objects.exclude(region=lead.system.region_id).filter(
        role="regional_lead"
    )[0]
    partner = Membership.objects.get(role="la_partner", system=lead.system_id)
    mail.outbox.clear()
    assert _unread(client_for(regional)) is None

    _submit(lead, django_capture_on_commit_callbacks)

    seen = client_for(regional)
    assert _unread(seen) == "1"
    assert _unread(client_for(elsewhere)) is None
    assert _unread(client_for(partner)) is None
    [email] = mail.outbox
    assert email.to == [regional.user.email]
    assert email.subject == f"{lead.system.name}: draft plan submitted"
    assert f"/plans/{lead.system_id}/" in email.body
    listed = seen.get("/notifications/").content.decode()
    assert f"{lead.system.name}: draft plan submitted" in listed

    # marking it read empties the count; someone else cannot mark it
    notification = Notification.objects.get(user=regional.user)
    assert (
        client_for(partner).post("/notifications/read/", {"which": notification.pk}).status_code
        == 404
    )
    notification.refresh_from_db()
    assert notification.read_at is None
    assert seen.post("/notifications/read/", {"which": notification.pk}).status_code == 302
    assert _unread(seen) is None


def test_the_email_leaves_once_the_answer_has_been_sent(lead, django_capture_on_commit_callbacks):
    """The submitter's page does not wait for the email server: the notification is written in
    the request, its email sent when the server closes the answer."""
    mail.outbox.clear()
    plan = Plan.objects.get(system_id=lead.system_id)

    def view(request):
        with django_capture_on_commit_callbacks(execute=True):  # the change commits here
            announce(plan, event_for(plan, Kind.SUBMITTED, stage="draft"))
        assert mail.outbox == []
        return HttpResponse("answer")

    answer = AskedOncePerRequest(view)(RequestFactory().post("/"))
    assert mail.outbox == [] and Notification.objects.filter(plan=plan).exists()
    answer.close()
    assert [m.subject for m in mail.outbox] == [f"{lead.system.name}: draft plan submitted"]


def test_a_transition_that_fails_tells_nobody(lead, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(lead).post(f"/plans/{lead.system_id}/actions/start_review/")  # not theirs
    assert Notification.objects.count() == before
    assert mail.outbox == []


def test_email_turned_off_keeps_the_notification_in_the_app(
    lead, django_capture_on_commit_callbacks
):
    regional = Membership.objects.get(role="regional_lead", region=lead.system.region_id)
    client = client_for(regional)
    assert client.post("/notifications/email/", {"by_email": "off"}).status_code == 302
    assert EmailChoice.objects.get(user=regional.user).by_email is False
    assert 'value="off" checked' in client.get("/notifications/").content.decode()
    mail.outbox.clear()

    _submit(lead, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert Notification.objects.filter(user=regional.user, read_at=None).count() == 1
    assert client.post("/notifications/email/", {"by_email": "on"}).status_code == 302
    assert EmailChoice.objects.get(user=regional.user).by_email is True


def test_mark_all_read(lead, django_capture_on_commit_callbacks):
    _submit(lead, django_capture_on_commit_callbacks)
    regional = Membership.objects.get(role="regional_lead", region=lead.system.region_id)
    client = client_for(regional)
    assert client.post("/notifications/read/", {"which": "all"}).status_code == 302
    assert not Notification.objects.filter(user=regional.user, read_at=None).exists()


# ---- reminders ------------------------------------------------------------------------------

SEVEN_DAYS_BEFORE_DRAFT = "2019-09-20"  # the draft plan is due by 27 September 2019


@pytest.fixture
def cli(world, tmp_path, monkeypatch, capsys):
    """Run `ltpif ARGS --data-dir TMP` on the test database: (exit code, stdout, stderr)."""
    monkeypatch.setenv("LTPIF_DATA_DIR", str(tmp_path))

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--data-dir", str(tmp_path)])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_reminders_are_sent_once_a_day_however_often_run(cli, django_capture_on_commit_callbacks):
    drafting = Plan.objects.filter(status="drafting").count()
    assert drafting > 0
    mail.outbox.clear()
    with override_settings(LTPIF_TODAY=SEVEN_DAYS_BEFORE_DRAFT):
        with django_capture_on_commit_callbacks(execute=True):
            code, out, err = cli("remind")
        assert code == 0, err
        assert f"Sent {drafting} reminder(s) due on 20 September 2019." in out
        assert "7-day reminder" in out
        assert SentReminder.objects.count() == drafting
        leads = Membership.objects.filter(role="system_lead", system__plans__status="drafting")
        assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in leads)
        assert all("is due in 7 days" in m.subject for m in mail.outbox)

        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            code, out, _ = cli("remind")
        assert code == 0
        assert "Sent 0 reminder(s)" in out
        assert mail.outbox == []
        assert SentReminder.objects.count() == drafting


def test_a_reminder_already_recorded_is_not_sent_again(world):
    """Two runs at once: the second's record hits the unique constraint and sends nothing."""
    with override_settings(LTPIF_TODAY=SEVEN_DAYS_BEFORE_DRAFT):
        import datetime as dt

        today = dt.date(2019, 9, 20)
        due = reminders_due(today)
        assert send_reminder(due[0], today) is not None
        before = Notification.objects.count()
        assert send_reminder(due[0], today) is None
        assert Notification.objects.count() == before


def test_a_dry_run_lists_and_writes_nothing(cli):
    drafting = Plan.objects.filter(status="drafting").count()
    notifications = Notification.objects.count()
    mail.outbox.clear()
    with override_settings(LTPIF_TODAY=SEVEN_DAYS_BEFORE_DRAFT):
        code, out, err = cli("remind", "--dry-run")
    assert code == 0, err
    assert f"Would send {drafting} reminder(s) due on 20 September 2019: nothing written." in out
    assert SentReminder.objects.count() == 0
    assert Notification.objects.count() == notifications
    assert mail.outbox == []


def test_a_reminder_respects_the_email_choice(cli, django_capture_on_commit_callbacks):
    lead = Membership.objects.filter(role="system_lead", system__plans__status="drafting")[0]
    EmailChoice.objects.create(user=lead.user, by_email=False)
    mail.outbox.clear()
    with (
        override_settings(LTPIF_TODAY=SEVEN_DAYS_BEFORE_DRAFT),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert cli("remind")[0] == 0
    assert lead.user.email not in {m.to[0] for m in mail.outbox}
    assert Notification.objects.filter(user=lead.user, kind="deadline").count() == 1


def test_no_reminder_before_the_first_day(cli):
    with override_settings(LTPIF_TODAY="2019-09-12"):  # 15 days before the draft's deadline
        code, out, _ = cli("remind", "--dry-run")
    assert code == 0
    assert "Would send 0 reminder(s)" in out


def test_an_unmigrated_database_is_exit_3(tmp_path):
    """A data folder never set up (cron pointed at the wrong place): told, exit 3, no trace."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "LTPIF_SECRET_KEY": "x" * 50,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-m", "ltpif", "remind", "--dry-run", "--data-dir", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert "migration(s) not applied" in done.stderr
    assert "Traceback" not in done.stderr


smtp_server = test_email.smtp_server  # the SMTP server of the email tests, with its login


def test_a_reminder_goes_through_a_real_smtp_server(
    cli, smtp_server, django_capture_on_commit_callbacks
):
    """The reminders of a day, over SMTP with a login, read back as the server got them."""
    port, inbox = smtp_server
    smtp = {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": "ltpif",
        "EMAIL_HOST_PASSWORD": "s3cret",
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": False,
        "DEFAULT_FROM_EMAIL": "Planning <planning@example.nhs.uk>",
    }
    lead = Membership.objects.filter(role="system_lead", system__plans__status="drafting")[0]
    drafting = Plan.objects.filter(status="drafting").count()
    with (
        override_settings(LTPIF_TODAY="2019-09-26", **smtp),
        django_capture_on_commit_callbacks(execute=True),
    ):
        code, _, err = cli("remind")
    assert code == 0, err
    assert len(inbox.messages) == drafting
    assert set(inbox.logins) == {(b"ltpif", b"s3cret")}
    [envelope] = [e for e in inbox.messages if e.rcpt_tos == [lead.user.email]]
    assert envelope.mail_from == "planning@example.nhs.uk"
    message = message_from_bytes(envelope.original_content, policy=default)
    assert message["Subject"] == f"{lead.system.name}: the draft plan is due in 1 day"
    assert "due by 27 September 2019, in 1 day" in message.get_content()
    assert f"/plans/{lead.system_id}/" in message.get_content()


def _told(kind: str) -> set[str]:
    return set(
        Notification.objects.filter(kind=kind).values_list("user__membership__role", flat=True)
    )


def test_the_workflow_tells_whom_the_policy_names(lead, django_capture_on_commit_callbacks):
    """Through the actions: each move tells its audience (roles worked out by hand from the
    brief), in the app and, after commit, by email; nobody outside the plan's system and
    region."""
    system = lead.system_id
    regional = Membership.objects.get(role="regional_lead", region=lead.system.region_id)
    partner = Membership.objects.get(role="la_partner", system=system)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(lead).post(f"/plans/{system}/actions/submit_draft/").status_code == 302
        reviewer = client_for(regional)
        assert reviewer.post(f"/plans/{system}/actions/start_review/").status_code == 302
        response = reviewer.post(
            f"/plans/{system}/actions/request_changes/", {"reasons": "Show the workforce."}
        )
        assert response.status_code == 302
        response = client_for(partner).post(
            f"/plans/{system}/sign-offs/add/",
            {
                "partner": "local-authority",
                "name": "The council",
                "status": "concerns",
                "concerns": "Social care is missing.",
                **signing_fields(Plan.objects.get(system_id=system)),
            },
        )
        assert response.status_code == 302, response.content[:300]
    assert _told("submitted") == {"regional_lead"}
    assert _told("changes_requested") == {"system_lead"}
    assert _told("concerns_raised") == {"system_lead", "regional_lead"}
    everyone = Notification.objects.values_list("user__membership__system_id", flat=True)
    regions = Notification.objects.values_list("user__membership__region_id", flat=True)
    assert set(everyone) <= {system, None}
    assert set(regions) <= {lead.system.region_id, None}
    changes = mail.outbox[1]
    assert changes.to == [lead.user.email]
    assert "“Show the workforce.”" in changes.body
    assert [m.subject.split(": ", 1)[1] for m in mail.outbox] == [
        "draft plan submitted",
        "the region asks for changes",
        "a partner has concerns about the plan",
        "a partner has concerns about the plan",
    ]


def test_a_query_answered_tells_the_region_and_a_rejection_the_system(
    world, django_capture_on_commit_callbacks
):
    from tests.web import test_query_answers as queries

    system = queries.COMPLIANT[12]
    people = queries._people(system)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        plan = queries._submitted_for_review(system)
        response = queries._decide(
            client_for(people["regional"]), plan, "rejected", "Not costed anywhere."
        )
        assert response.status_code == 302
    assert _told("query_answered") == {"regional_lead"}
    assert _told("query_rejected") == {"system_lead"}
    [rejected] = [m for m in mail.outbox if "rejected" in m.subject]
    assert rejected.to == [people["lead"].user.email]
    assert "“Not costed anywhere.”" in rejected.body
    [answered] = Notification.objects.filter(kind="query_answered")
    assert queries.RULE in answered.body
