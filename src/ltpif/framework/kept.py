"""Results kept while what they were computed from is unchanged.

ltpif's documents and packs are immutable (frozen records; an edit makes a new object), and a
server asks the same questions of the same objects on every page: a pack's rules parsed, a
plan's content hash, a plan's discretion index. `by_identity` keeps a function's result for
the identical arguments (`is`, not `==`, which would compare whole plans each time). The
arguments are held while their result is kept, so their ids are not reused by other objects;
at most `size` results are kept, the least recently asked forgotten first (a server's saves
make new versions all the time: forgetting them all at once made every plan's again).
`Latest` keeps, per slot, what was made from inputs that compare equal (rows read afresh).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def by_identity(size: int) -> Callable[[F], F]:
    """A decorator keeping the result of positional-only calls by the arguments' identity."""

    def decorate(compute: F) -> F:
        kept: dict[tuple[int, ...], tuple[tuple[Any, ...], Any]] = {}

        @functools.wraps(compute)
        def wrapped(*args: Any) -> Any:
            key = tuple(id(arg) for arg in args)
            found = kept.pop(key, None)
            if found is not None and all(a is b for a, b in zip(found[0], args, strict=True)):
                kept[key] = found  # the most recently asked: last to go
                return found[1]
            result = compute(*args)
            if len(kept) >= size:
                kept.pop(next(iter(kept), key), None)  # the least recently asked
            kept[key] = (args, result)
            return result

        wrapped.forget = kept.clear  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


class Latest(Generic[T]):
    """Per slot, the latest value made and what it was made from, compared with `==`: made
    again only when that changes. For what a server makes of rows it reads afresh each time
    (stamps: ids, versions, fingerprints), where `by_identity` never sees the same object
    twice. At most `size` slots are kept (then all are forgotten and made again as asked)."""

    def __init__(self, size: int):
        self.size = size
        self._kept: dict[Hashable, tuple[Any, T]] = {}

    def get(self, slot: Hashable, made_from: Any, make: Callable[[], T]) -> T:
        """The slot's value if it was made from what equals `made_from`, else `make()`."""
        found = self._kept.get(slot)
        if found is not None and found[0] == made_from:
            return found[1]
        value = make()
        if len(self._kept) >= self.size and slot not in self._kept:
            self._kept.clear()
        self._kept[slot] = (made_from, value)
        return value

    def forget(self) -> None:
        self._kept.clear()
