"""Test helpers: a copy of the built-in pack to corrupt, and TOML text for crafted entries."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ltpif.framework.loader import DEFAULT_PACK, PACKS_DIR


def copy_pack(target: Path) -> Path:
    destination = target / DEFAULT_PACK
    shutil.copytree(PACKS_DIR / DEFAULT_PACK, destination)
    return destination


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's string escapes are valid TOML."""
    return json.dumps(text, ensure_ascii=False)


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")
