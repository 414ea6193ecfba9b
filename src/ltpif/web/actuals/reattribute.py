"""Moving stored actuals when a footprint change is approved (`monitoring.reattribute`): run
inside the decision's transaction, so the approval and the actuals it moves are saved together
or not at all. A handful of queries whatever the number of actuals moved."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from ltpif.framework.periods import Calendar
from ltpif.geography.versions import Move
from ltpif.monitoring.actuals import Part
from ltpif.monitoring.definitions import MonitoredMetric
from ltpif.monitoring.periods import parse_period
from ltpif.monitoring.reattribute import combine_parts, moves_to
from ltpif.web.actuals.models import Actual, ActualPart, ActualsLoad


@dataclass
class Reattributed:
    moved: int = 0  # organisations' parts moved to the receiving system
    actuals: int = 0  # system actuals made again (the sending and receiving systems')
    not_moved: list[str] = field(default_factory=list)  # each actual left as it was, and why
    # the sending systems' actuals from the move's date on that came from files naming the
    # system, not its organisations: they hold no part to move
    system_level: int = 0
    loads: set[int] = field(default_factory=set)  # the loads whose actuals changed


def _part(row: ActualPart) -> Part:
    a = row.actual
    return Part(
        a.org_code,
        a.metric,
        a.period,
        a.quintile,
        row.organisation,
        row.value,
        row.numerator,
        row.denominator,
    )


def _start(period: str, calendar: Calendar) -> dt.date | None:
    try:
        return parse_period(period, calendar).start
    except ValueError:  # stored by the loaders, so never; a period unreadable moves nothing
        return None


def reattribute(
    moves: Sequence[Move], calendar: Calendar, metrics: Mapping[str, MonitoredMetric]
) -> Reattributed:
    """Move the moving organisations' parts of the sending systems' actuals, period by period,
    and make both systems' actuals again from the parts they then hold."""
    done = Reattributed()
    if not moves:
        return done
    by_org = {(m.organisation, m.from_system): m for m in moves}
    rows = ActualPart.objects.filter(
        organisation__in={m.organisation for m in moves},
        actual__level="system",
        actual__org_code__in={m.from_system for m in moves},
    ).select_related("actual")
    going: dict[tuple[int, str], list[ActualPart]] = defaultdict(list)  # (actual, to) → parts
    for row in rows:
        move = by_org.get((row.organisation, row.actual.org_code))
        start = _start(row.actual.period, calendar)
        if move is not None and start is not None and moves_to(move, start):
            going[(row.actual_id, move.to_system)].append(row)
    done.system_level = _system_level(moves, calendar)
    if not going:
        return done
    sources = {pk for pk, _ in going}
    held: dict[int, list[ActualPart]] = defaultdict(list)
    for row in ActualPart.objects.filter(actual_id__in=sources).select_related("actual"):
        held[row.actual_id].append(row)
    first = {pk: parts[0].actual for (pk, _), parts in going.items()}
    receiving = Actual.objects.filter(
        level="system",
        org_code__in={to for _, to in going},
        metric__in={a.metric for a in first.values()},
        period__in={a.period for a in first.values()},
    ).prefetch_related("parts__actual")
    there = {
        (a.org_code, a.metric, a.period, a.quintile): (a, [_part(p) for p in a.parts.all()])
        for a in receiving
    }
    for (pk, to), parts in sorted(going.items(), key=lambda item: item[0]):
        source = first[pk]
        _move(source, to, parts, held[pk], there, metrics, done)
    # the loads marked: the monitoring pages' cache of actuals is read again (`fingerprint`)
    ActualsLoad.objects.filter(pk__in=done.loads).update(moved_at=timezone.now())
    return done


def _move(
    source: Actual,
    to: str,
    parts: list[ActualPart],
    held: list[ActualPart],
    there: dict,
    metrics: Mapping[str, MonitoredMetric],
    done: Reattributed,
) -> None:
    """One sending actual's moving parts to the receiving system's actual of the same key."""
    where = f"{source.metric} {source.period} of {source.org_code}"
    metric = metrics.get(source.metric)
    key = (to, source.metric, source.period, source.quintile)
    target, holding = there.get(key, (None, []))
    if metric is None:
        done.not_moved.append(f"{where}: not a metric of the catalogue")
        return
    if target is not None and not holding:
        done.not_moved.append(f"{where}: {to} holds a figure loaded for the system as a whole")
        return
    moving = {row.pk for row in parts}
    staying = [_part(row) for row in held if row.pk not in moving]
    arriving = [*holding, *(_part(row) for row in parts)]
    made = combine_parts(metric, arriving)
    left = combine_parts(metric, staying) if staying else None
    if isinstance(made, str) or isinstance(left, str):
        done.not_moved.append(f"{where}: {made if isinstance(made, str) else left}")
        return
    if target is None:
        target = Actual.objects.create(
            load_id=source.load_id,
            level="system",
            org_code=to,
            metric=source.metric,
            period=source.period,
            quintile=source.quintile,
            value=made[0],
            numerator=made[1],
            denominator=made[2],
        )
    else:
        target.value, target.numerator, target.denominator = made
        target.save(update_fields=["value", "numerator", "denominator"])
    there[key] = (target, arriving)
    done.loads |= {source.load_id, target.load_id}
    ActualPart.objects.filter(pk__in=moving).update(actual=target)
    if left is None:
        source.delete()  # every part of it moved: the system has no figure for the period
    else:
        source.value, source.numerator, source.denominator = left
        source.save(update_fields=["value", "numerator", "denominator"])
    done.moved += len(parts)
    done.actuals += 2


def _system_level(moves: Sequence[Move], calendar: Calendar) -> int:
    """The sending systems' actuals from the move's first period on with no parts."""
    starts = defaultdict(list)
    for move in moves:
        starts[move.from_system].append(move)
    found = Actual.objects.filter(
        level="system", org_code__in=set(starts), parts__isnull=True
    ).values_list("org_code", "period")
    count = 0
    for system, period in found:
        start = _start(period, calendar)
        if start is not None and any(moves_to(m, start) for m in starts[system]):
            count += 1
    return count


def words(done: Reattributed, system: str, effective: dt.date) -> str:
    """What an approval did to the actuals stored, as its audit event and its page say it."""
    said = f"{done.moved:,} organisation row(s) of actuals moved from {effective:%-d %B %Y} on"
    if done.not_moved:
        said += f"; {len(done.not_moved):,} left with {system} ({done.not_moved[0]}"
        said += ", …)" if len(done.not_moved) > 1 else ")"
    if done.system_level:
        said += (
            f"; {done.system_level:,} actual(s) of {system} from then on were loaded for the "
            "system as a whole, not by organisation, and cannot be moved: load those "
            "periods again from files by organisation"
        )
    return said
