"""The system lead's task list on the plan's overview, and findings that lead straight to the
field that fixes them (issue 19 item 1)."""

from __future__ import annotations

import html
import re

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.planning.models import Membership
from tests.web.conftest import client_for


def test_the_overview_lists_the_plans_parts_with_their_status(lead):
    text = client_for(lead).get(f"/plans/{lead.system_id}/").content.decode()
    tasks = re.findall(r'data-task="([^"]+)" data-status="([^"]+)"', text)
    assert len(tasks) == 17  # the narrative, 7 areas, the senior clinical lead, finance,
    # workforce, digital, estates, footprint, engagement, sign-offs, maturity
    assert dict(tasks)["narrative"] == "completed"
    assert 'class="nhsuk-task-list"' in text
    assert f'href="/plans/{lead.system_id}/narrative/"' in text


def test_every_findings_link_reaches_a_page_with_that_anchor(world):
    failing = sorted(code for code, f in demo_assignments(load_pack()).items() if f)
    checked = 0
    for code in failing[:4]:
        lead = Membership.objects.get(role="system_lead", system_id=code)
        client = client_for(lead)
        text = client.get(f"/plans/{code}/").content.decode()
        links = set(re.findall(r'href="([^"]+)" data-testid="finding-place"', text))
        assert links, code
        pages: dict[str, str] = {}
        for link in sorted(links):
            address, _, anchor = html.unescape(link).partition("#")
            assert address.startswith(f"/plans/{code}/"), link
            if address not in pages:
                response = client.get(address)
                assert response.status_code == 200, address
                pages[address] = response.content.decode()
            if anchor:
                assert f'id="{html.escape(anchor)}"' in pages[address], link
                checked += 1
    assert checked > 0


def test_a_finding_on_a_trajectory_links_to_its_year_input(world):
    # a demo failing writes a trajectory value out of range: its finding links to the input
    pack = load_pack()
    for code in sorted(demo_assignments(pack)):
        lead = Membership.objects.get(role="system_lead", system_id=code)
        text = client_for(lead).get(f"/plans/{code}/").content.decode()
        found = re.search(r'href="(/plans/[^"]+/commitments/[^"/]+/#[^"]+__\d{4}/\d\d)"', text)
        if found:
            return
    raise AssertionError("no trajectory finding linked to its year's input")
