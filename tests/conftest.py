"""Shared fixtures: the shared folder (seeds and real NHS data), skipped clearly when absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ltpif.framework.citations import find_shared_dir

REPO = Path(__file__).resolve().parents[1]


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
