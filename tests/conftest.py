"""Shared fixtures: the shared folder (seeds and real NHS data), skipped clearly when absent."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import django
import pytest
from hypothesis import settings

# Speed is measured in benchmarks/, not in tests: no per-example deadline, so that a busy
# machine does not fail a property that holds.
settings.register_profile("ltpif", deadline=None)
settings.load_profile("ltpif")

# The web app's settings come from the environment (one settings module): give the tests a
# secret, a scratch data folder and a fast password hasher before Django starts.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ltpif.web.settings")
os.environ.setdefault("LTPIF_SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
os.environ.setdefault("LTPIF_DATA_DIR", tempfile.mkdtemp(prefix="ltpif-test-"))
os.environ.setdefault("LTPIF_FAST_PASSWORD_HASHER", "1")
os.environ.setdefault("LTPIF_TODAY", "2019-09-16")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop beside live_server
django.setup()  # before test modules import the models

from django.core.cache import caches  # noqa: E402

from ltpif.framework.citations import find_shared_dir  # noqa: E402  (after django.setup)
from tests.packs import NEXT_PACK, next_round_pack  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def plans_shared_afresh() -> None:
    """Each test's writes are rolled back, and its plans' versions numbered again as another's
    were: what the workers shared of one test's versions (planning/shared.py) is not the next's."""
    caches["plans"].clear()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    shared = find_shared_dir(REPO)
    if shared is None:
        if os.environ.get("LTPIF_REQUIRE_SHARED"):
            pytest.fail("LTPIF_REQUIRE_SHARED is set but the shared folder was not found")
        pytest.skip("the shared folder (../shared with seeds/ and data/) is not here")
    return shared


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def spark_backend():
    """A local Spark backend for Ibis, started once per test session (it takes seconds)."""
    from ltpif.analytics.engines import spark_backend as connect

    return connect()


@pytest.fixture(scope="session")
def duckdb_backend():
    from ltpif.analytics.engines import duckdb_backend as connect

    return connect()


@pytest.fixture(scope="session")
def next_packs_dir(tmp_path_factory):
    """A packs folder holding the built-in pack and the next round's test pack."""
    from ltpif.framework.loader import DEFAULT_PACK, PACKS_DIR

    folder = tmp_path_factory.mktemp("packs")
    (folder / DEFAULT_PACK).symlink_to(PACKS_DIR / DEFAULT_PACK, target_is_directory=True)
    next_round_pack(folder, NEXT_PACK)
    return folder


@pytest.fixture
def next_pack(next_packs_dir, monkeypatch):
    """The next round's test pack installed beside the built-in one, for this test only."""
    monkeypatch.setattr("ltpif.framework.loader.PACKS_DIR", next_packs_dir)
    from ltpif.framework.loader import load_pack

    return load_pack(NEXT_PACK)
