"""Which data folder: the one answer for the settings and every command."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATA_DIR = Path("ltpif-data")


def data_dir(given: Path | None = None) -> Path:
    """The command line's --data-dir, else $LTPIF_DATA_DIR, else ./ltpif-data; absolute."""
    return (given or Path(os.environ.get("LTPIF_DATA_DIR") or DEFAULT_DATA_DIR)).resolve()
