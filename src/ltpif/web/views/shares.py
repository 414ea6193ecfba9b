"""The national ambition and the system's fair share, shown beside its trajectory.

Shares come from the roll-up's own function (`ltpif.rollup.fairshare`), so the page, the
workbook and the national roll-up never disagree. Population bases need only the pack; a
share by baseline activity needs every system's plan, so it is read from the cached roll-up of
the working copies, and only when a commitment has such an ambition.
"""

from __future__ import annotations

from collections.abc import Callable

from ltpif.assurance.wording import COMPARISON_WORDS, amount, due_year
from ltpif.framework import schema as s
from ltpif.framework.pack import Pack
from ltpif.plans.document import Plan as PlanDocument
from ltpif.rollup.fairshare import BasisError, FairShares, fair_shares
from ltpif.rollup.gap import signed_gap
from ltpif.rollup.table import planned_value

BASIS_WORDS = {
    "need_weighted_population": "need-weighted population",
    "registered_population": "registered population",
    "baseline": "baseline activity",
}


def _shares(
    pack: Pack, ambition: s.Ambition, plans_shares: Callable[[str], FairShares | None]
) -> tuple[FairShares | None, str]:
    """The ambition's fair shares, or None and why not."""
    if ambition.fair_share_basis == "baseline":
        shares = plans_shares(ambition.id)
        return shares, "" if shares else "needs every system's baseline: see the roll-up"
    try:
        return fair_shares(pack, ambition), ""
    except BasisError as exc:
        return None, str(exc)


def ambition_rows(
    pack: Pack,
    doc: PlanDocument,
    commitment: s.Commitment,
    plans_shares: Callable[[str], FairShares | None],
) -> list[dict]:
    """One row per ambition of the commitment: the target in words, this system's share of a
    national total with its basis, and how far the plan's value in the due year is from it."""
    rows = []
    for ambition in commitment.ambition:
        metric = pack.metric_by_id[ambition.metric]
        row = {
            "ambition": ambition,
            "metric": metric,
            "target": f"{COMPARISON_WORDS[ambition.comparison]} {amount(metric, ambition.value)}",
            "scope": "National total" if ambition.scope == "national_total" else "Every system",
            "share": None,
            "basis": None,
            "planned": None,
            "against_share": "",
            "why": "",
        }
        if ambition.scope == "national_total":
            shares, row["why"] = _shares(pack, ambition, plans_shares)
            if shares is not None:
                share = shares.by_system()[pack.system_by_code[doc.system].code]
                planned = planned_value(doc, metric, due_year(pack, ambition.by))
                row["share"] = amount(metric, share.share)
                row["basis"] = BASIS_WORDS[shares.basis]
                if planned is not None:
                    gap = signed_gap(ambition.comparison, planned, share.share)
                    row["planned"] = amount(metric, planned)
                    row["against_share"] = (
                        "meets your share"
                        if gap >= 0
                        else f"short of your share by {amount(metric, -gap)}"
                    )
        rows.append(row)
    return rows
