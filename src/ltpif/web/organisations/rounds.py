"""Which round a page is in: the current round, the round of a pack, and a round's pack.

The round is the one home of a plan's pack: a plan's pack is its round's (name and version), and
the pages that read every plan (dashboards, the roll-up) read them against the current round's.
"""

from __future__ import annotations

from django.db.models import Exists, Q, QuerySet, Subquery
from django.utils import timezone

from ltpif.framework.loader import load_pack
from ltpif.framework.pack import Pack
from ltpif.web.organisations.models import Round
from ltpif.web.per_request import asked, forget_on, once
from ltpif.web.planning.models import Plan

forget_on(Round)  # a round saved or deleted: the request asks again

#: the request's memo's key for the current round (`per_request`)
CURRENT = "current round"


class PackNotInstalled(Exception):
    """A round's pack version is not the one installed under its name."""


def current_round() -> Round | None:
    """The round every page works on unless it names another: the one that became current
    last (the first round as it opened; a later one once the agreed plans are carried into it).
    None before any round is opened. Asked once per request, writes too (`per_request`)."""
    return once(CURRENT, lambda: current_rounds().first(), through_writes=True)


def current_rounds() -> QuerySet[Round]:
    """The rounds that have been current, the current one first."""
    return Round.objects.filter(current_since__isnull=False).order_by("-current_since", "-pk")


def pack_of_round(the_round: Round) -> Pack:
    """The pack a round was opened with, as installed: its name and version must both match."""
    pack = load_pack(the_round.pack)
    if pack.meta.version != the_round.pack_version:
        raise PackNotInstalled(
            f"the round {the_round} needs pack {the_round.pack} version "
            f"{the_round.pack_version}, but version {pack.meta.version} is installed"
        )
    return pack


def current_pack() -> Pack:
    """The current round's pack (the default pack before any round is opened)."""
    found = current_round()
    return pack_of_round(found) if found is not None else load_pack()


def calendar_of(pack: Pack) -> list[dict]:
    """The pack's deadlines as a round keeps them, by date."""
    return [
        {
            "id": d.id,
            "name": d.name,
            "date": d.date.isoformat(),
            "who": d.who,
            "approximate": d.approximate,
        }
        for d in sorted(pack.calendar.deadline, key=lambda d: (d.date, d.id))
    ]


def round_of(pack: Pack) -> tuple[Round, bool]:
    """The round of this pack version, opened now if it is not yet (and whether it was). The
    first round of a database becomes current as it opens; a later one opens beside the current
    round, which stays current until the agreed plans are carried into the new one."""
    found, opened = Round.objects.get_or_create(
        pack=pack.id, pack_version=pack.meta.version, defaults={"calendar": calendar_of(pack)}
    )
    if opened and current_round() is None:
        found.current_since = timezone.now()
        found.save(update_fields=["current_since"])
    return found, opened


def current_plans() -> QuerySet[Plan]:
    """The plans of the current round: what every page that lists or finds plans works on
    (before any round is opened, the plans of none). When the request has asked for the round
    already (`current_round`), a plain filter on it; otherwise the round is found in the plans'
    own query, not asked for first: pages ask for their plans several times each."""
    known, the_round = asked(CURRENT, through_writes=True)
    if known:
        return Plan.objects.filter(round=the_round)  # None: the plans of no round
    return Plan.objects.filter(
        Q(round=Subquery(current_rounds().values("pk")[:1]))
        | Q(round__isnull=True) & ~Exists(Round.objects.filter(current_since__isnull=False))
    )
