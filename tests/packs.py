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


def cut_entry(text: str, table: str, ident: str, key: str = "id") -> str:
    """`text` without the `[[table]]` entry whose `key` is `ident`, nor its sub-tables (up to the
    next `[[table]]` or the end)."""
    header = f"[[{table}]]\n{key} = {toml_string(ident)}\n"
    start = text.index(header)
    end = text.find(f"[[{table}]]\n", start + len(header))
    return text[:start] + (text[end:] if end != -1 else "")


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in the file at `path` (fails if not exactly one)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


NEXT_PACK = "ltpif-2020"  # the next round's test pack: made by next_round_pack, never shipped


def next_round_pack(target: Path, name: str = NEXT_PACK) -> Path:
    """A copy of the built-in pack as the next round's: id `name`, version 2020.1, the commitment
    `fax-machines` (and its metric) removed, the `sections-substantial` threshold raised from
    100 to 150 characters, and the plan years extended by 2024/25."""
    destination = target / name
    shutil.copytree(PACKS_DIR / DEFAULT_PACK, destination)
    replace_once(destination / "pack.toml", 'id = "ltpif-2019"', f"id = {toml_string(name)}")
    replace_once(destination / "pack.toml", 'version = "2019.1"', 'version = "2020.1"')
    replace_once(destination / "pack.toml", 'last = "2023/24"', 'last = "2024/25"')
    replace_once(destination / "periods.toml", '"2023/24"]', '"2023/24", "2024/25"]')
    replace_once(
        destination / "rules.toml", "params = { min_length = 100 }", "params = { min_length = 150 }"
    )
    digital = destination / "commitments-digital.toml"
    digital.write_text(cut_entry(digital.read_text(encoding="utf-8"), "commitment", "fax-machines"))
    return destination
