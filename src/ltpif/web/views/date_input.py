"""The NHS date input's three boxes, read from a form: `NAME-day`, `NAME-month`, `NAME-year`
(the `ui.date_input` macro draws them), through the one date parser (`app.dates`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ltpif.app.dates import PARTS, BadDate, parse_date

__all__ = ["BadDate", "box_names", "posted_date", "posted_iso"]


def box_names(name: str) -> tuple[str, str, str]:
    return tuple(f"{name}-{part}" for part in PARTS)  # type: ignore[return-value]


def posted_date(post: Mapping[str, str], name: str, *, required: bool = False) -> dt.date | None:
    """The date posted in the three boxes of `name`; BadDate says why not, in words."""
    day, month, year = (post.get(box, "") for box in box_names(name))
    return parse_date(day, month, year, required=required)


def posted_iso(
    post: Mapping[str, str], name: str, errors: list[tuple[str, str]], *, required: bool = False
) -> str:
    """The posted date as ISO text ("" when blank); a refused one added to `errors` at `name`."""
    try:
        day = posted_date(post, name, required=required)
    except BadDate as exc:
        errors.append((name, exc.message))
        return ""
    return day.isoformat() if day else ""
