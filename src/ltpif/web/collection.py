"""A server's workers collect cyclic garbage between requests, not in the middle of one.

Python starts a collection whenever enough objects have been made since the last, inside
whichever request made them; a full one walks every object the worker holds (the pack, parsed
plan versions, grouped actuals, the roll-up: a few hundred thousand), and one was measured at
150 to 275 ms on this project's pages (2-core machine under load) — the long tail of whatever
page it fell in. Reference counting frees nearly everything anyway: only cycles wait for the
collector. So a worker freezes what it holds at start-up (modules, settings: never garbage)
and collects after each response has been sent: the youngest generation every time, the
middle one every `MIDDLE_EVERY` responses and all of them every `FULL_EVERY`, the ratios of
Python's own default thresholds (700, 10, 10). Automatic collection stays on, at thresholds
no request reaches (a page makes a few thousand objects), for work that runs without requests
finishing: a publication or an upload of actuals in its background thread.

Only for a server's workers (`ltpif.web.wsgi`); the test client and the CLI keep Python's
default collector.
"""

from __future__ import annotations

import gc
import itertools

from django.core.signals import request_finished

MIDDLE_EVERY = 10
FULL_EVERY = 100
# objects made (net of those freed) before Python collects by itself; then every 50th of those
# collections takes the middle generation too, and every 100th of those all of them
THRESHOLDS = (100_000, 50, 100)
_served = itertools.count(1)  # responses served by this worker


def generation_after(served: int) -> int:
    """Which generation to collect after the `served`-th response (counting from 1)."""
    if served % FULL_EVERY == 0:
        return 2
    return 1 if served % MIDDLE_EVERY == 0 else 0


def _collect(**_) -> None:
    gc.collect(generation_after(next(_served)))


def between_requests() -> None:
    """From now on, collect after each response rather than whenever Python would."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    # request_finished is sent when the server closes the response, after its last byte
    request_finished.connect(_collect, dispatch_uid="ltpif-collect-between-requests")
