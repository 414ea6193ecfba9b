"""Test helpers for the roll-up: every engine behind one call, and totals compared with care."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pytest

from ltpif.rollup import ibis_rollup, reference
from ltpif.rollup.table import MetricKind, Row, Total

ENGINES = ["reference", "duckdb", pytest.param("spark", marks=pytest.mark.spark)]


def run_engine(
    engine: str,
    request: pytest.FixtureRequest,
    rows: Sequence[Row],
    kinds: Mapping[str, MetricKind],
) -> list[Total]:
    if engine == "reference":
        return reference.rollup(rows, kinds)
    backend = request.getfixturevalue(f"{engine}_backend")
    return ibis_rollup.rollup(backend, rows, kinds)


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def assert_same_totals(expected: Sequence[Total], got: Sequence[Total]) -> None:
    """Equal totals; sums may differ in the last bits, as engines add in other orders."""
    assert [t.key for t in got] == [t.key for t in expected]
    for want, have in zip(expected, got, strict=True):
        for name in ("value", "numerator", "denominator"):
            assert close(getattr(want, name), getattr(have, name)), (name, want, have)
        exact = ("reported", "expected", "met", "missing", "not_meeting")
        assert [getattr(have, n) for n in exact] == [getattr(want, n) for n in exact], (want, have)
