"""What one server worker made of a plan version, read back by the others: after a save in
one worker, a reader in another would parse the document again and run its checks again
(6 ms more than the 9 ms page). Django's cache "plans" (files in the data folder) holds them; each
worker keeps its own dicts first (queries.py) and reads here only on a miss.

A key names the version (plan id, lock version, save time), the server (its workers' parent
process: a version's number is unique while it runs, as the workers' own dicts assume; a
database restored under an earlier lock version meets a new server's entries) and a
fingerprint of this code (pickled objects of older code are never read); the value says what
it was made from, and the reader compares. Any failure to read or write is a miss: the caller
makes the value afresh. A value is written once the answer of the request that made it has
been sent (the request does not wait for the others' sake): until then a reader elsewhere
misses it and makes it itself."""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import os
import pickle
from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache

from ltpif.web.per_request import after_response

CACHE = "plans"
# a write lists the whole folder to see whether it is over its MAX_ENTRIES (Django's `_cull`):
# done every this many writes of a process, the folder holds at most that many more per worker
CULL_EVERY = 32
_log = logging.getLogger(__name__)


class Uncompressed(FileBasedCache):
    """Django's file cache, its pickles kept as they are: compressing a plan's document (44 kB)
    took 0.9 ms of each save, more than all of reading it back."""

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writes = itertools.count(1)

    def _cull(self):
        if next(self._writes) % CULL_EVERY == 0:
            super()._cull()

    def get(self, key, default=None, version=None):
        try:
            with open(self._key_to_file(key, version), "rb") as f:
                if not self._is_expired(f):
                    return pickle.loads(f.read())
        except FileNotFoundError:
            pass
        return default


@functools.cache
def _code() -> str:
    """A digest of ltpif's source: another release (or an edit) reads none of these entries."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[2]
    for source in sorted(package.rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _key(parts: tuple) -> str:
    return ":".join(map(str, (_code(), os.getppid(), *parts)))


def read(parts: tuple) -> Any:
    """The value written under `parts`, or None: absent, expired or unreadable."""
    try:
        return caches[CACHE].get(_key(parts))
    except Exception:  # a broken entry (truncated, older classes) is made afresh
        _log.warning("shared plan cache: unreadable entry %s", parts, exc_info=True)
        return None


def write(parts: tuple, value: Any) -> None:
    """Keep `value` under `parts` for the other workers, once this request has been answered; a
    failure (disk full) costs them only the work of making it again."""
    after_response(lambda: _write(parts, value))


def _write(parts: tuple, value: Any) -> None:
    try:
        caches[CACHE].set(_key(parts), value)
    except Exception:
        _log.warning("shared plan cache: could not write %s", parts, exc_info=True)
