"""Fair-share and targeted money side by side (issue 16 item 5): an award by year (in full
as applied for; in part scaled alike in whole £1,000s that add up to the award), and each
system's fair-share money (its commissioners' income) beside its awards. Hand-worked tables."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from ltpif.plans.document import Finance, FinanceYear, OrganisationFinance
from ltpif.rollup.funding import (
    Award,
    MoneyRow,
    award_by_year,
    fair_share_income,
    money_side_by_side,
    money_totals,
)

D = Decimal
Y1, Y2, Y3 = "2020/21", "2021/22", "2022/23"


def test_an_award_in_full_is_the_amounts_applied_for():
    award = Award("S", "line", {Y1: D("2"), Y2: D("1.5")}, D("3.5"))
    assert award_by_year(award) == {Y1: D("2.000"), Y2: D("1.500")}


def test_an_award_in_part_scales_each_year_alike():
    # £3m awarded of £4m applied for (2 + 2): three quarters of each year, £1.5m and £1.5m
    assert award_by_year(Award("S", "l", {Y1: D("2"), Y2: D("2")}, D("3"))) == {
        Y1: D("1.500"),
        Y2: D("1.500"),
    }
    # £1m of £3m (1 + 1 + 1): 333.33… thousand each; the one £1,000 left over goes to the
    # first year by largest remainder (the remainders tie: the earliest year first)
    assert award_by_year(Award("S", "l", {Y1: D("1"), Y2: D("1"), Y3: D("1")}, D("1"))) == {
        Y1: D("0.334"),
        Y2: D("0.333"),
        Y3: D("0.333"),
    }


amounts = st.dictionaries(
    st.sampled_from([Y1, Y2, Y3]),
    st.integers(min_value=1, max_value=50_000).map(lambda n: D(n) / 1000),
    min_size=1,
)


@given(amounts, st.floats(min_value=0, max_value=1))
def test_an_award_s_years_add_up_to_it_and_never_exceed_what_was_applied_for(asked, part):
    requested = sum(asked.values(), D(0))
    awarded = (requested * D(str(part))).quantize(D("0.001"), rounding="ROUND_FLOOR")
    years = award_by_year(Award("S", "l", asked, awarded))
    assert sum(years.values(), D(0)) == awarded
    assert all(D(0) <= years[y] <= asked[y] for y in years)


def _plan(incomes: dict[str, float], provider_income: float = 0.0) -> SimpleNamespace:
    """A plan as the roll-up reads it here: only its finance (two CCGs, one trust)."""

    def years(value):
        return {y: FinanceYear(income=value(v), expenditure=0.0) for y, v in incomes.items()}

    orgs = [
        OrganisationFinance(code="C1", name="A CCG", kind="commissioner", years=years(float)),
        OrganisationFinance(code="C2", name="Another CCG", kind="commissioner", years=years(float)),
        OrganisationFinance(
            code="P1", name="A trust", kind="provider", years=years(lambda _: provider_income)
        ),
    ]
    return SimpleNamespace(finance=Finance(organisations=orgs))


def test_fair_share_money_is_the_commissioners_income_not_the_providers():
    plan = _plan({Y1: 100.0, Y2: 110.0}, provider_income=999.0)
    assert fair_share_income(plan) == {Y1: 200.0, Y2: 220.0}  # two CCGs of 100, of 110


def test_side_by_side_and_england_s_totals():
    plans = {"A": _plan({Y1: 100.0, Y2: 110.0}), "B": _plan({Y1: 50.0})}
    awards = [
        Award("A", "l1", {Y1: D("2"), Y2: D("2")}, D("3")),  # 1.5 and 1.5
        Award("A", "l2", {Y2: D("1")}, D("1")),  # in full
        Award("B", "l1", {Y2: D("4")}, D("4")),
    ]
    rows = money_side_by_side(plans, awards, [Y1, Y2])
    assert rows == [
        MoneyRow("A", Y1, 200.0, D("1.500")),
        MoneyRow("A", Y2, 220.0, D("2.500")),
        MoneyRow("B", Y1, 100.0, D("0")),
        MoneyRow("B", Y2, None, D("4.000")),
    ]
    assert money_totals(rows) == {Y1: (300.0, D("1.500")), Y2: (220.0, D("6.500"))}
