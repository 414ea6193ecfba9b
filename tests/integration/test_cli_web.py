"""`ltpif demo` as the README runs it: sets up SQLite, loads the demo, serves a working app."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack


def _env(tmp_path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LTPIF_", "DJANGO_", "DATABASE_URL"))
    }
    return env  # as on a fresh machine: `ltpif demo` makes its own secret key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_sets_up_and_reports(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "ltpif", "demo", "--no-serve", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    ready = sum(
        1
        for failings in demo_assignments(load_pack()).values()
        if set(failings) <= {"la-concerns", "ld-checks-justified"}
    )
    assert f"Loaded 42 demo plans ({ready} ready to submit)" in done.stdout
    assert (tmp_path / "assurance.html").read_text().count("<section>") == 42
    assert len(list((tmp_path / "plans").glob("*.yaml"))) == 42
    assert "the password of every demo user is:" in done.stdout
    assert (tmp_path / "ltpif.sqlite3").exists()
    assert (tmp_path / "secret-key").stat().st_mode & 0o077 == 0
    again = subprocess.run(
        [sys.executable, "-m", "ltpif", "demo", "--no-serve", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=300,
    )
    assert again.returncode == 0 and "Loaded" not in again.stdout  # loaded once, kept


def test_demo_serves_the_app(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ltpif", "demo", "--data-dir", str(tmp_path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(tmp_path),
    )
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=2) as page:
                    assert page.status == 200
                    assert "Sign in" in page.read().decode()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "the demo did not start serving"
                time.sleep(1)
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/nhsuk/nhsuk-frontend.min.css"
        ) as css:
            assert css.status == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"ltpif is running at http://127.0.0.1:{port}/" in output


def test_demo_refuses_a_port_in_use(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "ltpif",
                "demo",
                "--data-dir",
                str(tmp_path),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            env=_env(tmp_path),
            timeout=60,
        )
    assert done.returncode == 2
    assert f"port {port} is in use" in done.stderr


def test_the_app_without_a_secret_explains_itself(tmp_path):
    env = _env(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; "
            "os.environ['DJANGO_SETTINGS_MODULE'] = 'ltpif.web.settings'; django.setup()",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode != 0
    assert "Set LTPIF_SECRET_KEY" in done.stderr
