"""Fair shares: a national ambition split into system shares, for the CLI's `fairshare` and a
plan page's "your share" column.

The arithmetic is the roll-up's (`ltpif.rollup.fairshare`), so the page, the workbook, the CLI
and the national roll-up never disagree. Population bases need only the pack; a share by
baseline activity needs every system's plan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ltpif.app.sources import PlanSet
from ltpif.assurance.wording import amount, target
from ltpif.framework import schema as s
from ltpif.framework.fairshare import BASES, DEFAULT_BASIS, BasisError
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem, quoted
from ltpif.plans.document import Plan
from ltpif.rollup.fairshare import FairShares, fair_shares
from ltpif.rollup.gap import signed_gap
from ltpif.rollup.table import long_rows, planned_value


def national_ambition(pack: Pack, ambition_id: str) -> s.Ambition:
    """The national-total ambition of that id; InputError naming the ones there are."""
    ambition = next((a for a in pack.ambitions if a.id == ambition_id), None)
    if ambition is None or ambition.scope != "national_total":
        national = [a.id for a in pack.ambitions if a.scope == "national_total"]
        why = "unknown ambition" if ambition is None else "an every-system standard, not shared:"
        message = f"{why} {quoted(ambition_id)}; national ambitions: {', '.join(national)}"
        raise InputError([Problem(pack.id, None, "ambition", message)])
    return ambition


def shares_of(
    pack: Pack,
    ambition_id: str,
    *,
    basis: str | None = None,
    plans: PlanSet | None = None,
    weights: Mapping[str, float] | None = None,
    weights_from: str | None = None,
    glide: bool = False,
) -> FairShares:
    """The ambition's shares by its own basis or `basis`, or by explicit `weights` (read from
    `weights_from`); with the plans' baseline and planned values when `plans` are given.
    InputError, one problem per system the basis lacks, at its plan file when it has one."""
    ambition = national_ambition(pack, ambition_id)
    basis = basis or ambition.fair_share_basis or DEFAULT_BASIS.id
    rows = long_rows(pack, plans.plans) if plans else None
    try:
        return fair_shares(pack, ambition, rows=rows, basis=basis, weights=weights, glide=glide)
    except BasisError as exc:
        where = weights_from or pack.id
        files = plans.files if plans else {}
        problems = []
        for code in exc.systems:
            why = "no plan" if plans and code not in files else "no value"
            problems.append(Problem(files.get(code, where), None, "", f"{exc}: {code} ({why})"))
        raise InputError(problems or [Problem(where, None, "", str(exc))]) from None


@dataclass(frozen=True)
class AmbitionRow:
    """One national ambition beside a system's trajectory: the target in words, the system's
    share of a national total with its basis, and how far the plan's due-year value is from it."""

    ambition: s.Ambition
    metric: s.Metric
    target: str
    scope: str
    share: str | None = None
    basis: str | None = None
    planned: str | None = None
    against_share: str = ""
    why: str = ""  # why there is no share


def _shares(
    pack: Pack, ambition: s.Ambition, baseline_shares: Callable[[str], FairShares | None]
) -> tuple[FairShares | None, str]:
    if BASES[ambition.fair_share_basis or DEFAULT_BASIS.id].needs_plans:
        shares = baseline_shares(ambition.id)
        return shares, "" if shares else "needs every system's baseline: see the roll-up"
    try:
        return fair_shares(pack, ambition), ""
    except BasisError as exc:
        return None, str(exc)


def ambition_rows(
    pack: Pack,
    doc: Plan,
    commitment: s.Commitment,
    baseline_shares: Callable[[str], FairShares | None],
) -> list[AmbitionRow]:
    """A row per ambition of the commitment; `baseline_shares` gives an ambition's shares by
    baseline activity from every plan (the roll-up's), or None."""
    rows = []
    for ambition in commitment.ambition:
        metric = pack.metric_by_id[ambition.metric]
        row = AmbitionRow(
            ambition,
            metric,
            target(ambition, metric),
            "National total" if ambition.scope == "national_total" else "Every system",
        )
        if ambition.scope == "national_total":
            row = _with_share(pack, doc, row, *_shares(pack, ambition, baseline_shares))
        rows.append(row)
    return rows


def _with_share(
    pack: Pack, doc: Plan, row: AmbitionRow, shares: FairShares | None, why: str
) -> AmbitionRow:
    if shares is None:
        return AmbitionRow(row.ambition, row.metric, row.target, row.scope, why=why)
    metric = row.metric
    share = shares.by_system()[pack.system_by_code[doc.system].code].share
    planned = planned_value(doc, metric, pack.due_year(row.ambition))
    gap = signed_gap(row.ambition.comparison, planned, share)  # None without a planned value
    against = ""
    if gap is not None:
        against = (
            "meets your share" if gap >= 0 else f"short of your share by {amount(metric, -gap)}"
        )
    return AmbitionRow(
        row.ambition,
        metric,
        row.target,
        row.scope,
        share=amount(metric, share),
        basis=BASES[shares.basis].name,
        planned=None if planned is None else amount(metric, planned),
        against_share=against,
    )
