"""How a funnel plot's flagged systems and limits read on pages and in the CLI (`app.present`)."""

from __future__ import annotations

import pytest

from ltpif.app.present import funnel_limits, funnel_tag


@pytest.mark.parametrize(
    ("flag", "direction", "text", "colour"),
    [
        ("above-99.8", "improvement", "Better than expected: above 99.8%", "blue"),
        ("below-95", "concern", "Worse than expected: below 95%", "orange"),
        ("above-95", "neither", "Outside the limits (a neutral metric): above 95%", "purple"),
    ],
)
def test_a_flagged_system_reads_by_its_direction(flag, direction, text, colour):
    tag = funnel_tag(flag, direction)
    assert tag is not None and (tag.text, tag.colour) == (text, colour)


def test_a_system_within_the_limits_has_no_tag():
    assert funnel_tag("within", None) is None


@pytest.mark.parametrize(
    ("method", "phi", "words"),
    [
        ("exact-binomial", 1.0, "exact binomial limits"),
        (
            "normal-approximation",
            2.345,
            "normal approximation limits, widened for overdispersion (φ = 2.3)",
        ),
    ],
)
def test_the_limits_method_is_stated(method, phi, words):
    assert funnel_limits({"method": method, "overdispersion_phi": phi}) == words
