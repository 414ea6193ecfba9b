"""Facts a request reads once. Within `read_once()`, a question a page asks the database several
times (the footprint's boards, for the checks and for the coverage; the maturity level, for the
checks of a save and of the page answering it) is asked once. Only for a request that does not
change those facts itself: a page read, or a save of a plan's working copy. Outside it (the CLI,
the background runners, any other write), each is asked afresh."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_kept: ContextVar[dict | None] = ContextVar("ltpif_read_once", default=None)


@contextmanager
def read_once(known: dict | None = None) -> Iterator[None]:
    """A scope in which each fact is read once; `known`, by key, those read already."""
    token = _kept.set(dict(known or {}))
    try:
        yield
    finally:
        _kept.reset(token)


def once(key: Hashable, read: Callable[[], T]) -> T:
    """`read()`, asked once per `key` within `read_once()`; every time outside it."""
    kept = _kept.get()
    if kept is None:
        return read()
    if key not in kept:
        kept[key] = read()
    return kept[key]
