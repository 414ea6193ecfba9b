"""Production settings from the environment, `check --deploy` clean with them, and a content
security policy that every page keeps: no inline script, style or event handler."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.test import Client

from tests.request_scene import (
    PAGES,
    POST_ONLY,
    Scene,
    hostile_world_fixture,  # noqa: F401  (fixtures)
    scene_fixture,  # noqa: F401
)

POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def _policy(response) -> set[str]:
    return set(response["Content-Security-Policy"].split("; "))


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
    re.compile(r"<style\b"),
    re.compile(r"\sstyle=\""),
    re.compile(r"\son[a-z]+=\""),
    re.compile(r"javascript:"),
]


def test_every_page_has_the_policy_and_nothing_inline(scene: Scene):
    anonymous = Client().get("/sign-in/")
    assert _policy(anonymous) == POLICY
    pages = [("sign-in", anonymous)]
    client = scene.client("national")
    for name, template in PAGES.items():
        if name not in POST_ONLY and name != "publish-file":
            pages.append((name, client.get(template.format(**scene.places()))))
    # the extension form as the one who may use it, the region's assurance lead
    extension = PAGES["plan-extension"].format(**scene.places())
    pages.append(("plan-extension (regional)", scene.client("regional").get(extension)))
    refused = {"plan-transition", "plan-extension"}  # not the national team's to do
    for name, response in pages:
        assert response.status_code == (403 if name in refused else 200), name
        assert _policy(response) == POLICY, name
        if response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            assert [p.pattern for p in INLINE if p.search(html)] == [], name


def test_a_published_page_may_bring_its_own_styles_but_no_script(scene: Scene):
    response = scene.client("national").get(f"/publish/{scene.run}/files/index.html")
    assert (response.status_code, b"".join(response)) == (200, b"<p>published</p>")
    response.close()
    assert _policy(response) == (POLICY - {"style-src 'self'"}) | {
        "style-src 'self' 'unsafe-inline'"
    }


PRODUCTION = {
    "LTPIF_SECRET_KEY": "deploy-check-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "LTPIF_ALLOWED_HOSTS": "ltpif.example.nhs.uk, admin.example.nhs.uk",
    "LTPIF_CSRF_TRUSTED_ORIGINS": "https://ltpif.example.nhs.uk",
    "LTPIF_SECURE_COOKIES": "1",
    "LTPIF_SSL_REDIRECT": "1",
    "LTPIF_BEHIND_PROXY": "1",
    "LTPIF_HSTS_SECONDS": "31536000",
    "LTPIF_HSTS_INCLUDE_SUBDOMAINS": "1",
    "LTPIF_HSTS_PRELOAD": "1",
}
SHOWN = [
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
]


def _django(args: list[str], extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LTPIF_SECRET", "DJANGO"))}
    env.update({"DJANGO_SETTINGS_MODULE": "ltpif.web.settings", **extra})
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            PRODUCTION,
            [
                ["ltpif.example.nhs.uk", "admin.example.nhs.uk"],
                ["https://ltpif.example.nhs.uk"],
                True,
                True,
                True,
                ["HTTP_X_FORWARDED_PROTO", "https"],
                31536000,
                True,
                True,
            ],
        ),
        (
            {"LTPIF_SECRET_KEY": PRODUCTION["LTPIF_SECRET_KEY"]},
            [["localhost", "127.0.0.1"], [], False, False, False, None, 0, False, False],
        ),
    ],
    ids=["production", "demo"],
)
def test_the_https_settings_come_from_the_environment(extra, expected):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps([getattr(s, n, None) for n in {SHOWN!r}]))"
    )
    done = _django(["-c", code], extra)
    assert done.returncode == 0, done.stderr
    import json

    assert json.loads(done.stdout) == expected


def test_the_deploy_check_is_clean_in_production_only():
    check = ["-m", "django", "check", "--deploy", "--fail-level", "WARNING"]
    assert _django(check, PRODUCTION).returncode == 0
    demo = _django(check, {"LTPIF_SECRET_KEY": PRODUCTION["LTPIF_SECRET_KEY"]})
    assert demo.returncode == 1
    warned = sorted(set(re.findall(r"security\.W\d+", demo.stderr)))
    # no HSTS, no HTTPS redirect, cookies sent over plain HTTP: right for the demo only
    assert warned == ["security.W004", "security.W008", "security.W012", "security.W016"]
