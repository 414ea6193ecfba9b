"""Build the ltpif-2019 pack's geography.toml from the official lookups and populations.

Usage: python scripts/build_geography.py [DATA_DIR] > PACK/geography.toml
(PACK is src/ltpif/framework/packs/ltpif-2019)

DATA_DIR (default ../shared/data) holds the published files listed in pack.toml:

- nhsd_ccg19_to_stp19_region_lookup_apr2019.csv: the 191 CCGs, 42 STPs and 7 regions of the
  2019 planning round (2019 STP codes and names, region ODS codes and names);
- ons_stp20_to_nhser20_lookup_apr2020.csv and nhsd_stp21_list_with_region.csv: the STPs of
  April 2020 and April 2021 with ONS and ODS codes (region E40 codes, STP ODS codes, later names);
- nhsd_ccg_legacy_to_ccg21_stp21_nhser21_lookup.csv: every legacy CCG code to its 2021 STP,
  which shows the CCGs that moved between STPs on 1 April 2020;
- nhse_gp_practice_weighted_population_target_allocation_stp21_basis2018-19.csv: registered
  (GP_pop) and need-weighted (WP_Overall) populations per GP practice, 2018/19 basis, and
  derived_stp21_registered_population_weighted_population_target_allocation.csv, the same
  summed per 2021 STP.

A 2019 STP's successor is the 2021 STP that holds most of its registered population. Where
the 2019 STP and its successor cover the same CCGs, the population is the successor's row of
the per-STP file; otherwise it is summed over the practices of the 2019 STP's CCGs. The script
checks that both ways agree where both apply, and that the 42 systems add up to the national
total; it prints the totals and the code changes on stderr. Levels and organisation types are
written by hand below: they cite the seeds, not the data.
"""

import csv
import sys
from collections import defaultdict
from pathlib import Path

DATA = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[2] / "shared/data")
LOOKUP19 = "nhsd-ccg19-stp19-region-2019"
LOOKUP20 = "ons-stp20-nhser20-2020"
LIST21 = "nhsd-stp21-list-2021"
LEGACY = "nhsd-ccg-legacy-lookup-2021"
POPULATION = "nhse-weighted-population-2018-19"
BASIS = "2018/19"
BMA, LGA = "000_2385091acb8fa90e.txt", "002_a3e0e46b49bd395b.txt"

# fmt: off
# (id, name, parent, seed, quote)
LEVELS = [
    ("national", "England", None, LGA,
     "publish a national implementation plan by the end of 2019"),
    ("region", "NHS England and NHS Improvement region", "national", LGA,
     "NHSE/I regional teams will be responsible for assuring plans"),
    ("system", "System (STP/ICS)", "region", LGA,
     "providing implementation support at STP/ICS level"),
    ("place", "Place", "system", LGA, "joining up services at PCN, place and system level"),
    ("pcn", "Primary care network (neighbourhood)", "place", BMA,
     "This indicates the importance of PCNs within ICS structures, especially at the "
     "'neighbourhood' level."),
]

# (id, name, level, description, seed, quote)
ORGANISATION_TYPES = [
    ("nhse-regional-team", "NHS England and NHS Improvement regional team", "region",
     "Assures the system plans of its region.", LGA,
     "NHSE/I regional teams will be responsible for assuring plans"),
    ("stp-ics", "Sustainability and transformation partnership / integrated care system",
     "system", "Writes the system's five-year strategy delivery plan.", LGA,
     "Each STP/ICS is required to draw up a 'strategy delivery plan'"),
    ("ccg", "Clinical commissioning group", "place",
     "Statutory commissioner; a system holds one or more CCGs (some CCGs cover the whole "
     "system).", LGA, "In addition to the five-year funding uplift for CCGs"),
    ("trust", "NHS trust or foundation trust", "system", "", LGA,
     "at local level trusts, PCNs and 'other partners'"),
    ("primary-care-network", "Primary care network", "pcn", "", LGA,
     "PCNs will lead on a range of primary and community care priorities"),
    ("gp-practice", "GP practice", "pcn", "Every practice belongs to a PCN.", LGA,
     "Every GP practice was required to join a PCN by 1 July 2019."),
    ("local-authority", "Local authority", "place", "", LGA,
     "contiguous with local authority boundaries"),
    ("health-and-wellbeing-board", "Health and wellbeing board", "place", "", LGA,
     "should be subject to a 'dedicated discussion' at the health and wellbeing board"),
    ("director-of-public-health", "Director of public health", "place", "", BMA,
     "work in close partnerships with regional and local Directors of Public Health"),
    ("cancer-alliance", "Cancer Alliance", "region",
     "Sub-regional: an alliance covers one or more systems of a region.", BMA,
     "Systems will need to work with local Cancer Alliances"),
    ("local-maternity-system", "Local maternity system", "system", "", LGA,
     "Local maternity systems will receive both fair share and targeted funding"),
    ("provider-collaborative", "NHS-led provider collaborative", "region",
     "Manages specialised mental health, learning disability and autism services, usually "
     "for several systems.", BMA,
     "managed through NHS-led provider collaboratives"),
    ("community-provider", "Community health services provider", "place", "", LGA,
     "agreed by community providers, primary care providers"),
    ("primary-care-provider", "Primary care provider", "pcn", "", LGA,
     "agreed by community providers, primary care providers"),
    ("voluntary-sector-partner", "Community and voluntary sector partner", "place", "", LGA,
     "highlighting the importance of local government and the voluntary sector as key "
     "partners"),
]
# fmt: on


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def q(text: str) -> str:
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def whole(x: float) -> str:
    """A population rounded to whole people, written as a TOML float."""
    return f"{round(x)}.0"


class Data:
    """The published files, indexed."""

    def __init__(self) -> None:
        self.ccg19 = rows("nhsd_ccg19_to_stp19_region_lookup_apr2019.csv")
        self.stp20 = {r["STP20CD"]: r for r in rows("ons_stp20_to_nhser20_lookup_apr2020.csv")}
        self.stp21 = {r["stp21cd"]: r for r in rows("nhsd_stp21_list_with_region.csv")}
        legacy = rows("nhsd_ccg_legacy_to_ccg21_stp21_nhser21_lookup.csv")
        self.legacy = {r["ccg_code_legacy"]: r for r in legacy}
        self.practices = rows(
            "nhse_gp_practice_weighted_population_target_allocation_stp21_basis2018-19.csv"
        )
        per_stp = rows(
            "derived_stp21_registered_population_weighted_population_target_allocation.csv"
        )
        self.per_stp21 = {r["STP21ons"]: r for r in per_stp}
        self.region_e40 = {r["NHSER20CDH"]: r["NHSER20CD"] for r in self.stp20.values()}
        assert set(self.stp20) == set(self.stp21), "2020 and 2021 STP codes differ"

        self.stp_of_ccg = {r["ccg19cdh"]: r["stp19cd"] for r in self.ccg19}
        self.systems = {r["stp19cd"]: r for r in self.ccg19}
        self.regions = {r["nhser19cdh"]: r["nhser19nm"] for r in self.ccg19}
        # April 2019 CCGs per 2019 STP and per 2021 STP (through the legacy lookup).
        self.ccgs19, self.ccgs21 = defaultdict(set), defaultdict(set)
        for ccg, stp in self.stp_of_ccg.items():
            self.ccgs19[stp].add(ccg)
            self.ccgs21[self.legacy[ccg]["stp21cd"]].add(ccg)

        # Practices to 2019 STPs. The practice file still has the two Devon CCGs merged into
        # 15N on 1 April 2019 (99P, 99Q): those go through the legacy lookup.
        self.registered, self.weighted = defaultdict(float), defaultdict(float)
        self.overlap = defaultdict(lambda: defaultdict(float))  # 2019 STP → 2021 STP → people
        for p in self.practices:
            ccg = p["CCG"] if p["CCG"] in self.stp_of_ccg else self.legacy[p["CCG"]]["ccg21cdh"]
            stp = self.stp_of_ccg[ccg]
            self.registered[stp] += float(p["GP_pop"])
            self.weighted[stp] += float(p["WP_Overall"])
            self.overlap[stp][p["STP21ons"]] += float(p["GP_pop"])

    def successor(self, code: str) -> str:
        """The 2021 STP that holds most of a 2019 STP's registered population."""
        return max(self.overlap[code], key=self.overlap[code].get)


def static_entries() -> list[str]:
    out = []
    for id_, name, parent, seed, quote in LEVELS:
        out += ["[[level]]", f"id = {q(id_)}", f"name = {q(name)}"]
        out += [f"parent = {q(parent)}"] if parent else []
        out += [f"source.seed = {q(seed)}", f"source.quote = {q(quote)}", ""]
    for id_, name, level, description, seed, quote in ORGANISATION_TYPES:
        out += ["[[organisation_type]]", f"id = {q(id_)}", f"name = {q(name)}"]
        out += [f"level = {q(level)}"]
        out += [f"description = {q(description)}"] if description else []
        out += [f"source.seed = {q(seed)}", f"source.quote = {q(quote)}", ""]
    return out


def region_entries(d: Data) -> list[str]:
    out = []
    for ods, name in sorted(d.regions.items(), key=lambda kv: d.region_e40[kv[0]]):
        code = d.region_e40[ods]
        out += ["[[region]]", f"code = {q(code)}", f"ods = {q(ods)}", f"name = {q(name)}"]
        out += [f"source.publication = {q(LOOKUP19)}"]
        out += [f"source.note = {q(f'ONS code from {LOOKUP20}, matched on the ODS code.')}", ""]
    return out


def history(d: Data, code: str, successor: str) -> list[list[str]]:
    """The later [code, ods, name, valid_from, valid_to] of a 2019 STP, where they changed."""
    later = [
        (d.stp20[successor], "STP20CD", "STP20CDH", "STP20NM", "2020-04-01"),
        (d.stp21[successor], "stp21cd", "stp21cdh", "stp21nm", "2021-04-01"),
    ]
    entries, last = [], (code, d.systems[code]["stp19nm"])
    for row, cd, cdh, nm, since in later:
        if (row[cd], row[nm]) != last:
            if entries:
                entries[-1][4] = "2021-03-31"  # superseded by the 2021 entry
            entries.append([row[cd], row[cdh], row[nm], since, None])
        last = (row[cd], row[nm])
    return entries


def system_entry(d: Data, code: str) -> list[str]:
    s19, successor = d.systems[code], d.successor(code)
    same_ccgs = d.ccgs19[code] == d.ccgs21[successor]
    note = f"ODS code from {LOOKUP20}"
    if successor != code:
        note += f" (successor {successor}, whose ONS code replaced this one on 1 April 2020)"
    if not same_ccgs:
        moved = [
            f"{c} to {d.legacy[c]['stp21cd']}"
            for c in sorted(d.ccgs19[code])
            if d.legacy[c]["stp21cd"] != successor
        ]
        joined = sorted(d.ccgs21[successor] - d.ccgs19[code])
        note += "; on 1 April 2020 CCGs moved out: " + (", ".join(moved) or "none")
        note += "; CCGs moved in: " + (", ".join(joined) or "none")
    if history(d, code, successor):
        note += f". Later codes and names from {LOOKUP20} and {LIST21}"
    if not same_ccgs:
        note += f"; CCG moves from {LEGACY}"
    note += "."
    out = ["[[system]]", f"code = {q(code)}", f"ods = {q(d.stp20[successor]['STP20CDH'])}"]
    out += [f"name = {q(s19['stp19nm'])}", f"region = {q(d.region_e40[s19['nhser19cdh']])}"]
    out += [f"source.publication = {q(LOOKUP19)}", f"source.note = {q(note)}", ""]

    if same_ccgs:
        row = d.per_stp21[successor]
        registered, weighted = float(row["GP_pop"]), float(row["WP_Overall"])
        assert abs(registered - d.registered[code]) < 0.5, code
        assert abs(weighted - d.weighted[code]) < 0.5, code
        pop_note = f"The practice file summed for {successor}, which has the same CCGs."
    else:
        registered, weighted = d.registered[code], d.weighted[code]
        pop_note = (
            f"Summed over the practices of this STP's April 2019 CCGs "
            f"({', '.join(sorted(d.ccgs19[code]))}): its successor {successor} has other CCGs."
        )
    out += ["[system.population]", f"registered = {whole(registered)}"]
    out += [f"need_weighted = {whole(weighted)}", f"basis = {q(BASIS)}"]
    out += [f"source.publication = {q(POPULATION)}", f"source.note = {q(pop_note)}", ""]
    for h_code, h_ods, h_name, valid_from, valid_to in history(d, code, successor):
        out += ["[[system.code_history]]", f"code = {q(h_code)}", f"ods = {q(h_ods)}"]
        out += [f"name = {q(h_name)}", f"valid_from = {valid_from}"]
        out += [f"valid_to = {valid_to}"] if valid_to else []
        out.append("")
    return out


def main() -> None:
    d = Data()
    assert len(d.systems) == 42 and len(d.regions) == 7
    successors = [d.successor(code) for code in d.systems]
    assert len(set(successors)) == 42, "two 2019 STPs share a successor"

    out = ["# Generated by scripts/build_geography.py from ../shared/data: do not edit.", ""]
    out += static_entries() + region_entries(d)
    for code in sorted(d.systems):
        out += system_entry(d, code)
    print("\n".join(out).rstrip())

    national_registered = sum(float(p["GP_pop"]) for p in d.practices)
    national_weighted = sum(float(p["WP_Overall"]) for p in d.practices)
    assert abs(sum(d.registered.values()) - national_registered) < 0.01
    assert abs(sum(d.weighted.values()) - national_weighted) < 0.01
    per_stp_total = sum(float(r["GP_pop"]) for r in d.per_stp21.values())
    assert abs(per_stp_total - national_registered) < 0.5
    log = sys.stderr
    print(f"national registered {national_registered:.2f}", file=log)
    print(f"national need-weighted {national_weighted:.2f}", file=log)
    for code in sorted(d.systems):
        if d.successor(code) != code:
            old, new = d.systems[code]["stp19nm"], d.stp21[d.successor(code)]
            print(f"{code} {old} → {new['stp21cd']} {new['stp21nm']}", file=log)


if __name__ == "__main__":
    main()
