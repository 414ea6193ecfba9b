"""Fair shares: largest remainder, bases, glide paths, and the real weighted populations."""

from __future__ import annotations

import csv
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ltpif.demo.plans import demo_plans
from ltpif.framework.fairshare import BasisError, largest_remainder
from ltpif.framework.loader import load_pack
from ltpif.framework.problems import InputError
from ltpif.interchange.weighted_population import practice_weights
from ltpif.rollup.fairshare import basis_weights, fair_shares, find_ambition, glide_path
from ltpif.rollup.table import long_rows, plans_by_system

PACK = load_pack()
SYSTEMS = sorted(x.code for x in PACK.geography.system)
NATIONAL = [a for a in PACK.ambitions if a.scope == "national_total"]
PRACTICES = "nhse_gp_practice_weighted_population_target_allocation_stp21_basis2018-19.csv"
PER_SYSTEM = "derived_stp21_registered_population_weighted_population_target_allocation.csv"


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (10, {"a": 1, "b": 1}, {"a": 5, "b": 5}),
        (10, {"a": 1, "b": 2}, {"a": 3, "b": 7}),  # 3.33 + 6.67: b has the larger remainder
        (1, {"a": 1, "b": 1}, {"a": 1, "b": 0}),  # a tie goes to the lower key
        (7, {"a": 1, "b": 1, "c": 1}, {"a": 3, "b": 2, "c": 2}),
        (100, {"a": 0.5, "b": 0.25, "c": 0.25}, {"a": 50, "b": 25, "c": 25}),
        (5, {"a": 0, "b": 3}, {"a": 0, "b": 5}),  # a zero weight gets nothing
        (0, {"a": 1, "b": 2}, {"a": 0, "b": 0}),
        (20000, {"x": 2722512.0, "y": 1459031.0}, {"x": 13022, "y": 6978}),
    ],
)
def test_largest_remainder(total, weights, expected) -> None:
    assert largest_remainder(total, weights) == expected


def test_largest_remainder_is_kept_by_value_and_handed_out_afresh() -> None:
    """Shares are kept per total and weights: other weights are shared again, and changing the
    shares handed out changes nothing kept."""
    first = largest_remainder(10, {"a": 1.0, "b": 1.0})
    first["a"] = 99
    assert largest_remainder(10, {"a": 1.0, "b": 1.0}) == {"a": 5, "b": 5}
    assert largest_remainder(10, {"a": 1.0, "b": 4.0}) == {"a": 2, "b": 8}
    assert largest_remainder(10, {"b": 1.0, "a": 4.0}) == {"b": 2, "a": 8}


@pytest.mark.parametrize("weights", [{"a": 0, "b": 0}, {"a": -1, "b": 2}, {}])
def test_largest_remainder_refuses_weights_that_cannot_share(weights) -> None:
    with pytest.raises(BasisError):
        largest_remainder(10, weights)


@given(
    total=st.integers(0, 10**9),
    weights=st.dictionaries(
        st.text("abcdefgh", min_size=1, max_size=3),
        st.floats(0, 1e8, allow_nan=False),
        min_size=1,
        max_size=50,
    ).filter(lambda w: sum(w.values()) > 0),
)
def test_largest_remainder_sums_exactly_within_one_of_each_quota(total, weights) -> None:
    shares = largest_remainder(total, weights)
    assert sum(shares.values()) == total
    whole = sum(Fraction(w) for w in weights.values())
    for key, weight in weights.items():
        quota = Fraction(total) * Fraction(weight) / whole
        assert abs(shares[key] - quota) < 1
        assert shares[key] in (math.floor(quota), math.ceil(quota))


@pytest.mark.parametrize(
    ("baseline", "target", "due", "expected"),
    [
        (10.0, 20.0, "2023/24", [10.0, 12.0, 14.0, 16.0, 18.0, 20.0]),
        (0.0, 30.0, "2020/21", [0.0, 15.0, 30.0, 30.0, 30.0, 30.0]),
        (8.0, 2.0, "2019/20", [8.0, 2.0, 2.0, 2.0, 2.0, 2.0]),  # falling targets glide down
    ],
)
def test_glide_path(baseline, target, due, expected) -> None:
    path = glide_path(PACK.plan_years, baseline, target, due)
    assert [year for year, _ in path] == PACK.plan_years
    assert [value for _, value in path] == pytest.approx(expected)


@pytest.mark.parametrize("ambition", NATIONAL, ids=lambda a: a.id)
def test_pack_population_shares_add_up_to_the_ambition(ambition) -> None:
    for basis in ("need_weighted_population", "registered_population"):
        shares = fair_shares(PACK, ambition, basis=basis)
        assert sum(int(s.share) for s in shares.shares) == ambition.value
        assert [s.system for s in shares.shares] == SYSTEMS


def test_real_weighted_populations_summed_to_systems_share_exactly(shared_dir) -> None:
    """The allocation model's practices summed to the 42 systems (STP21 codes through the
    pack's code history) give shares adding up exactly to every national ambition."""
    path = shared_dir / "data" / PRACTICES
    weights = practice_weights(path, PACK, "need_weighted_population")
    assert sorted(weights) == SYSTEMS
    with (shared_dir / "data" / PER_SYSTEM).open(encoding="utf-8") as handle:
        published = {
            PACK.system_by_code[row["STP21ons"]].code: float(row["WP_Overall"])
            for row in csv.DictReader(handle)
        }
    assert weights == pytest.approx(published, rel=1e-9)  # the same sums as the derived file
    for ambition in NATIONAL:
        shares = fair_shares(PACK, ambition, weights=weights)
        assert sum(int(s.share) for s in shares.shares) == int(ambition.value)
        assert all(abs(s.share - s.quota) < 1 for s in shares.shares)


def test_a_basis_missing_systems_names_them() -> None:
    ambition = NATIONAL[0]
    weights = dict.fromkeys(SYSTEMS[2:], 1.0)
    with pytest.raises(BasisError) as caught:
        fair_shares(PACK, ambition, weights=weights)
    assert caught.value.systems == tuple(SYSTEMS[:2])


@pytest.fixture(scope="module")
def demo_rows():
    plans = plans_by_system(PACK, [plan for _s, _f, plan in demo_plans(PACK)])
    return long_rows(PACK, plans)


def test_baseline_basis_uses_the_plans_baseline_and_a_ratios_denominator(demo_rows) -> None:
    ratio = PACK.metric_by_id["outpatient-face-to-face-replaced"]
    weights = basis_weights(PACK, "baseline", ratio, demo_rows)
    baseline = PACK.plan_years[0]
    expected = {
        r.system: r.denominator for r in demo_rows if r.metric == ratio.id and r.year == baseline
    }
    assert weights == expected


def test_avoided_visits_are_shared_by_the_baseline_visits_of_the_named_metric(demo_rows) -> None:
    ambition = find_ambition(PACK, "outpatient-visits-avoided-30m")
    assert ambition.fair_share_metric == "outpatient-face-to-face-replaced"
    shares = fair_shares(PACK, ambition, rows=demo_rows)
    baseline = PACK.plan_years[0]
    visits = {
        r.system: r.denominator
        for r in demo_rows
        if r.metric == ambition.fair_share_metric and r.year == baseline
    }
    assert {s.system: s.weight for s in shares.shares} == visits
    assert sum(int(s.share) for s in shares.shares) == 30_000_000


def test_baseline_basis_of_zero_everywhere_is_refused(demo_rows) -> None:
    avoided = PACK.metric_by_id["outpatient-visits-avoided"]  # nothing is avoided at baseline
    with pytest.raises(BasisError, match="zero"):
        basis_weights(PACK, "baseline", avoided, demo_rows)


def test_baseline_basis_without_some_plans_names_the_systems(demo_rows) -> None:
    metric = PACK.metric_by_id["rtt-waiting-list"]
    rows = [r for r in demo_rows if r.system not in SYSTEMS[:3]]
    with pytest.raises(BasisError) as caught:
        basis_weights(PACK, "baseline", metric, rows)
    assert caught.value.systems == tuple(SYSTEMS[:3])


def test_glide_path_and_distance_from_share(demo_rows) -> None:
    ambition = find_ambition(PACK, "pcn-additional-roles-20000")
    shares = fair_shares(PACK, ambition, rows=demo_rows, glide=True)
    due = shares.due_year
    planned = {
        r.system: r.value for r in demo_rows if r.metric == ambition.metric and r.year == due
    }
    for share in shares.shares:
        assert share.planned == planned[share.system]
        assert share.distance == pytest.approx(planned[share.system] - share.share)
        path = dict(share.glide)
        assert path[PACK.plan_years[0]] == share.baseline
        assert path[due] == share.share
    yearly = [sum(dict(s.glide)[y] for s in shares.shares) for y in PACK.plan_years]
    assert yearly == sorted(yearly)  # the national glide path rises to the ambition
    assert yearly[-1] == pytest.approx(ambition.value)


def test_glide_path_needs_every_baseline(demo_rows) -> None:
    ambition = find_ambition(PACK, "pcn-additional-roles-20000")
    rows = [r for r in demo_rows if r.system != SYSTEMS[0]]
    with pytest.raises(BasisError) as caught:
        fair_shares(PACK, ambition, rows=rows, glide=True)
    assert caught.value.systems == (SYSTEMS[0],)


def test_a_practice_file_with_bad_populations_names_each_row(tmp_path) -> None:
    code = SYSTEMS[0]
    rows = ["nan", "1e999", "-5", "12,5", "١٢", "", "10.5"]
    path = tmp_path / "practices.csv"
    path.write_text(
        "STP21ons,WP_Overall\n" + "".join(f'{code},"{value}"\n' for value in rows),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as refused:
        practice_weights(path, PACK, "need_weighted_population")
    assert [(p.line, p.key, p.message) for p in refused.value.problems] == [
        (2, "WP_Overall", "'nan' is not a number"),
        (3, "WP_Overall", "'1e999' is too large: enter a number within ±1,000,000,000,000,000"),
        (4, "WP_Overall", "'-5' is negative: a count cannot be below 0"),
        (5, "WP_Overall", "'12,5' has a thousands separator: write it without, like 1250"),
        (6, "WP_Overall", "'١٢' has digits other than 0 to 9: type it with the digits 0 to 9"),
        (7, "WP_Overall", "no number given: enter a number"),
    ]
