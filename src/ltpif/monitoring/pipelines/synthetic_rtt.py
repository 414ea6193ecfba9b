"""A realistic synthetic RTT full extract, for tests and benchmarks (no real one is at hand).

It has the official layout (13 descriptive columns, weeks-waiting bands, Total, Patients with
unknown clock start date, Total All), about `rows` rows a month (a real month has ~180,000),
and the real file's shape: each provider serves its home commissioners heavily and many others
a little, over a subset of treatment functions, in five RTT parts, with an all-functions total
row ("C_999") per provider, commissioner and part, and blank cells for zero counts. Waits
decay geometrically by week at a rate of each provider's own. The providers and
commissioners are codes the caller gives (real ones map to systems; made-up ones do not).
The same seed gives the same organisations, pairs and functions every month; only the counts
move, so that month after month makes a series.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from ltpif.monitoring import rtt

FUNCTIONS = {
    "C_100": "General Surgery Service", "C_101": "Urology Service",
    "C_110": "Trauma and Orthopaedic Service", "C_120": "Ear Nose and Throat Service",
    "C_130": "Ophthalmology Service", "C_140": "Oral Surgery Service",
    "C_150": "Neurosurgical Service", "C_160": "Plastic Surgery Service",
    "C_170": "Cardiothoracic Surgery Service", "C_300": "General Internal Medicine Service",
    "C_301": "Gastroenterology Service", "C_320": "Cardiology Service",
    "C_330": "Dermatology Service", "C_340": "Respiratory Medicine Service",
    "C_400": "Neurology Service", "C_410": "Rheumatology Service",
    "C_430": "Elderly Medicine Service", "C_502": "Gynaecology Service",
    "X02": "Other - Medical Services", "X03": "Other - Mental Health Services",
    "X04": "Other - Paediatric Services", "X05": "Other - Surgical Services",
    "X06": "Other - Other Services",
}  # fmt: skip
PART_CHANCE = {"Part_1A": 0.6, "Part_1B": 0.8, "Part_2": 1.0, "Part_2A": 0.5, "Part_3": 0.8}
PART_SCALE = {"Part_1A": 0.04, "Part_1B": 0.12, "Part_2": 1.0, "Part_2A": 0.3, "Part_3": 0.15}
ROWS_PER_PAIR = 26  # parts × (functions + the total row), on average


def band_names(weeks: int = 104) -> list[str]:
    return [f"Gt {w:02d} To {w + 1:02d} Weeks SUM 1" for w in range(weeks)] + [
        f"Gt {weeks:02d} Weeks SUM 1"
    ]


def period_name(month: dt.date) -> str:
    return f"RTT-{month.strftime('%B')}-{month.year}"


def write_month(
    path: Path,
    month: dt.date,
    providers: Sequence[str],
    commissioners: Sequence[str],
    *,
    rows: int = 180_000,
    seed: int = 0,
    weeks: int = 104,
    month_index: int = 0,
) -> int:
    """Write one month's extract to `path`; returns its number of data rows."""
    shape = np.random.default_rng(seed)  # the same pairs and functions every month
    counts = np.random.default_rng([seed, month.year, month.month])
    pairs = _pairs(shape, len(providers), len(commissioners), max(rows // ROWS_PER_PAIR, 1))
    decay = shape.uniform(7.0, 15.0, len(providers)) * (1 + 0.004 * month_index)
    parts: list[str] = []
    row_pairs: list[int] = []
    functions: list[int] = []
    for part, chance in PART_CHANCE.items():
        for index in np.flatnonzero(shape.random(len(pairs)) < chance):
            parts += [part] * len(pairs[index][3])
            row_pairs += [int(index)] * len(pairs[index][3])
            functions += list(pairs[index][3])
    pair_of = np.array(row_pairs)
    provider_of = np.array([pairs[i][0] for i in pair_of])
    size = np.array([pairs[i][2] for i in pair_of]) * np.array([PART_SCALE[p] for p in parts])
    totals = np.maximum(counts.lognormal(np.log(size), 0.3).round().astype(np.int64), 1)
    bands = np.zeros((len(parts), weeks + 1), dtype=np.int64)
    for provider in np.unique(provider_of):
        chosen = provider_of == provider
        bands[chosen] = counts.multinomial(totals[chosen], _shares(decay[provider], weeks))
    # one all-functions total row ("C_999") per part and pair
    groups: dict[tuple[str, int], list[int]] = {}
    for row, key in enumerate(zip(parts, pair_of.tolist(), strict=True)):
        groups.setdefault(key, []).append(row)
    total_rows = np.array([bands[members].sum(axis=0) for members in groups.values()])
    names = list(FUNCTIONS)
    columns = {
        "provider": [providers[pairs[i][0]] for i in pair_of]
        + [providers[pairs[i][0]] for _, i in groups],
        "commissioner": [commissioners[pairs[i][1]] for i in pair_of]
        + [commissioners[pairs[i][1]] for _, i in groups],
        "part": parts + [part for part, _ in groups],
        "function": [names[f] for f in functions] + [rtt.ALL_FUNCTIONS] * len(groups),
    }
    table = _table(columns, np.vstack([bands, total_rows]), month, weeks, counts)
    with duckdb.connect() as con:
        con.register("extract", table)
        con.execute(f"COPY extract TO '{path}' (HEADER, DELIMITER ',')")
    return table.num_rows


Pair = tuple[int, int, float, np.ndarray]


def _pairs(rng: np.random.Generator, providers: int, commissioners: int, wanted: int) -> list[Pair]:
    """(provider, commissioner, typical waiting list per function, functions) per pair."""
    home = rng.integers(0, commissioners, providers)
    out: list[Pair] = []
    seen: set[tuple[int, int]] = set()
    while len(out) < wanted:
        p = int(rng.integers(0, providers))
        local = rng.random() < 0.3
        c = (
            int(home[p] + rng.integers(0, 3)) % commissioners
            if local
            else int(rng.integers(0, commissioners))
        )
        if (p, c) in seen:
            continue
        seen.add((p, c))
        size = rng.lognormal(np.log(600 if local else 8), 0.8)
        count = int(np.clip(rng.geometric(0.15), 1, len(FUNCTIONS)))
        out.append((p, c, size, np.sort(rng.choice(len(FUNCTIONS), count, replace=False))))
    return out


def _shares(decay: float, weeks: int) -> np.ndarray:
    """The share of waits in each weeks band: geometric decay, the open band taking the tail."""
    share = np.exp(-np.arange(weeks + 1) / decay)
    share[-1] = share[-1] / (1 - np.exp(-1 / decay))
    return share / share.sum()


def _table(
    columns: dict, bands: np.ndarray, month: dt.date, weeks: int, rng: np.random.Generator
) -> pa.Table:
    n = len(columns["part"])
    part = np.array(columns["part"])
    new_periods = part == "Part_3"
    known = bands.sum(axis=1)
    completed = np.isin(part, ["Part_1A", "Part_1B"])
    unknown = np.where(completed & (rng.random(n) < 0.05), rng.integers(1, 20, n), 0)
    data = {
        rtt.PERIOD: pa.array([period_name(month)] * n),
        "Provider Parent Org Code": pa.array(["Y56"] * n),
        "Provider Parent Name": pa.array(["SYNTHETIC REGION"] * n),
        rtt.PROVIDER: pa.array(columns["provider"]),
        "Provider Org Name": pa.array([f"PROVIDER {code}" for code in columns["provider"]]),
        "Commissioner Parent Org Code": pa.array(["QXX"] * n),
        "Commissioner Parent Name": pa.array(["SYNTHETIC ICB"] * n),
        rtt.COMMISSIONER: pa.array(columns["commissioner"]),
        "Commissioner Org Name": pa.array([f"COMMISSIONER {c}" for c in columns["commissioner"]]),
        rtt.PART: pa.array(part),
        "RTT Part Description": pa.array([rtt.PARTS[p] for p in columns["part"]]),
        rtt.FUNCTION: pa.array(columns["function"]),
        "Treatment Function Name": pa.array(
            [FUNCTIONS.get(f, "Total") for f in columns["function"]]
        ),
    }
    for index, name in enumerate(band_names(weeks)):
        values = bands[:, index]
        data[name] = pa.array(values, mask=(values == 0) | new_periods)
    data[rtt.KNOWN] = pa.array(known, mask=new_periods)
    data[rtt.UNKNOWN_START] = pa.array(unknown, mask=unknown == 0)
    data[rtt.TOTAL_ALL] = pa.array(known + unknown)
    return pa.table(data)
