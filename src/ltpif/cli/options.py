"""Options shared by several commands."""

from __future__ import annotations

import argparse
import datetime as dt
import os
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


def _date(given: str) -> dt.date:
    try:
        return dt.date.fromisoformat(given)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2019-09-16: {given!r}") from None


def add_today(parser: argparse.ArgumentParser) -> None:
    """--today: the planning calendar's today, which milestones are past due against."""
    parser.add_argument(
        "--today",
        type=_date,
        default=os.environ.get("LTPIF_TODAY") or None,  # a text default goes through `type`
        metavar="DATE",
        help="the planning calendar's today, e.g. 2019-09-16: milestones before it need their "
        "evidence (default $LTPIF_TODAY, else the clock's date)",
    )
