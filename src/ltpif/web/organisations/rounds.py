"""Which round a page is in: the current round (the latest opened) and the round of a pack."""

from __future__ import annotations

from django.db.models import Exists, Q, QuerySet, Subquery

from ltpif.framework.pack import Pack
from ltpif.web.organisations.models import Round
from ltpif.web.planning.models import Plan


def current_round() -> Round | None:
    """The latest opened round: every page works on it unless it names another; None before
    any round is opened."""
    return Round.objects.order_by("-opened_at", "-pk").first()


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
    """The round of this pack version, opened now if it is not yet (and whether it was)."""
    return Round.objects.get_or_create(
        pack=pack.id, pack_version=pack.meta.version, defaults={"calendar": calendar_of(pack)}
    )


def current_plans() -> QuerySet[Plan]:
    """The plans of the current round: what every page that lists or finds plans works on
    (before any round is opened, the plans of none). The round is found in the plans' own
    query, not asked for first: pages ask for their plans several times each."""
    latest = Round.objects.order_by("-opened_at", "-pk").values("pk")[:1]
    return Plan.objects.filter(
        Q(round=Subquery(latest)) | Q(round__isnull=True) & ~Exists(Round.objects.all())
    )
