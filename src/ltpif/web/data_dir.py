"""Which data folder: the one answer for the settings and every command."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATA_DIR = Path("ltpif-data")


def named_data_dir() -> str:
    """$LTPIF_DATA_DIR, else ltpif-data, as named (relative to where a command runs)."""
    return os.environ.get("LTPIF_DATA_DIR") or str(DEFAULT_DATA_DIR)


def data_dir(given: Path | None = None) -> Path:
    """The command line's --data-dir, else $LTPIF_DATA_DIR, else ./ltpif-data; absolute."""
    return (given or Path(named_data_dir())).resolve()
