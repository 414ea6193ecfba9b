"""The formats of actuals files ltpif loads: the one list, for the CLI, the web and the loader."""

from __future__ import annotations

FORMATS = {
    "long": "ltpif's long layout: a row per organisation, metric and period (CSV or .xlsx)",
    "rtt-full-extract": "NHS England's monthly RTT full CSV extract, as published",
    "ae-monthly": (
        "A&E by provider, type and month in the long layout of NHS England's 2016-2019 and "
        "2019/20 files (period, org_code, type, attendances, breaches, admissions)"
    ),
    "ae-provider-csv": (
        "NHS England's monthly A&E provider CSV, as published (Monthly-AE-April-2025.csv)"
    ),
    "rtt-national-series": (
        "NHS England's national RTT time series: the overview workbook (.xlsx) or its CSV copy"
    ),
}


def formats_help() -> str:
    return "; ".join(f"{name}: {what}" for name, what in FORMATS.items())
