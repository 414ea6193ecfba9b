"""The database side of opening a round (`ltpif.app.rounds.RoundStore`), and what is loaded."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.db.models import Count
from django.utils import timezone

from ltpif.app.carry_forward import RoundCarry
from ltpif.app.rounds import Changes
from ltpif.framework.pack import Pack
from ltpif.geography.organisations import TYPES, Landscape
from ltpif.web.organisations.models import Footprint, Organisation, Round
from ltpif.web.organisations.rounds import current_round, round_of
from ltpif.web.planning.models import Region, System
from ltpif.web.planning.setup import load_geography, load_plan

BATCH = 2000


class DatabaseRoundStore:
    """Opens rounds in the configured database, in one transaction."""

    @transaction.atomic
    def open_round(self, pack: Pack, landscape: Landscape) -> Changes:
        regions, systems = Region.objects.count(), System.objects.count()
        load_geography(pack)
        the_round, round_opened = round_of(pack)
        current = current_round()
        added, renamed = _organisations(landscape)
        links, unlinked = _footprints(landscape)
        return Changes(
            round_opened=round_opened,
            regions=Region.objects.count() - regions,
            systems=System.objects.count() - systems,
            organisations=added,
            renamed=renamed,
            links=links,
            unlinked=unlinked,
            waiting_behind=str(current) if current and current.pk != the_round.pk else "",
        )


def _insert(model: type[models.Model], columns: list[str], objects: list) -> None:
    """Many rows in one executemany: the ORM's bulk_create spends seconds building objects
    and SQL for the ~18,000 rows of a round (columns without defaults or signals only)."""
    if not objects:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",
            [tuple(getattr(o, c) for c in columns) for o in objects],
        )


def _organisations(landscape: Landscape) -> tuple[int, int]:
    existing = {(o.type, o.code): o for o in Organisation.objects.all()}
    new, changed = [], []
    for org in landscape.organisations:
        found = existing.get((org.type, org.code))
        if found is None:
            new.append(
                Organisation(
                    type=org.type,
                    code=org.code,
                    name=org.name,
                    parent=org.parent,
                    source=org.source,
                )
            )
        elif (found.name, found.parent, found.source) != (org.name, org.parent, org.source):
            found.name, found.parent, found.source = org.name, org.parent, org.source
            changed.append(found)
    _insert(Organisation, ["type", "code", "name", "parent", "source"], new)
    Organisation.objects.bulk_update(changed, ["name", "parent", "source"], batch_size=BATCH)
    return len(new), len(changed)


def _footprints(landscape: Landscape) -> tuple[int, int]:
    """Each organisation of the lookups placed in exactly the systems they give."""
    ids = {(t, c): pk for pk, t, c in Organisation.objects.values_list("pk", "type", "code")}
    wanted = {
        (ids[(org.type, org.code)], link.system): link.share
        for org in landscape.organisations
        for link in org.links
    }
    read = {pk for pk, _ in wanted}
    have = {
        (f.organisation_id, f.system_id): f
        for f in Footprint.objects.filter(organisation_id__in=read)
    }
    new = [
        Footprint(organisation_id=org, system_id=system, share=share)
        for (org, system), share in wanted.items()
        if (org, system) not in have
    ]
    changed = []
    for key, footprint in have.items():
        if key in wanted and footprint.share != wanted[key]:
            footprint.share = wanted[key]
            changed.append(footprint)
    gone = [f.pk for key, f in have.items() if key not in wanted]
    _insert(Footprint, ["organisation_id", "system_id", "share"], new)
    Footprint.objects.bulk_update(changed, ["share"], batch_size=BATCH)
    Footprint.objects.filter(pk__in=gone).delete()
    return len(new) + len(changed), len(gone)


@dataclass(frozen=True)
class Status:
    rounds: list[Round]
    current: Round | None
    counts: dict[str, int]  # organisations by type, in the controlled list's order
    regions: int
    systems: int


def round_status() -> Status:
    found = Counter(
        {
            row["type"]: row["n"]
            for row in Organisation.objects.values("type").annotate(n=Count("pk"))
        }
    )
    return Status(
        list(Round.objects.all()),
        current_round(),
        {t: found[t] for t in TYPES if found[t]},
        Region.objects.count(),
        System.objects.count(),
    )


class CarryRefused(Exception):
    """The next round cannot be opened from the current one as asked (nothing was written)."""


@transaction.atomic
def open_next_round(carry: RoundCarry, by) -> Round:
    """The round of `carry.new` opened beside the current round (`carry.old`'s), every agreed
    plan carried into it as its system's first draft, and the new round made current — all in
    one transaction: any failure leaves the database as it was, the old round still current."""
    current = current_round()
    if current is not None:  # one carry at a time: a second waits here, then is refused
        current = Round.objects.select_for_update().get(pk=current.pk)
    old, new = carry.old, carry.new
    if current is None or (current.pack, current.pack_version) != (old.id, old.meta.version):
        raise CarryRefused(
            f"the current round is no longer {old.id} {old.meta.version}: nothing was carried"
        )
    load_geography(new)
    the_round, _ = round_of(new)
    if the_round.pk == current.pk or the_round.current_since is not None:
        raise CarryRefused(f"the round of {new.id} {new.meta.version} has already been current")
    if the_round.plans.exists():
        raise CarryRefused(f"the round of {new.id} {new.meta.version} already holds plans")
    summary = f"Carried forward from the agreed plan of {old.id} {old.meta.version}"
    for system in carry.drafts:
        assert system.result is not None and system.result.plan is not None
        load_plan(new, system.result.plan, by, action="carry_forward", summary=summary)
    the_round.carried_from = current
    the_round.carry_report = carry.report()
    the_round.current_since = timezone.now()
    the_round.save(update_fields=["carried_from", "carry_report", "current_since"])
    return the_round
