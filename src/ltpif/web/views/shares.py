"""The national ambition and the system's fair share, shown beside its trajectory."""

from __future__ import annotations

from ltpif.assurance.wording import COMPARISON_WORDS, amount
from ltpif.framework import schema as s
from ltpif.framework.pack import Pack

POPULATION_BASES = {
    "need_weighted_population": "need_weighted",
    "registered_population": "registered",
}


def population_share(pack: Pack, system_code: str, ambition: s.Ambition) -> float | None:
    """The system's share of a national total by population; None for other bases."""
    attribute = POPULATION_BASES.get(ambition.fair_share_basis or "")
    if attribute is None:
        return None
    systems = pack.geography.system
    total = sum(getattr(system.population, attribute) for system in systems)
    mine = getattr(pack.system_by_code[system_code].population, attribute)
    return ambition.value * mine / total


def ambition_rows(pack: Pack, system_code: str, commitment: s.Commitment) -> list[dict]:
    rows = []
    for ambition in commitment.ambition:
        metric = pack.metric_by_id[ambition.metric]
        share = population_share(pack, system_code, ambition)
        target = amount(metric, ambition.value)
        rows.append(
            {
                "ambition": ambition,
                "metric": metric,
                "target": f"{COMPARISON_WORDS[ambition.comparison]} {target}",
                "scope": "National total" if ambition.scope == "national_total" else "Every system",
                "share": None if share is None else amount(metric, share),
            }
        )
    return rows
