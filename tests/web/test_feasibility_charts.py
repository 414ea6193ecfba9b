"""The Feasibility tab's charts (issue 14 item 4) and its capacity what-if (item 6): each chart's
CSV holds exactly its table's numbers, and both are what the plan's own numbers give by hand."""

from __future__ import annotations

import csv
import io
import re
from itertools import pairwise

import pytest

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.planning.models import Membership, Plan
from tests.web.conftest import client_for

OTHER_REMOVALS_SHARE = 0.17  # the pack's waiting-list-feasible rule (rules.toml)
SLUGS = ("projection", "capacity", "finance", "finance-bridge", "workforce")


def _system(failing: str | None = None) -> str:
    assigned = demo_assignments(load_pack())
    if failing is None:
        return next(code for code, failings in sorted(assigned.items()) if not failings)
    return next(code for code, failings in sorted(assigned.items()) if failing in failings)


def _national():
    return client_for(Membership.objects.get(role="national"))


def _csv(client, system: str, slug: str) -> tuple[list[str], list[list[str]]]:
    response = client.get(f"/plans/{system}/feasibility/{slug}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'{system}-{slug}.csv"' in response["Content-Disposition"]
    header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
    return header, rows


def _table(html: str, slug: str) -> list[list[str]]:
    """A chart's table: each body row's cells without commas, £ and m, — as empty."""
    table = html.split(f'data-testid="table-{slug}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody", 1)[1]
    out = []
    for row in body.split("<tr")[1:]:
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
        out.append([_plain(cell) for cell in cells])
    return out


def _plain(cell: str) -> str:
    cell = cell.replace(",", "").replace("£", "")
    cell = (
        cell[:-1]
        if cell.endswith("m") and cell[:-1].replace(".", "").lstrip("-").isdigit()
        else cell
    )
    return "" if cell == "—" else cell


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return float(a) == float(b)
    except ValueError:
        return False


def _values(working: dict) -> dict[str, dict[str, float]]:
    return {
        t["metric"]: t.get("values", {}) for c in working["commitments"] for t in c["trajectories"]
    }


@pytest.mark.parametrize("slug", SLUGS)
def test_each_chart_csv_is_its_table(world, slug):
    system = _system()
    client = _national()
    html = client.get(f"/plans/{system}/feasibility/").content.decode()
    assert f'data-testid="chart-{slug}"' in html
    assert f'href="/plans/{system}/feasibility/{slug}.csv"' in html
    header, rows = _csv(client, system, slug)
    table = _table(html, slug)
    assert len(rows) == len(table) > 0
    for row, shown in zip(rows, table, strict=True):
        assert len(row) == len(header) == len(shown)
        assert all(_same(a, b) for a, b in zip(row, shown, strict=True)), (row, shown)
    if slug != "finance-bridge":
        assert "<svg" in html.split(f'data-testid="chart-{slug}"', 1)[1].split("</section>")[0]


def test_the_capacity_csv_by_hand(world):
    """Needed = referrals × (1 − 0.17) + last year's list − this year's; shortfall when the
    planned completions are below it."""
    system = _system("list-outruns-capacity")
    values = _values(Plan.objects.get(system_id=system).working)
    sizes, referred, done = (
        values[m] for m in ("rtt-waiting-list", "rtt-referrals", "rtt-completed-pathways")
    )
    header, rows = _csv(_national(), system, "capacity")
    by_year = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    for before, year in pairwise(sorted(sizes)):
        demand = referred[year] * (1 - OTHER_REMOVALS_SHARE)
        needed = demand + sizes[before] - sizes[year]
        row = by_year[year]
        assert int(row["needed"]) == round(needed)
        assert int(row["planned"]) == round(done[year])
        assert int(row["shortfall"]) == round(max(0, needed - done[year]))
    assert any(int(row["shortfall"]) > 0 for row in by_year.values())


def test_the_projection_chains_from_the_first_years_list(world):
    """Each year's list the capacity leaves: last year's (from the first year's planned list)
    plus referrals less 17% and the completions; the band's median lies near it."""
    system = _system("list-outruns-capacity")
    values = _values(Plan.objects.get(system_id=system).working)
    sizes, referred, done = (
        values[m] for m in ("rtt-waiting-list", "rtt-referrals", "rtt-completed-pathways")
    )
    years = sorted(sizes)
    header, rows = _csv(_national(), system, "projection")
    size = sizes[years[0]]
    for year, row in zip(years[1:], rows, strict=True):
        size = size + referred[year] * (1 - OTHER_REMOVALS_SHARE) - done[year]
        got = dict(zip(header, row, strict=True))
        assert got["year"] == year and abs(int(got["list_the_capacity_leaves"]) - size) <= 1
        if got["simulated_median"]:
            low, mid, high = (
                int(got[k]) for k in ("simulated_low", "simulated_median", "simulated_high")
            )
            assert low <= mid <= high
            assert abs(mid - size) < 0.05 * size


def test_the_projection_band_is_seeded(world):
    system = _system("list-outruns-capacity")
    client = _national()
    assert _csv(client, system, "projection") == _csv(client, system, "projection")


def test_the_finance_bridge_adds_up(world):
    system = _system()
    doc = Plan.objects.get(system_id=system).working
    orgs = doc["finance"]["organisations"]
    years = sorted(orgs[0]["years"])
    income = {y: sum(o["years"][y]["income"] for o in orgs) for y in years}
    spent = {y: sum(o["years"][y]["expenditure"] for o in orgs) for y in years}
    _, rows = _csv(_national(), system, "finance-bridge")
    amounts = [float(row[1]) for row in rows]
    assert amounts[0] == pytest.approx(income[years[0]] - spent[years[0]], abs=0.001)
    assert amounts[1] == pytest.approx(income[years[-1]] - income[years[0]], abs=0.001)
    assert amounts[2] == pytest.approx(-(spent[years[-1]] - spent[years[0]]), abs=0.001)
    assert amounts[3] == pytest.approx(amounts[0] + amounts[1] + amounts[2], abs=0.003)


def test_the_workforce_index_by_hand(world):
    system = _system("staff-shrink")
    doc = Plan.objects.get(system_id=system).working
    years = sorted(doc["workforce"][0]["wte"])
    wte = {y: sum(g["wte"][y] for g in doc["workforce"]) for y in years}
    header, rows = _csv(_national(), system, "workforce")
    last = dict(zip(header, rows[-1], strict=True))
    assert float(last["wte_index"]) == round(
        100 * round(wte[years[-1]], 1) / round(wte[years[0]], 1), 1
    )
    assert float(last["wte_index"]) < 100 < float(last["activity_index"])


def test_an_unknown_chart_is_not_found(world):
    assert _national().get(f"/plans/{_system()}/feasibility/nothing.csv").status_code == 404


def test_the_capacity_what_if_moves_the_list_and_saves_nothing(world):
    """Completions 10,000 lower in the last year: the list that year 10,000 longer."""
    system = _system()
    plan = Plan.objects.get(system_id=system)
    before_doc = plan.working
    values = _values(before_doc)
    done = values["rtt-completed-pathways"]
    years = sorted(values["rtt-waiting-list"])[1:]
    client = _national()
    page = client.get(f"/plans/{system}/feasibility/what-if/").content.decode()
    assert f'value="{done[years[-1]]:g}"' in page
    form = {f"completions__{y}": f"{done[y]:g}" for y in years}
    form[f"completions__{years[-1]}"] = f"{done[years[-1]] - 10000:g}"
    html = client.post(f"/plans/{system}/feasibility/what-if/", form).content.decode()
    row = html.split(f'data-year="{years[-1]}"', 1)[1].split("</tr>", 1)[0]
    before = int(re.search(r'list-before">([\d,]+)<', row).group(1).replace(",", ""))
    after = int(re.search(r'list-after">([\d,]+)<', row).group(1).replace(",", ""))
    assert after - before == 10000
    assert "Not saved" in html
    plan.refresh_from_db()
    assert plan.working == before_doc


def test_the_capacity_what_if_names_a_bad_year(world):
    system = _system()
    years = sorted(_values(Plan.objects.get(system_id=system).working)["rtt-waiting-list"])[1:]
    response = _national().post(
        f"/plans/{system}/feasibility/what-if/",
        {f"completions__{years[0]}": "lots", f"completions__{years[1]}": "0"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert f'href="#completions__{years[0]}"' in html
    assert f"Completed pathways in {years[1]} must be at least 1" in html


def test_another_regions_lead_may_not_try_capacity(world):
    lead = Membership.objects.filter(role="system_lead").select_related("system").first()
    other = Plan.objects.exclude(system__region=lead.system.region).first()
    url = f"/plans/{other.system_id}/feasibility/what-if/"
    assert client_for(lead).post(url, {}).status_code == 403
    assert (
        client_for(lead).get(f"/plans/{other.system_id}/feasibility/workforce.csv").status_code
        == 403
    )
