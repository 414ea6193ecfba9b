"""SQLite's answer that another connection holds the lock, and the one bounded retry of it.

SQLite refuses a write with "database is locked" when another connection's write outlasted
the lock timeout, and with "database table is locked" when connections sharing a cache (as
threads of one process may) collide, without waiting. Either way nothing was written, so the
write may be tried again. PostgreSQL never answers so; its errors are raised at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, connection

T = TypeVar("T")

_BUSY = ("database is locked", "database table is locked")


def is_busy(exc: BaseException) -> bool:
    """Is this SQLite refusing a write because another connection holds the lock?"""
    return isinstance(exc, OperationalError) and str(exc).startswith(_BUSY)


def retried(write: Callable[[], T], attempts: int, pause: float = 0.0) -> T:
    """`write()`, tried again while the database is busy, at most `attempts` times in all,
    waiting `pause` × the attempt's number between tries; the last refusal is raised. Inside
    a transaction the refusal is raised at once: the transaction is spoilt, the caller's
    to roll back whole."""
    for attempt in range(1, attempts + 1):
        try:
            return write()
        except OperationalError as exc:
            if not is_busy(exc) or connection.in_atomic_block or attempt == attempts:
                raise
            time.sleep(pause * attempt)
    raise AssertionError("unreachable: the last attempt returns or raises")
