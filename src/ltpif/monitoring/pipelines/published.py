"""Small publications read in Python: NHS England's A&E provider CSVs (some 200 rows a month)
and the national RTT series (200 months), as CSV or as the workbook behind it. Neither needs
an engine; every problem of every file is reported at once, with its line or cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from openpyxl.utils import get_column_letter

from ltpif.framework.periods import Calendar
from ltpif.framework.problems import InputError, Problem
from ltpif.framework.xlsx_input import Unreadable, check_workbook, open_workbook
from ltpif.monitoring import ae_provider, rtt_national
from ltpif.monitoring.definitions import RttWeeks
from ltpif.monitoring.mapping import OrgMap
from ltpif.monitoring.pipelines.checks import wrong_format
from ltpif.monitoring.pipelines.raw import read_header, stream_rows
from ltpif.monitoring.pipelines.xlsx import MAX_BYTES, MAX_UNPACKED, cell_text
from ltpif.monitoring.sources import SourceResult

SERIES_SHEET = "Full Time Series"


def read_each(
    paths: Sequence[Path], read: Callable[[Path], SourceResult]
) -> dict[Path, SourceResult]:
    found, problems = {}, []
    for path in paths:
        try:
            found[path] = read(path)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return found


def read_ae_provider(path: Path, orgs: OrgMap, calendar: Calendar) -> SourceResult:
    header = read_header(path)
    if messages := ae_provider.header_problems(header):
        raise InputError(wrong_format(path, header, "ae-provider-csv", messages))
    return ae_provider.read(path, stream_rows(path), header, orgs, calendar)


def read_rtt_series(path: Path, weeks: RttWeeks, calendar: Calendar, national: str) -> SourceResult:
    ragged: list[Problem] = []
    rows: Iterable[rtt_national.SeriesRow]
    if path.suffix.lower() == ".xlsx":
        header, rows = _workbook_series(path)
    else:
        header = read_header(path)
        rows = _csv_series(path, header, ragged)
    if messages := rtt_national.header_problems(header, weeks):
        raise InputError(wrong_format(path, header, "rtt-national-series", messages))
    try:
        result = rtt_national.read(path.name, rows, weeks, calendar, national)
    except InputError as exc:
        raise InputError(ragged + exc.problems) from None
    if ragged:
        raise InputError(ragged)
    return result


def _csv_series(
    path: Path, header: list[str], ragged: list[Problem]
) -> Iterator[rtt_national.SeriesRow]:
    """The rows of the CSV copy; a row of the wrong width goes to `ragged`, not read."""
    where = {name: name for name in header}
    for line, cells in stream_rows(path):
        if len(cells) != len(header):
            message = f"has {len(cells)} fields, the header has {len(header)}"
            ragged.append(Problem(path.name, line, "", message))
            continue
        yield rtt_national.SeriesRow(line, dict(zip(header, cells, strict=True)), where)


def _workbook_series(path: Path) -> tuple[list[str], list[rtt_national.SeriesRow]]:
    """The sheet's months in the CSV copy's column names; each cell named `Sheet!D12`.

    The header is two rows: the row holding "Month" names the sections, each running right
    to the next; the row below names the columns within them. The table ends at the first
    row without a month (the sheet's notes follow it)."""

    def refused(line: int | None, message: str) -> InputError:
        return InputError([Problem(path.name, line, "", message)])

    try:
        check_workbook(path, MAX_BYTES, MAX_UNPACKED, "an RTT time series workbook")
        book = open_workbook(path, data_only=True)
    except Unreadable as exc:
        raise refused(None, str(exc)) from None
    try:
        if SERIES_SHEET not in book.sheetnames:
            raise refused(None, f"no sheet named {SERIES_SHEET!r} (it has {book.sheetnames})")
        lines = enumerate(book[SERIES_SHEET].iter_rows(values_only=True), start=1)
        for _, cells in lines:
            texts = [cell_text(v).strip() for v in cells]
            if "Month" in texts:
                break
        else:
            raise refused(None, f"{SERIES_SHEET}: no header row with 'Month'")
        _, below = next(lines, (0, ()))
        month = texts.index("Month")
        columns = {month: rtt_national.MONTH}
        section = ""
        for index, sub in enumerate(cell_text(v).strip() for v in below):
            heading = texts[index] if index < len(texts) else ""
            if index > month and heading:
                section = heading
            if index > month and sub and section:
                columns[index] = rtt_national.column_name(section, sub)
        rows = []
        for line, cells in lines:
            texts = [cell_text(v) for v in cells]
            if month >= len(texts) or not texts[month].strip():
                break  # the months end; notes follow
            row = {name: texts[i] if i < len(texts) else "" for i, name in columns.items()}
            where = {
                name: f"{SERIES_SHEET}!{get_column_letter(i + 1)}{line}"
                for i, name in columns.items()
            }
            rows.append(rtt_national.SeriesRow(line, row, where))
        return list(columns.values()), rows
    finally:
        book.close()
