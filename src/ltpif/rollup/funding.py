"""Targeted funding: deciding an application against what remains of its line's national
envelope. Amounts are £ million held to the nearest £1,000, as decimals, so an envelope's sum
of awards is exact. An award is never above the amount applied for nor above what remains;
the web's store enforces the envelope again under a conditional update (funding.actions).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from ltpif.assurance.wording import money_to_thousand
from ltpif.framework.fairshare import largest_remainder
from ltpif.framework.kept import by_identity
from ltpif.plans.document import Plan

THOUSAND = Decimal("0.001")  # £1,000 in £ million

Outcome = Literal["full", "part", "refused"]
Problem = tuple[str, str]  # form field, message


def money(value: float | Decimal | str) -> Decimal:
    """An amount in £ million, to the nearest £1,000."""
    return Decimal(str(value)).quantize(THOUSAND, rounding=ROUND_HALF_UP)


def gbp(value: Decimal) -> str:
    return money_to_thousand(float(value))


@dataclass(frozen=True)
class Decision:
    outcome: Outcome | None  # None: refused as input, nothing decided
    award: Decimal
    problems: tuple[Problem, ...] = ()


def decide_award(
    *, requested: Decimal, award: Decimal | None, refuse: bool, reason: str, remaining: Decimal
) -> Decision:
    """The decision on one application: refuse (with a reason), or award `award` — in full when
    it is the amount applied for, in part (with a reason) when less. An award above what
    was applied for, or above what remains of the envelope, is refused as input."""
    reason = reason.strip()
    if refuse:
        if not reason:
            return Decision(None, Decimal(0), (("reason", "Give the reason for refusing"),))
        return Decision("refused", Decimal(0))
    if award is None:
        return Decision(None, Decimal(0), (("award", "Enter the amount to award, or refuse"),))
    problems: list[Problem] = []
    if award <= 0:
        problems.append(("award", "An award must be more than £0m: refuse instead"))
    elif award > requested:
        problems.append(("award", f"An award cannot be more than the {gbp(requested)} applied for"))
    elif award > remaining:
        problems.append(
            (
                "award",
                f"Only {gbp(remaining)} remains of this line's national envelope: award at "
                f"most that, or refuse",
            )
        )
    part = award < requested
    if part and not reason and not problems:
        problems.append(("reason", "Give the reason for awarding less than was applied for"))
    if problems:
        return Decision(None, Decimal(0), tuple(problems))
    return Decision("part" if part else "full", award)


def envelope_problems(*, amount: Decimal, awarded: Decimal) -> list[Problem]:
    """An envelope the national team sets: not negative, and never below what is awarded."""
    if amount < 0:
        return [("amount", "An envelope cannot be negative")]
    if amount < awarded:
        return [("amount", f"{gbp(awarded)} is already awarded from this line: set at least that")]
    return []


def block(envelope: Decimal, weights: Mapping[str, float], system: str) -> Decimal:
    """A system's devolved block of a line's envelope: its share by `weights` (need-weighted
    population), in whole £1,000s by largest remainder, so every system's blocks add up to
    the envelope exactly."""
    thousands = int(envelope / THOUSAND)
    shares = largest_remainder(thousands, weights)
    return Decimal(shares[system]) * THOUSAND


# --- fair-share and targeted money side by side (issue 16 item 5) ---------------------------


@dataclass(frozen=True)
class Award:
    """A targeted funding award: the amounts applied for by year and the total awarded."""

    system: str
    line: str
    amounts: Mapping[str, Decimal]  # £m by year, as applied for
    awarded: Decimal  # £m, at most the sum of `amounts`


def award_by_year(award: Award) -> dict[str, Decimal]:
    """The award in each year applied for: as applied for when awarded in full; when awarded
    in part, each year scaled down alike, in whole £1,000s by largest remainder so that the
    years add up to the award exactly (ltpif method: a decision gives only the total)."""
    requested = sum(award.amounts.values(), Decimal(0))
    if award.awarded >= requested:
        return {year: money(value) for year, value in award.amounts.items()}
    thousands = int(award.awarded / THOUSAND)
    weights = {year: float(value) for year, value in award.amounts.items() if value > 0}
    if not weights:
        return {}
    shares = largest_remainder(thousands, weights)
    return {year: Decimal(shares[year]) * THOUSAND for year in award.amounts if year in shares}


@by_identity(128)  # every plan of a round (42) and their last versions
def fair_share_income(plan: Plan) -> Mapping[str, float]:
    """A plan's fair-share money by year: the income of its commissioners (the CCG allocations,
    which the pack's `ccg-fair-share-allocations` stream allocates on a fair-share basis); kept
    for the plan object (the roll-up pages add up every plan's at every visit)."""
    found: dict[str, float] = {}
    for org in plan.finance.organisations:
        if org.kind == "commissioner":
            for year, figures in org.years.items():
                found[year] = found.get(year, 0.0) + figures.income
    return found


@dataclass(frozen=True)
class MoneyRow:
    system: str
    year: str
    fair_share: float | None  # £m; None: the plan gives no commissioner income that year
    targeted: Decimal  # £m awarded from targeted lines


def money_side_by_side(
    plans: Mapping[str, Plan], awards: Iterable[Award], years: Sequence[str]
) -> list[MoneyRow]:
    """Every system with a plan, each year: its fair-share money and its targeted awards."""
    targeted: dict[tuple[str, str], Decimal] = {}
    for award in awards:
        for year, value in award_by_year(award).items():
            key = (award.system, year)
            targeted[key] = targeted.get(key, Decimal(0)) + value
    rows = []
    for system in sorted(plans):
        income = fair_share_income(plans[system])
        for year in years:
            rows.append(
                MoneyRow(system, year, income.get(year), targeted.get((system, year), Decimal(0)))
            )
    return rows


def money_totals(rows: Iterable[MoneyRow]) -> dict[str, tuple[float, Decimal]]:
    """England's fair-share and targeted money by year (a missing fair share counts as 0)."""
    totals: dict[str, tuple[float, Decimal]] = {}
    for row in rows:
        fair, aimed = totals.get(row.year, (0.0, Decimal(0)))
        totals[row.year] = (fair + (row.fair_share or 0.0), aimed + row.targeted)
    return totals
