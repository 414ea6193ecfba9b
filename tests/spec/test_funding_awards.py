"""Spec: deciding a targeted funding application against its line's envelope (issue 16 item 5);
and the property that awards never exceed the envelope, whatever the order of decisions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ltpif.rollup.funding import block, decide_award, envelope_problems, money

D = Decimal

# (requested, award, refuse, reason, remaining) → (outcome, award, problem fields)
CASES = {
    "in full": (D(5), D(5), False, "", D(10), ("full", D(5), ())),
    "in full, exactly the last of the envelope": (D(5), D(5), False, "", D(5), ("full", D(5), ())),
    "in part, with a reason": (D(5), D(2), False, "Phase one only.", D(10), ("part", D(2), ())),
    "in part without a reason": (D(5), D(2), False, " ", D(10), (None, D(0), ("reason",))),
    "above the amount applied for": (D(5), D(6), False, "", D(10), (None, D(0), ("award",))),
    "above what remains": (D(5), D(5), False, "", D("4.999"), (None, D(0), ("award",))),
    "nothing remains": (D(1), D("0.001"), False, "x", D(0), (None, D(0), ("award",))),
    "zero": (D(5), D(0), False, "x", D(10), (None, D(0), ("award",))),
    "no amount": (D(5), None, False, "", D(10), (None, D(0), ("award",))),
    "refused with a reason": (D(5), None, True, "Not eligible.", D(0), ("refused", D(0), ())),
    "refused without one": (D(5), None, True, "", D(10), (None, D(0), ("reason",))),
}


@pytest.mark.parametrize("name", CASES)
def test_decide_award(name):
    requested, award, refuse, reason, remaining, expected = CASES[name]
    decision = decide_award(
        requested=requested, award=award, refuse=refuse, reason=reason, remaining=remaining
    )
    fields = tuple(field for field, _ in decision.problems)
    assert (decision.outcome, decision.award, fields) == expected


def test_the_message_says_what_remains():
    decision = decide_award(
        requested=D(5), award=D(5), refuse=False, reason="", remaining=D("0.125")
    )
    assert decision.problems == (
        (
            "award",
            "Only £0.125m remains of this line's national envelope: award at most that, or refuse",
        ),
    )


@pytest.mark.parametrize(
    ("amount", "awarded", "fields"),
    [
        (D(10), D(4), []),
        (D(4), D(4), []),
        (D("3.999"), D(4), ["amount"]),
        (D(-1), D(0), ["amount"]),
    ],
)
def test_an_envelope_is_never_set_below_what_is_awarded(amount, awarded, fields):
    assert [f for f, _ in envelope_problems(amount=amount, awarded=awarded)] == fields


@pytest.mark.parametrize(
    ("raw", "expected"), [(400, D("400.000")), (0.1235, D("0.124")), ("2.5", D("2.500"))]
)
def test_money_is_held_to_the_nearest_thousand_pounds(raw, expected):
    assert money(raw) == expected


thousands = st.integers(min_value=0, max_value=50_000).map(lambda n: D(n) / 1000)
applications = st.lists(
    st.tuples(thousands, thousands, st.booleans()),  # requested, award asked, refuse
    max_size=30,
)


@given(envelope=thousands, decisions=applications)
def test_awards_never_exceed_the_envelope_in_any_order(envelope, decisions):
    awarded = D(0)
    for requested, asked, refuse in decisions:
        remaining = envelope - awarded
        decision = decide_award(
            requested=requested, award=asked, refuse=refuse, reason="r", remaining=remaining
        )
        if decision.outcome in ("full", "part"):
            assert D(0) < decision.award <= min(requested, remaining)
            awarded += decision.award
        else:
            assert decision.award == 0
            if decision.outcome is None:  # refused as input: it asked for too much or nothing
                assert asked <= 0 or asked > requested or asked > remaining
        assert awarded <= envelope


# Blocks by weight, worked by hand: £1m (1,000 thousands) over weights 1:1:1 is 333.333…
# each; the one left over goes to the lowest code; the blocks add up to the envelope.
@pytest.mark.parametrize(
    ("envelope", "weights", "expected"),
    [
        (D(1), {"A": 1, "B": 1, "C": 1}, {"A": D("0.334"), "B": D("0.333"), "C": D("0.333")}),
        (D(10), {"A": 3, "B": 1}, {"A": D("7.5"), "B": D("2.5")}),
        (D(0), {"A": 3, "B": 1}, {"A": D(0), "B": D(0)}),
    ],
)
def test_a_devolved_block_is_the_systems_share_of_the_envelope(envelope, weights, expected):
    blocks = {code: block(envelope, weights, code) for code in weights}
    assert blocks == expected
    assert sum(blocks.values()) == envelope
