"""Monthly A&E attendances and emergency admissions by provider: layout, rules, actuals.

The format (as NHS England's monthly provider figures, in the long shape of
`nhse_ae_attendances_trust_monthly_2016-04_to_2019-03.csv`): `period` (the month's first day,
2019-04-01), `org_code` (the provider), `type` (1, 2 or other: the A&E department type),
`attendances`, `breaches` (attendances over four hours) and `admissions` (emergency
admissions via A&E). One row per period, provider and type.

What ltpif takes from it, over every type, for each provider's system and nationally:
- ae-attendances: Σ attendances;
- ae-4-hour-performance: Σ (attendances − breaches) / Σ attendances;
- emergency-admissions: Σ admissions (via A&E: a part of all emergency admissions).
Providers that map to no system (independent providers, walk-in centres, trusts closed before
the trust file) count nationally and are reported. `pipelines/ae.py` reads the files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ltpif.framework.periods import Calendar
from ltpif.framework.problems import quoted
from ltpif.monitoring.actuals import Actual
from ltpif.monitoring.periods import month_problem
from ltpif.monitoring.rows import Row, RowRules, number
from ltpif.monitoring.sources import Totals

PERIOD, PROVIDER, TYPE = "period", "org_code", "type"
COUNTS = ("attendances", "breaches", "admissions")
COLUMNS = (PERIOD, PROVIDER, TYPE, *COUNTS)
UNITS = dict.fromkeys(COUNTS, "count")
TYPES = ("1", "2", "other")
ATTENDANCES, FOUR_HOURS, ADMISSIONS = (
    "ae-attendances",
    "ae-4-hour-performance",
    "emergency-admissions",
)


def header_problems(header: Sequence[str]) -> list[str]:
    missing = [c for c in COLUMNS if c not in header]
    return (
        [f"missing column(s): {', '.join(missing)} (expected {', '.join(COLUMNS)})"]
        if missing
        else []
    )


def row_rules(header: Sequence[str], calendar: Calendar) -> RowRules:
    def check(row: Row) -> Iterable[tuple[str, str]]:
        problem = month_problem(row[PERIOD], calendar)
        if problem:
            yield PERIOD, problem
        kind = row[TYPE].strip()
        if kind and kind not in TYPES:
            yield TYPE, f"unknown A&E type {quoted(kind)} (expected one of {', '.join(TYPES)})"
        try:
            attendances, breaches = (number(row[c], UNITS[c]) for c in ("attendances", "breaches"))
        except ValueError:
            return
        if attendances is not None and breaches is not None and breaches > attendances:
            yield "breaches", f"more breaches ({breaches:g}) than attendances ({attendances:g})"

    return RowRules(
        columns=tuple(header),
        numeric=COUNTS,
        units=UNITS,
        required=(PERIOD, PROVIDER, TYPE),
        key=(PERIOD, PROVIDER, TYPE),
        key_name="period, provider and type",
        checks=(check,),
    )


def to_actuals(level: str, code: str, period: str, totals: Totals) -> list[Actual]:
    attendances = totals["attendances"]
    out = [
        Actual(level, code, ATTENDANCES, period, attendances),
        Actual(level, code, ADMISSIONS, period, totals["admissions"]),
    ]
    if attendances > 0:
        within = attendances - totals["breaches"]
        out.append(
            Actual(level, code, FOUR_HOURS, period, within / attendances, within, attendances)
        )
    return out
