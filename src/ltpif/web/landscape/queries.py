"""The geography by date from the database: the lookups' footprint links and approved moves."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from ltpif.geography.organisations import Landscape, Link
from ltpif.geography.organisations import Organisation as Org
from ltpif.geography.versions import Move, organisations_on, systems_on
from ltpif.geography.versions import Succession as VSuccession
from ltpif.web.compiled import compiled
from ltpif.web.landscape.models import FootprintMove, Succession
from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.planning.models import System

AUTHORITIES = ("local_authority", "district")


def moves(organisation_ids=None) -> list[tuple[int, Move]]:
    rows = FootprintMove.objects.select_related("organisation")
    if organisation_ids is not None:
        rows = rows.filter(organisation_id__in=organisation_ids)
    return [
        (
            m.organisation_id,
            Move(m.organisation.code, m.from_system_id, m.to_system_id, m.effective),
        )
        for m in rows
    ]


def approved_moves() -> tuple[Move, ...]:
    """Every approved footprint change as the pipelines take it: the organisation's code (upper
    case, as the lookups key it) and the systems' pack codes, so figures loaded follow the
    footprint valid for each period (`monitoring.mapping.OrgMap.system_on`)."""
    return tuple(
        Move(code.upper(), sending, receiving, effective)
        for code, sending, receiving, effective in _approved()
    )


@compiled  # the roll-up pages ask it after every save
def _approved() -> QuerySet:
    fields = ("organisation__code", "from_system_id", "to_system_id", "effective")
    return FootprintMove.objects.values_list(*fields)


def system_of(organisation, day: dt.date) -> frozenset[str]:
    """Which systems `organisation` (an organisations.Organisation) is in on `day`."""
    base = Footprint.objects.filter(organisation=organisation).values_list("system_id", flat=True)
    return systems_on(base, [m for _, m in moves([organisation.pk])], organisation.code, day)


def authorities_on(day: dt.date) -> Landscape:
    """The local authorities and districts with their systems on `day`: a moved authority
    takes its share to the receiving system."""
    links: dict[int, dict[str, float | None]] = {}
    orgs = {}
    for f in Footprint.objects.filter(organisation__type__in=AUTHORITIES).select_related(
        "organisation"
    ):
        links.setdefault(f.organisation_id, {})[f.system_id] = f.share
        orgs[f.organisation_id] = f.organisation
    by_org: dict[int, list[Move]] = {}
    for pk, move in moves(list(orgs)):
        by_org.setdefault(pk, []).append(move)
    found = []
    for pk, org in orgs.items():
        shares = links[pk]
        now = systems_on(shares, by_org.get(pk, []), org.code, day)
        for move in sorted(by_org.get(pk, []), key=lambda m: m.effective):
            if move.effective <= day and move.from_system in shares:
                shares[move.to_system] = shares.pop(move.from_system)
        found.append(
            Org(
                org.type,
                org.code,
                org.name,
                tuple(Link(s, shares.get(s)) for s in sorted(now)),
            )
        )
    return Landscape(tuple(found))


def changes_of(system: System) -> list[FootprintMove]:
    """The approved moves into or out of `system`, by date (shown on its pages)."""
    return list(
        FootprintMove.objects.filter(from_system=system).select_related("organisation", "to_system")
        | FootprintMove.objects.filter(to_system=system).select_related(
            "organisation", "from_system"
        )
    )


def successions_of(system: System) -> list[Succession]:
    """The approved mergers of organisations in `system`'s footprint, by date."""
    return list(
        Succession.objects.filter(predecessor__footprint__system=system)
        .select_related("predecessor", "successor", "change")
        .distinct()
    )


def organisation_list_on(system: System, day: dt.date) -> list[Organisation]:
    """The system's organisations on `day`: its footprint, each organisation whose merger has
    taken effect replaced in its place by the successor (geography.versions.organisations_on)."""
    base = list(
        Organisation.objects.filter(footprint__system=system).order_by("type", "name", "code")
    )
    found = organisations_on(
        (str(o.pk) for o in base),
        (
            VSuccession(str(s.predecessor_id), str(s.successor_id), s.effective)
            for s in Succession.objects.all()
        ),
        day,
    )
    by_pk = {str(o.pk): o for o in base} | {
        str(o.pk): o for o in Organisation.objects.filter(pk__in=[int(pk) for pk in found])
    }
    return [by_pk[pk] for pk in found]
