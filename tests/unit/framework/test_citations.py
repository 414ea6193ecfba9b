"""Every quote in the pack appears verbatim (whitespace aside) in the seed it names."""

import re
import tomllib

import pytest

from ltpif.framework.loader import DEFAULT_PACK, PACKS_DIR


def _squash(text):
    return re.sub(r"\s+", " ", text).strip()


def _quotes(node, where):
    if isinstance(node, dict):
        if "quote" in node:
            yield where, node["seed"], node["quote"]
        for key, value in node.items():
            yield from _quotes(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _quotes(value, f"{where}[{index}]")


QUOTES = [
    quote
    for path in sorted((PACKS_DIR / DEFAULT_PACK).glob("*.toml"))
    for quote in _quotes(tomllib.loads(path.read_text(encoding="utf-8")), path.name)
]


def test_the_pack_quotes_both_seeds_many_times():
    seeds = {seed for _, seed, _ in QUOTES}
    assert seeds == {"000_2385091acb8fa90e.txt", "002_a3e0e46b49bd395b.txt"}
    assert len(QUOTES) > 150


@pytest.mark.parametrize(("where", "seed", "quote"), QUOTES, ids=[q[0] for q in QUOTES])
def test_quote_is_verbatim(seeds_dir, where, seed, quote):
    assert _squash(quote) in _squash((seeds_dir / seed).read_text(encoding="utf-8"))
