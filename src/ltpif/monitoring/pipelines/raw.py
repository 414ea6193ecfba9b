"""Reading raw files on any Ibis engine, streamed by the engine, never by Python.

Text columns are read as text and number columns as numbers by the engine's own CSV reader
(DuckDB's `read_csv`, Spark's CSV source in FAILFAST mode), so a cell that is not a number
stops the scan; the file is then read row by row in Python (`locate`) to say where every
problem is. Engines read a few forms the number parser refuses ("nan", "inf", "1e999", and
Spark's "1d"): the pipelines check every number as the parser would (`refused_numbers`,
`outside_unit`).
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import reduce
from operator import or_
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

import ibis
import ibis.expr.types as ir

from ltpif.framework.numbers import LARGEST, UNIT_RANGES
from ltpif.framework.problems import InputError, Problem
from ltpif.monitoring.rows import RowRules, check_rows

T = TypeVar("T")


def read_header(path: Path) -> list[str]:
    """The header row (a byte-order mark dropped), or InputError if there is none to read
    or no row after it (the engines cannot type the columns of a file without rows)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            first_row = next((cells for cells in reader if cells), None)
    except UnicodeDecodeError as exc:
        raise InputError([Problem(path.name, None, "", "not a UTF-8 text (CSV) file")]) from exc
    except csv.Error as exc:
        raise InputError([Problem(path.name, None, "", f"not a CSV file: {exc}")]) from exc
    except OSError as exc:
        raise InputError([Problem(str(path), None, "", f"cannot read: {exc.strerror}")]) from exc
    if not header:
        raise InputError([Problem(path.name, 1, "", "the file is empty: expected a header row")])
    if first_row is None:
        raise InputError([Problem(path.name, 2, "", "no rows after the header")])
    return [name.strip() for name in header]


def stream_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every data row, one at a time; blank lines skipped."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for cells in reader:
            if cells:
                yield reader.line_num, cells


SOURCE = "source_file_"  # the column naming the file a row comes from


def source_names(paths: Sequence[Path]) -> list[str]:
    """The files' resolved paths, in the order read (a DuckDB `SOURCE` is a place in it)."""
    return [str(path.resolve()) for path in paths]


def read_table(
    backend: Any, paths: Sequence[Path], header: list[str], numeric: Iterable[str]
) -> ir.Table:
    """Files of one header as one table: `numeric` columns as float64, the rest text, and
    `SOURCE` naming each row's file (`source_of` turns it back into the path)."""
    numeric = set(numeric)
    names = source_names(paths)
    view = f"ltpif_raw_{uuid.uuid4().hex}"
    if backend.name == "pyspark":
        from pyspark.sql.functions import input_file_name

        schema = ", ".join(f"`{n}` {'DOUBLE' if n in numeric else 'STRING'}" for n in header)
        frame = backend._session.read.csv(
            names, header=True, schema=schema, mode="FAILFAST", enforceSchema=True
        ).withColumn(SOURCE, input_file_name())
        frame.createOrReplaceTempView(view)
        return backend.table(view)
    # DuckDB names a row's file by its place in the list (`file_index`): grouping by an
    # integer is cheaper than by a long path, which every key of the summary would carry
    types = ", ".join(f"{_text(n)}: '{'DOUBLE' if n in numeric else 'VARCHAR'}'" for n in header)
    files = ", ".join(_text(n) for n in names)
    backend.con.execute(
        f'CREATE TEMP VIEW "{view}" AS SELECT *, file_index AS {SOURCE} FROM read_csv('
        f"[{files}], header = true, auto_detect = false, delim = ',', quote = '\"', "
        f"escape = '\"', columns = {{{types}}})"
    )
    return backend.table(view)


def _text(value: str) -> str:
    """A DuckDB text literal."""
    return "'" + value.replace("'", "''") + "'"


def source_of(value: str | int, names: Sequence[str]) -> str:
    """The resolved path of a `SOURCE` value: DuckDB gives the file's place in `names` (as
    `source_names` lists the files read), Spark a file: URL."""
    if isinstance(value, int):
        return names[value]
    return unquote(urlparse(value).path) if value.startswith("file:") else value


def trimmed(column: ir.StringValue) -> ir.StringValue:
    """The text without surrounding whitespace. Not ibis's `strip()`: on Spark it writes the
    characters as '\\v\\f' in a SQL literal, which Spark reads as 'v' and 'f' and strips.
    The regular expression runs only on a text that starts or ends with a space or a control
    character (few do). A text starts with one exactly when it sorts before "!" (the
    character after the space; the empty text too, which stays empty): one comparison,
    cheaper than cutting out its first character."""
    edge = (column < "!") | (column.right(1) <= " ")
    return edge.ifelse(column.re_replace(r"^\s+|\s+$", ""), column)


def blank(column: ir.StringValue) -> ir.BooleanValue:
    """Whether a text is missing or only spaces. Only a text that sorts before "!" (empty, or
    starting with a space or a control character) can be: one comparison for the others."""
    return column.isnull() | ((column < "!") & (trimmed(column) == ""))


def refused_numbers(
    columns: Mapping[str, ir.FloatingValue], units: Mapping[str, str]
) -> ir.BooleanValue:
    """Whether any of a row's numbers is one the number parser refuses whatever its unit (NaN,
    infinite, or beyond its largest), or is outside its unit's range (as `outside_unit`,
    `UNIT_RANGES`); blanks are no number, so never refused. The answer comes in a few
    expressions over all the columns at once, not a few per column (for a file of a hundred
    number columns the checks per column cost more than reading the file). A row's largest
    and smallest numbers (`greatest` and `least`, which skip blanks) answer for the range,
    each compared once, and the largest is NaN if any number is (NaN sorts above every
    number on DuckDB and on Spark, so a NaN is above the largest bound too). Whole numbers
    are tested as `x % 1 = 0`, which a NaN or an infinity fails (`floor` casts to an
    integer, which they cannot be).
    """
    if not columns:
        return ibis.literal(False)
    numbers = list(columns.values())
    top, bottom = ibis.greatest(*numbers), ibis.least(*numbers)
    # the bounds of every column, which the row's extremes are tested against once: a NaN
    # top is above any bound, so it needs no test of its own
    high, low = LARGEST, -LARGEST
    tests: list[ir.BooleanValue] = []
    by_unit: dict[str, list[ir.FloatingValue]] = {}
    for name, unit in units.items():
        by_unit.setdefault(unit, []).append(columns[name])
    for unit, group in by_unit.items():
        bounds = UNIT_RANGES[unit]
        if len(group) == len(numbers):  # one unit for all: the row's own extremes
            high = min(high, bounds.high) if bounds.high is not None else high
            low = max(low, bounds.low) if bounds.low is not None else low
        else:
            if bounds.low is not None:
                tests.append(ibis.least(*group) < bounds.low)
            if bounds.high is not None:
                tests.append(ibis.greatest(*group) > bounds.high)
        if bounds.whole:
            tests += [(c % 1) != 0 for c in group]
    return reduce(or_, [top > high, bottom < low, *tests]).fill_null(False)


def outside_unit(column: ir.FloatingValue, unit: str) -> ir.BooleanValue:
    """Whether a number is outside `unit`'s range (the number parser's `UNIT_RANGES`)."""
    bounds = UNIT_RANGES[unit]
    tests = [ibis.literal(False)]
    if bounds.low is not None:
        tests.append(column < bounds.low)
    if bounds.high is not None:
        tests.append(column > bounds.high)
    if bounds.whole:
        tests.append(column != column.floor())
    return reduce(or_, tests).fill_null(False)


def locate(paths: Sequence[Path], rules: RowRules) -> list[Problem]:
    """Every problem of the files, each at its line: the slow path, taken only for bad files."""
    return [
        problem for path in paths for problem in check_rows(path.name, stream_rows(path), rules)
    ]


def engine_only(paths: Sequence[Path]) -> Problem:
    names = ", ".join(path.name for path in paths)
    return Problem(names, None, "", "the engine found bad rows the row checks cannot place")


def engine_errors() -> tuple[type[Exception], ...]:
    """What the engines raise when they cannot read a file (a ragged row, a stray quote)."""
    import duckdb

    errors: list[type[Exception]] = [duckdb.Error]
    try:
        from py4j.protocol import Py4JJavaError
        from pyspark.errors import PySparkException
    except ImportError:
        pass
    else:
        errors += [Py4JJavaError, PySparkException]
    return tuple(errors)


def on_engine(paths: Sequence[Path], rules: RowRules, run: Callable[[], T]) -> T:
    """Run engine work; if the engine cannot read a file, say where and why it is bad."""
    try:
        return run()
    except engine_errors():
        problems = locate(paths, rules)
        if problems:
            raise InputError(problems) from None
        raise
