"""The one parser of a date typed into the NHS date input (day, month and year boxes).

Every date field of the web (milestones, extensions, footprint notices, engagement, sign-offs)
posts its three boxes here and gets a date, nothing (all three blank) or a `BadDate` whose
message follows the NHS service manual: "Enter a date, like 27 9 2019"; "The date must
include a month"; "The date must be a real date, like 27 9 2019"; "The year must include 4
numbers". Pure: no Django.
"""

from __future__ import annotations

import datetime as dt

EXAMPLE = "27 9 2019"
PARTS = ("day", "month", "year")


class BadDate(ValueError):
    """A date refused; `message` says why, in the service manual's words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _whole(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else None


def parse_date(day: str, month: str, year: str, *, required: bool = False) -> dt.date | None:
    """The date of the three boxes; None when all are blank and the date is not required."""
    given = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    missing = [name for name in PARTS if not given[name]]
    if len(missing) == 3:
        if required:
            raise BadDate(f"Enter a date, like {EXAMPLE}")
        return None
    if missing:
        raise BadDate(f"The date must include a {' and a '.join(missing)}")
    numbers = {name: _whole(given[name]) for name in PARTS}
    if any(value is None for value in numbers.values()):
        raise BadDate(f"The date must be a real date, like {EXAMPLE}")
    if len(given["year"]) != 4:
        raise BadDate("The year must include 4 numbers")
    try:
        return dt.date(numbers["year"], numbers["month"], numbers["day"])  # type: ignore[arg-type]
    except (ValueError, OverflowError):  # no such day, or a number beyond any date
        raise BadDate(f"The date must be a real date, like {EXAMPLE}") from None


def date_parts(value: dt.date | str | None) -> dict[str, str]:
    """A date (or ISO text) as the three boxes show it: {"day": "27", "month": "9", ...}."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return dict.fromkeys(PARTS, "")
    if value is None:
        return dict.fromkeys(PARTS, "")
    return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
