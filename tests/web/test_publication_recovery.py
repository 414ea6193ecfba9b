"""A publication run whose server stopped mid-build: failed once its heartbeat is older than
the limit, its leftover folders removed, never blocking a new run."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.utils import timezone

from ltpif.web import background
from ltpif.web.planning.models import AuditEvent
from ltpif.web.publishing import runner
from ltpif.web.publishing.models import PublicationRun
from tests.web.conftest import client_for

LIMIT = dt.timedelta(minutes=2)
STOPPED = "The server stopped while building; start again."


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.PUBLICATION_STALE_AFTER = LIMIT
    return tmp_path


def _run_left_building(data_dir, silent_for: dt.timedelta) -> PublicationRun:
    """A run as a killed server leaves it: running, with its build's folders on disk."""
    run = PublicationRun.objects.create(step="HTML site", step_number=2, steps=4)
    PublicationRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - silent_for)
    (data_dir / "publications" / f".{run.pk}-k1ll3d" / "new" / "data").mkdir(parents=True)
    (data_dir / "publications" / f".{run.pk}-k1ll3d" / "new" / "index.html").write_text("half")
    return run


def _folders(data_dir) -> list[str]:
    return sorted(p.name for p in (data_dir / "publications").iterdir())


def test_a_silent_run_is_failed_when_the_page_looks(scene, data_dir):
    _, _, members = scene
    run = _run_left_building(data_dir, LIMIT + dt.timedelta(seconds=5))
    other = data_dir / "publications" / ".99-someone-elses"  # another run's: not touched
    other.mkdir()
    client = client_for(members["national"])
    assert client.get("/publish/").status_code == 200
    run.refresh_from_db()
    assert (run.status, run.error) == (PublicationRun.FAILED, STOPPED)
    assert run.finished_at is not None
    assert _folders(data_dir) == [".99-someone-elses"]
    page = client.get(f"/publish/{run.pk}/").content.decode()
    assert STOPPED in page and "The publication was not built" in page
    [event] = AuditEvent.objects.filter(action="national_plan_stopped")
    assert event.after == {"run": run.pk, "status": "failed", "error": STOPPED}
    assert event.before == {"run": run.pk, "status": "running", "step": "HTML site"}
    client.get("/publish/")  # looked at again: recorded once
    assert AuditEvent.objects.filter(action="national_plan_stopped").count() == 1


def test_a_dead_run_never_blocks_a_new_one(scene, data_dir, monkeypatch):
    _, _, members = scene
    started = []
    monkeypatch.setattr(runner, "launch", started.append)
    dead = _run_left_building(data_dir, LIMIT + dt.timedelta(seconds=5))
    response = client_for(members["national"]).post("/publish/", {"missing": "omit"})
    assert response.status_code == 302
    [new] = started
    assert new != dead.pk and response["Location"] == f"/publish/{new}/"
    dead.refresh_from_db()
    assert dead.status == PublicationRun.FAILED
    assert PublicationRun.objects.get(pk=new).status == PublicationRun.RUNNING


def test_a_run_with_a_recent_heartbeat_is_left_building(scene, data_dir, monkeypatch):
    _, _, members = scene
    monkeypatch.setattr(runner, "launch", lambda run: pytest.fail("a second run started"))
    run = _run_left_building(data_dir, LIMIT - dt.timedelta(seconds=5))
    client = client_for(members["national"])
    assert client.post("/publish/", {"missing": "omit"}).status_code == 409
    assert 'hx-trigger="every 1s"' in client.get(f"/publish/{run.pk}/status/").content.decode()
    run.refresh_from_db()
    assert run.status == PublicationRun.RUNNING
    assert _folders(data_dir) == [f".{run.pk}-k1ll3d"]
    assert not AuditEvent.objects.filter(action="national_plan_stopped").exists()


def test_the_heartbeat_beats_while_a_step_runs_and_stops_after():
    beats = []

    def beat() -> None:
        beats.append(time.monotonic())
        if len(beats) == 2:
            raise OSError("a missed beat")  # logged; the beating goes on

    with background.heartbeat(beat, 0.05):
        time.sleep(0.5)  # one long step, no progress of its own
    after = len(beats)
    assert after >= 4
    time.sleep(0.2)
    assert len(beats) == after
    assert not [t for t in threading.enumerate() if t.name == "heartbeat"]
