"""Results kept for the very objects they were computed from.

ltpif's documents and packs are immutable (frozen records; an edit makes a new object), and a
server asks the same questions of the same objects on every page: a pack's rules parsed, a
plan's content hash, a plan's discretion index. `by_identity` keeps a function's result for
the identical arguments (`is`, not `==`, which would compare whole plans each time). The
arguments are held while their result is kept, so their ids are not reused by other objects;
at most `size` results are kept (then all are forgotten and computed again as asked).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def by_identity(size: int) -> Callable[[F], F]:
    """A decorator keeping the result of positional-only calls by the arguments' identity."""

    def decorate(compute: F) -> F:
        kept: dict[tuple[int, ...], tuple[tuple[Any, ...], Any]] = {}

        @functools.wraps(compute)
        def wrapped(*args: Any) -> Any:
            key = tuple(id(arg) for arg in args)
            found = kept.get(key)
            if found is not None and all(a is b for a, b in zip(found[0], args, strict=True)):
                return found[1]
            result = compute(*args)
            if len(kept) >= size:
                kept.clear()
            kept[key] = (args, result)
            return result

        wrapped.forget = kept.clear  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate
