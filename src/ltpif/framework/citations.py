"""Checking that every quoted citation appears verbatim in the seed it names.

Quotes are compared after collapsing runs of whitespace to one space, because the seeds wrap
lines and break paragraphs mid-sentence; every other character must match exactly.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from ltpif.framework.toml_lines import Path as KeyPath

SHARED_ENV = "LTPIF_SHARED"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def find_shared_dir(*starts: Path) -> Path | None:
    """The shared folder (seeds/ and data/): $LTPIF_SHARED, else a `shared` beside an ancestor."""
    if os.environ.get(SHARED_ENV):
        return Path(os.environ[SHARED_ENV])
    for start in (*starts, Path.cwd()):
        for ancestor in (start.resolve(), *start.resolve().parents):
            candidate = ancestor / "shared"
            if (candidate / "seeds").is_dir():
                return candidate
    return None


def find_seeds_dir(*starts: Path) -> Path | None:
    shared = find_shared_dir(*starts)
    return shared / "seeds" if shared and (shared / "seeds").is_dir() else None


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _is_source_key(key: str) -> bool:
    return key == "source" or key.endswith("_source")


def quoted_sources(node: object, path: KeyPath = ()) -> Iterator[tuple[KeyPath, dict]]:
    """Every source table (`source`, `*_source`) of a parsed pack file, with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if _is_source_key(key) and isinstance(value, dict):
                yield (*path, key), value
            else:
                yield from quoted_sources(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from quoted_sources(value, (*path, index))
