"""Spec: how far a plan builds on each board's joint health and wellbeing strategy (issue 15
item 4), worked out by hand; and the links the plan file or a partnership refuses, at their
place."""

from __future__ import annotations

import pytest

from ltpif.framework.problems import InputError
from ltpif.plans.document import StrategyLink
from ltpif.plans.files import read_plan_text
from ltpif.plans.strategy import check_links, coverage
from tests.spec.test_malformed_plans import PLAN


def _link(authority: str, priority: str, commitment: str = "adult-crisis-teams") -> StrategyLink:
    return StrategyLink(authority=authority, priority=priority, commitment=commitment)


TWO_BOARDS = {"E08000025": ["healthy-weight", "loneliness", "housing"], "E08000029": ["smoking"]}

# strategies, links → each board's (addressed, share), by hand
COVERAGE = [
    pytest.param(TWO_BOARDS, [], {"E08000025": ((), 0.0), "E08000029": ((), 0.0)}, id="none"),
    pytest.param(
        TWO_BOARDS,
        [_link("E08000025", "loneliness")],
        {"E08000025": (("loneliness",), 1 / 3), "E08000029": ((), 0.0)},
        id="one of three",
    ),
    pytest.param(
        TWO_BOARDS,
        # two commitments on one priority count once; order follows the strategy's
        [
            _link("E08000025", "housing"),
            _link("E08000025", "healthy-weight", "planned-care-surgery"),
            _link("E08000025", "housing", "planned-care-surgery"),
            _link("E08000029", "smoking"),
        ],
        {"E08000025": (("healthy-weight", "housing"), 2 / 3), "E08000029": (("smoking",), 1.0)},
        id="two of three, and all of one",
    ),
    pytest.param(
        TWO_BOARDS,
        # a priority of another board, or of no board in the footprint, counts for nothing
        [_link("E08000029", "loneliness"), _link("E09000001", "smoking")],
        {"E08000025": ((), 0.0), "E08000029": ((), 0.0)},
        id="another area's priority counts for nothing",
    ),
    pytest.param({"E08000025": []}, [], {"E08000025": ((), None)}, id="a strategy with none"),
]


@pytest.mark.parametrize(("strategies", "links", "expected"), COVERAGE)
def test_coverage(strategies, links, expected):
    got = {c.authority: (c.addressed, c.share) for c in coverage(strategies, links)}
    assert got == expected


def test_what_is_missing_is_the_rest_of_the_strategy():
    (board, _) = coverage(TWO_BOARDS, [_link("E08000025", "loneliness")])
    assert board.missing == ("healthy-weight", "housing")


CHECKS = [
    pytest.param([_link("E08000025", "housing")], [], id="a priority of a board of the footprint"),
    pytest.param(
        [_link("E08000025", "housing"), _link("E09000001", "smoking")],
        [(("strategy_links", 1, "authority"), "not a health and wellbeing board of this system")],
        id="a board of another area",
    ),
    pytest.param(
        [_link("E08000029", "loneliness")],
        [(("strategy_links", 0, "priority"), "has no priority 'loneliness'")],
        id="a priority of the other board's strategy",
    ),
]


@pytest.mark.parametrize(("links", "expected"), CHECKS)
def test_check_links(links, expected):
    got = check_links(TWO_BOARDS, links)
    assert [place for place, _ in got] == [place for place, _ in expected]
    for (_, message), (_, words) in zip(got, expected, strict=True):
        assert words in message


LINKS = """\
strategy_links:
  - {authority: E08000025, priority: loneliness, commitment: adult-crisis-teams}
"""


def test_a_plan_file_with_links_reads():
    loaded = read_plan_text(PLAN + LINKS, "plan.yaml")
    assert loaded.plan.strategy_links == [_link("E08000025", "loneliness")]


@pytest.mark.parametrize(
    ("link", "key", "message"),
    [
        (
            "{authority: E08000025, priority: loneliness, commitment: long-term-conditions}",
            "strategy_links[0].commitment",
            "the plan has no commitment 'long-term-conditions'",
        ),
        (
            "{authority: E08000025, priority: loneliness, local_priority: local-falls}",
            "strategy_links[0].local_priority",
            "the plan has no local priority 'local-falls'",
        ),
        (
            "{authority: E08000025, priority: loneliness}",
            "strategy_links[0]",
            "either a commitment or a local priority",
        ),
    ],
)
def test_a_link_to_nothing_in_the_plan_is_refused_at_its_place(link, key, message):
    with pytest.raises(InputError) as caught:
        read_plan_text(PLAN + f"strategy_links:\n  - {link}\n", "plan.yaml")
    problems = [(p.key, p.message) for p in caught.value.problems]
    assert any(k == key and message in m for k, m in problems), problems
