"""Work a request starts and a page then follows (a publication, an upload of actuals): run in
a thread of this process, its progress written to its row, and a heartbeat so that any worker
can tell a live run from one whose server stopped (its heartbeat goes stale)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connections
from django.db.models import Model
from django.utils import timezone

from ltpif.web import busy

log = logging.getLogger(__name__)

#: a progress write refused while SQLite is busy is tried this many times in all
SET_ATTEMPTS = 5


def record(model: type[Model], pk: int, **fields) -> None:
    """Record a run's progress on its row (and that it is alive); a write that finds the
    table locked by another thread's write (SQLite answers at once when they share a cache,
    without waiting) is tried again shortly: a progress update may be repeated, never lost."""
    busy.retried(
        lambda: model._default_manager.filter(pk=pk).update(updated_at=timezone.now(), **fields),
        SET_ATTEMPTS,
        pause=0.05,
    )


def beat_of(model: type[Model], pk: int) -> Callable[[], None]:
    """One heartbeat of the run: its row touched, from the heartbeat's own thread."""

    def beat() -> None:
        try:
            record(model, pk)
        finally:
            connections.close_all()  # this thread's own connection, opened for one beat

    return beat


@contextmanager
def heartbeat(beat: Callable[[], None], every: float) -> Iterator[None]:
    """Call `beat` every `every` seconds, in a thread of its own, while the block runs."""
    stop = threading.Event()

    def beating() -> None:
        while not stop.wait(every):
            try:
                beat()
            except Exception:  # a missed beat is not the run's failure; the next may land
                log.warning("heartbeat missed", exc_info=True)

    thread = threading.Thread(target=beating, name="heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def launch(run: Callable[[int], None], pk: int, name: str) -> None:
    """Start `run(pk)` in a thread of this process; the request returns at once."""

    def in_thread() -> None:
        try:
            run(pk)
        finally:
            connections.close_all()  # the thread's own connections: nobody else will close them

    threading.Thread(target=in_thread, name=f"{name}-{pk}", daemon=True).start()
