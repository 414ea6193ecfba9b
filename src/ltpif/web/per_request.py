"""Asked once per request: what a request would ask the database several times (the current
round, the actor, the footprint's boards, the maturity level) is asked once, in a memo the
middleware opens for each request and drops after it. Outside a request (the CLI, the
background runners' threads) nothing is kept, unless a caller opens `reading()` itself.

A fact is kept only while the request cannot change it:
- `once(key, read)`: while the request only reads (a GET or HEAD; or a write that says, with
  `reading()`, that it changes none of these facts: a save of a plan's working copy);
- `once(key, read, through_writes=True)`: for the whole request, writes too. Only for the
  facts of a model connected with `forget_on(model)`: its save or delete clears the memo.
Nothing is kept between requests: each request asks afresh (a revoked membership counts at once,
in every process).

`after_response(work)`: work whose result the request's answer does not show (what one worker
keeps for the others) is done once the answer has been sent, when the server closes it; at
once outside a request."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.core.signals import request_finished
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

READS = ("GET", "HEAD")


class _Memo:
    __slots__ = ("facts", "lasting", "reading")

    def __init__(self, reading: bool) -> None:
        self.facts: dict = {}  # kept while reading
        self.lasting: dict = {}  # kept through writes
        self.reading = reading


_memo: ContextVar[_Memo | None] = ContextVar("ltpif_per_request", default=None)
# the work to do once the request's answer has been sent: the request's while it runs (None
# outside one), then the answer's until the server closes it
Work = list[Callable[[], object]]
_after: ContextVar[Work | None] = ContextVar("ltpif_after", default=None)
_answered: ContextVar[Work | None] = ContextVar("ltpif_answered", default=None)


class AskedOncePerRequest:
    """Middleware: a fresh memo for each request, dropped after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token, pending = _memo.set(_Memo(reading=request.method in READS)), []
        after = _after.set(pending)
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
            _after.reset(after)
            _answered.set(pending)  # done when the server closes the answer


def after_response(work: Callable[[], object]) -> None:
    """`work()` once the request's answer has been sent; at once outside a request."""
    pending = _after.get()
    if pending is None:
        work()
    else:
        pending.append(work)


def _work_after_response(**_) -> None:
    pending = _answered.get()
    _answered.set(None)
    for work in pending or ():
        work()


# request_finished is sent when the server closes the answer, after its last byte
request_finished.connect(_work_after_response, dispatch_uid="ltpif-work-after-response")


def _facts(through_writes: bool) -> dict | None:
    memo = _memo.get()
    if memo is None:
        return None
    if through_writes:
        return memo.lasting
    return memo.facts if memo.reading else None


def once(key: Hashable, read: Callable[[], T], *, through_writes: bool = False) -> T:
    """`read()`, asked once per `key` while the memo keeps it; every time otherwise."""
    facts = _facts(through_writes)
    if facts is None:
        return read()
    if key not in facts:
        facts[key] = read()
    return facts[key]


def tell(key: Hashable, value: object, *, through_writes: bool = False) -> None:
    """`value` for `key`, found out with another question: kept as `once` would keep it."""
    facts = _facts(through_writes)
    if facts is not None:
        facts[key] = value


def asked(key: Hashable, *, through_writes: bool = False) -> tuple[bool, object]:
    """Whether `key` is kept, and its value if so (a caller may ask differently if not)."""
    facts = _facts(through_writes)
    if facts is None or key not in facts:
        return False, None
    return True, facts[key]


@contextmanager
def reading(known: dict | None = None) -> Iterator[None]:
    """The request, from here on, changes none of the facts kept (`known`: those read already,
    by key); what was kept for the scope goes with it."""
    outer = _memo.get()
    memo = outer if outer is not None else _Memo(reading=True)
    token = _memo.set(memo)
    was_reading, memo.reading = memo.reading, True
    memo.facts.update(known or {})
    try:
        yield
    finally:
        memo.reading = was_reading
        if not was_reading:
            memo.facts.clear()
        _memo.reset(token)


def _forget(**_) -> None:
    memo = _memo.get()
    if memo is not None:
        memo.facts.clear()
        memo.lasting.clear()


def forget_on(model) -> None:
    """A save or delete of `model` clears what the request kept."""
    name = f"{model._meta.label}"
    post_save.connect(_forget, sender=model, dispatch_uid=f"ltpif-per-request-save-{name}")
    post_delete.connect(_forget, sender=model, dispatch_uid=f"ltpif-per-request-delete-{name}")
