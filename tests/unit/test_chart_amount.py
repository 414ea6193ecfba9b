"""An SPC or inequalities table's amounts, as the charts' pages show them (worked by hand)."""

from __future__ import annotations

import pytest

from ltpif.app.present import chart_amount


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (None, "count", "–"),
        (None, "proportion", "–"),
        (0.9512, "proportion", "95.1%"),
        (1.0, "proportion", "100.0%"),
        (1234.6, "count", "1,235"),
        (100.0, "count", "100"),
        (-150.0, "count", "-150"),
        (99.5, "minutes", "99.50"),
        (12.5, "count", "12.50"),
        (0.0, "count", "0.00"),
    ],
)
def test_a_chart_amount(value, unit, shown):
    assert chart_amount(value, unit) == shown
