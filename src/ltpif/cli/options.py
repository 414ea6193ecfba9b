"""Options shared by several commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from ltpif.web.data_dir import data_dir, named_data_dir


def add_data_dir(parser: argparse.ArgumentParser, help: str = "the data folder") -> None:
    """--data-dir: the folder of the SQLite database, the secret key and uploads."""
    parser.add_argument(
        "--data-dir",
        type=lambda given: data_dir(Path(given)),
        default=named_data_dir(),  # a text default goes through `type` when parsed
        metavar="DIR",
        help=f"{help} (default $LTPIF_DATA_DIR or ./ltpif-data; DATABASE_URL names the "
        "database instead when set)",
    )
