"""Email: the settings each environment gives, and a message sent through a real SMTP server
(aiosmtpd on localhost, with a user name and password) read back as the server received it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from email import message_from_bytes
from email.policy import default

import pytest
from django.core.exceptions import ImproperlyConfigured

from ltpif.web.email_settings import CONSOLE, FILES, SMTP, email_settings

# environment → the settings that differ from the console default (worked out by hand)
SPEC = [
    ({}, {"EMAIL_BACKEND": CONSOLE}),
    ({"LTPIF_EMAIL_HOST": "  "}, {"EMAIL_BACKEND": CONSOLE}),
    (
        {"LTPIF_EMAIL_FILE_DIR": "/tmp/mail"},
        {"EMAIL_BACKEND": FILES, "EMAIL_FILE_PATH": "/tmp/mail"},
    ),
    (
        {"LTPIF_EMAIL_HOST": "smtp.example.nhs.uk"},
        {
            "EMAIL_BACKEND": SMTP,
            "EMAIL_HOST": "smtp.example.nhs.uk",
            "EMAIL_PORT": 587,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        },
    ),
    (
        {
            "LTPIF_EMAIL_HOST": "smtp.example.nhs.uk",
            "LTPIF_EMAIL_PORT": "2525",
            "LTPIF_EMAIL_USER": "ltpif",
            "LTPIF_EMAIL_PASSWORD": " secret with spaces ",
            "LTPIF_EMAIL_TLS": "1",
            "LTPIF_EMAIL_FROM": "Planning <planning@example.nhs.uk>",
            "LTPIF_SITE_URL": "https://ltpif.example.nhs.uk/",
            "LTPIF_EMAIL_FILE_DIR": "/ignored/when/smtp",
        },
        {
            "EMAIL_BACKEND": SMTP,
            "EMAIL_HOST": "smtp.example.nhs.uk",
            "EMAIL_PORT": 2525,
            "EMAIL_USE_TLS": True,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "ltpif",
            "EMAIL_HOST_PASSWORD": " secret with spaces ",
            "DEFAULT_FROM_EMAIL": "Planning <planning@example.nhs.uk>",
            "SITE_URL": "https://ltpif.example.nhs.uk",
        },
    ),
    (
        {"LTPIF_EMAIL_HOST": "smtp.example.nhs.uk", "LTPIF_EMAIL_SSL": "1"},
        {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False},
    ),
]


@pytest.mark.parametrize(("environ", "expected"), SPEC)
def test_email_settings_from_the_environment(environ, expected):
    found = email_settings(environ)
    assert {key: found.get(key) for key in expected} == expected
    if "LTPIF_EMAIL_FROM" not in environ:
        assert found["DEFAULT_FROM_EMAIL"] == "ltpif <ltpif@localhost>"
    if "LTPIF_SITE_URL" not in environ:
        assert found["SITE_URL"] == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    "environ",
    [
        {"LTPIF_EMAIL_HOST": "h", "LTPIF_EMAIL_PORT": "smtp"},
        {"LTPIF_EMAIL_HOST": "h", "LTPIF_EMAIL_PORT": "0"},
        {"LTPIF_EMAIL_HOST": "h", "LTPIF_EMAIL_PORT": "70000"},
        {"LTPIF_EMAIL_HOST": "h", "LTPIF_EMAIL_TLS": "1", "LTPIF_EMAIL_SSL": "1"},
    ],
)
def test_impossible_email_settings_stop_start_up(environ):
    with pytest.raises(ImproperlyConfigured):
        email_settings(environ)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An SMTP server's handler: keeps each message it accepts, and who logged in."""

    def __init__(self):
        self.messages: list = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        self.logins.append((auth_data.login, auth_data.password))
        ok = (auth_data.login, auth_data.password) == (b"ltpif", b"s3cret")
        return AuthResult(success=ok)


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=inbox.authenticate,
        auth_require_tls=False,  # localhost only, for the test
    )
    controller.start()
    yield controller.port, inbox
    controller.stop()


SEND = """
import django
django.setup()
from django.core.mail import send_mail
send_mail("Your ltpif invitation", "Follow the link.", None, ["jane.doe@example.nhs.uk"])
"""


def test_a_message_goes_through_a_real_smtp_server(smtp_server, tmp_path):
    """Settings from the environment alone, as production sets them: the server receives the
    message from the configured sender, after logging in with the configured user."""
    port, inbox = smtp_server
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LTPIF_EMAIL_")},
        "DJANGO_SETTINGS_MODULE": "ltpif.web.settings",
        "LTPIF_SECRET_KEY": "x" * 50,
        "LTPIF_DATA_DIR": str(tmp_path),
        "LTPIF_EMAIL_HOST": "127.0.0.1",
        "LTPIF_EMAIL_PORT": str(port),
        "LTPIF_EMAIL_USER": "ltpif",
        "LTPIF_EMAIL_PASSWORD": "s3cret",
        "LTPIF_EMAIL_FROM": "Planning <planning@example.nhs.uk>",
    }
    done = subprocess.run(
        [sys.executable, "-c", SEND], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert inbox.logins == [(b"ltpif", b"s3cret")]
    [envelope] = inbox.messages
    assert envelope.mail_from == "planning@example.nhs.uk"
    assert envelope.rcpt_tos == ["jane.doe@example.nhs.uk"]
    message = message_from_bytes(envelope.original_content, policy=default)
    assert message["Subject"] == "Your ltpif invitation"
    assert message["From"] == "Planning <planning@example.nhs.uk>"
    assert message.get_content().strip() == "Follow the link."


def test_the_demo_folder_gets_each_message_as_a_file(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LTPIF_EMAIL_")},
        "LTPIF_SECRET_KEY": "x" * 50,
        "LTPIF_DATA_DIR": str(tmp_path),
        "LTPIF_EMAIL_FILE_DIR": str(tmp_path / "emails"),
    }
    done = subprocess.run(
        [sys.executable, "-c", SEND], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    [written] = (tmp_path / "emails").iterdir()
    message = message_from_bytes(written.read_bytes().split(b"\n" + b"-" * 79)[0], policy=default)
    assert message["To"] == "jane.doe@example.nhs.uk"
    assert message.get_content().strip() == "Follow the link."
