"""The whole plan editable on the web (issue 19 item 3): each part of the plan has one form
(milestones of a commitment, finance by organisation, workforce, digital, estates, footprint,
landscape changes), drawn from the plan's own records and checked by the plan file's own
validation; each save is one audited change of the working copy under optimistic locking."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from ltpif.framework.typed import to_plain
from ltpif.web.planning.models import AuditEvent, Plan
from ltpif.web.planning.queries import document
from tests.web.conftest import client_for

COMMITMENT = "provider-digitisation"
URLS = {
    "milestones": "/plans/{system}/commitments/provider-digitisation/milestones/",
    "finance": "/plans/{system}/parts/finance/",
    "workforce": "/plans/{system}/parts/workforce/",
    "digital": "/plans/{system}/parts/digital/",
    "estates": "/plans/{system}/parts/estates/",
    "footprint": "/plans/{system}/parts/footprint/",
    "landscape": "/plans/{system}/parts/landscape/",
    "clinical-lead": "/plans/{system}/parts/clinical-lead/",
}


class _Form(HTMLParser):
    """The fields of the form `data-testid="part-form"` as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.inside = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("data-testid") == "part-form"
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.fields[a["name"]] = a.get("value", "on")
            else:
                self.fields[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self.select = a["name"]
            self.fields.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in a:
            self.fields[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.fields[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


def form_of(html: str) -> dict[str, str]:
    parser = _Form()
    parser.feed(html)
    # a textarea's first newline is not part of its value (HTML's parsing rule)
    return {k: v[1:] if v.startswith("\n") else v for k, v in parser.fields.items()}


def _part(doc, part: str):
    """The part's records in the plan, as the plan file writes them."""
    if part == "milestones":
        return to_plain(doc.commitment_plan(COMMITMENT)[1].milestones)
    attribute = {"landscape": "landscape_changes", "clinical-lead": "clinical_lead"}.get(part, part)
    return to_plain(getattr(doc, attribute))


def _open(lead, part):
    client = client_for(lead)
    url = URLS[part].format(system=lead.system_id)
    response = client.get(url)
    assert response.status_code == 200
    return client, url, form_of(response.content.decode())


@pytest.mark.parametrize("part", list(URLS))
def test_the_form_as_shown_saves_the_plan_unchanged_and_audits_it(lead, part):
    """Every value the form shows goes back as it was: the form and the records agree."""
    plan = Plan.objects.get(system_id=lead.system_id)
    before = _part(document(plan), part)
    client, url, form = _open(lead, part)
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan.refresh_from_db()
    assert _part(document(plan), part) == before
    event = AuditEvent.objects.filter(plan=plan).first()
    assert event.action == f"update_{part.replace('-', '_')}"


# a change typed into the form → what the plan then holds, worked out by hand
def test_workforce_a_value_changed_a_group_added_and_one_removed(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    groups = document(plan).workforce
    client, url, form = _open(lead, "workforce")
    new = len(groups)  # the blank row for a new group
    form["workforce[0].wte.2020/21"] = "9,000.5"
    form["workforce[1].remove"] = "yes"
    form[f"workforce[{new}].staff_group"] = "Pharmacists"
    form[f"workforce[{new}].wte.2019/20"] = "120"
    form[f"workforce[{new}].wte.2020/21"] = "130"
    assert client.post(url, form).status_code == 302
    after = document(Plan.objects.get(pk=plan.pk)).workforce
    assert [g.staff_group for g in after] == [
        groups[0].staff_group,
        *(g.staff_group for g in groups[2:]),
        "Pharmacists",
    ]
    assert after[0].wte["2020/21"] == 9000.5
    assert after[-1].wte == {"2019/20": 120.0, "2020/21": 130.0}
    event = AuditEvent.objects.filter(plan=plan).first()
    assert event.summary == "Workforce changed"
    assert event.before[1]["staff_group"] == groups[1].staff_group
    assert event.after[-1] == {
        "staff_group": "Pharmacists",
        "wte": {"2019/20": 120.0, "2020/21": 130.0},
        "pay_cost": {},  # its pay bill left blank
    }


def test_finance_an_organisation_added_with_two_years(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    count = len(document(plan).finance.organisations)
    client, url, form = _open(lead, "finance")
    at = f"organisations[{count}]"
    form |= {
        f"{at}.code": "RXX",
        f"{at}.name": "Example Community Trust",
        f"{at}.kind": "provider",
        f"{at}.years.2019/20.income": "100",
        f"{at}.years.2019/20.expenditure": "99.5",
        f"{at}.years.2020/21.income": "104",
        f"{at}.years.2020/21.expenditure": "103",
        f"{at}.years.2020/21.capital": "2.25",
    }
    form["organisations[0].years.2019/20.income"] = "4,321"
    assert client.post(url, form).status_code == 302
    orgs = document(Plan.objects.get(pk=plan.pk)).finance.organisations
    assert orgs[0].years["2019/20"].income == 4321.0
    added = orgs[-1]
    assert (added.code, added.name, added.kind) == ("RXX", "Example Community Trust", "provider")
    assert sorted(added.years) == ["2019/20", "2020/21"]
    assert (added.years["2019/20"].income, added.years["2019/20"].expenditure) == (100.0, 99.5)
    assert added.years["2020/21"].capital == 2.25
    assert added.years["2019/20"].capital is None


def test_milestones_a_local_one_added_with_its_date_and_evidence(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    before = document(plan).commitment_plan(COMMITMENT)[1].milestones
    client, url, form = _open(lead, "milestones")
    at = f"milestones[{len(before)}]"
    form |= {
        f"{at}.date-day": "31",
        f"{at}.date-month": "3",
        f"{at}.date-year": "2021",
        f"{at}.description": "Every trust's records on one platform",
        f"{at}.evidence": "Board paper, March 2021",
    }
    assert client.post(url, form).status_code == 302
    after = document(Plan.objects.get(pk=plan.pk)).commitment_plan(COMMITMENT)[1].milestones
    added = after[-1]
    assert str(added.date) == "2021-03-31"
    assert (added.milestone, added.evidence) == (None, "Board paper, March 2021")
    assert to_plain(after[: len(before)]) == to_plain(before)


@pytest.mark.parametrize(
    ("part", "changes", "expected"),
    [
        (
            "digital",
            {"item": "Patient portal", "description": "Online access.", "by": "2022/23"},
            {"item": "Patient portal", "description": "Online access.", "by": "2022/23"},
        ),
        (
            "estates",
            {"scheme": "New hub", "capital": "12.5", "by": "2021/22"},
            {"scheme": "New hub", "capital": 12.5, "by": "2021/22"},
        ),
        (
            "landscape",
            {"kind": "merger", "description": "Two CCGs merge.", "organisations": "A CCG\nB CCG\n"},
            {
                "kind": "merger",
                "description": "Two CCGs merge.",
                "organisations": ["A CCG", "B CCG"],
            },
        ),
    ],
)
def test_a_row_added(lead, part, changes, expected):
    plan = Plan.objects.get(system_id=lead.system_id)
    before = _part(document(plan), part)
    client, url, form = _open(lead, part)
    key = {"landscape": "landscape_changes"}.get(part, part)
    form |= {f"{key}[{len(before)}].{k}": v for k, v in changes.items()}
    assert client.post(url, form).status_code == 302
    after = _part(document(Plan.objects.get(pk=plan.pk)), part)
    assert after[:-1] == before
    assert {k: after[-1].get(k) for k in expected} == expected


def test_the_footprint_and_a_change_asked_for(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    client, url, form = _open(lead, "footprint")
    form |= {
        "ccgs": "NHS North CCG\n\nNHS South CCG",
        "local_authorities": "North Council",
        "change_request.date-day": "1",
        "change_request.date-month": "10",
        "change_request.date-year": "2019",
        "change_request.description": "South CCG to join the neighbouring system.",
    }
    assert client.post(url, form).status_code == 302
    footprint = document(Plan.objects.get(pk=plan.pk)).footprint
    assert footprint.ccgs == ["NHS North CCG", "NHS South CCG"]
    assert footprint.local_authorities == ["North Council"]
    assert str(footprint.change_request.date) == "2019-10-01"


def test_the_plan_s_senior_clinical_lead_named_from_the_task_list(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    client, url, form = _open(lead, "clinical-lead")
    overview = client.get(f"/plans/{lead.system_id}/").content.decode()
    assert f'href="/plans/{lead.system_id}/parts/clinical-lead/"' in overview
    form |= {"name": "Dr Ada Okafor", "role": "Medical director, North Trust"}
    response = client.post(url, form)
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{lead.system_id}/#task-clinical-lead"
    lead_now = document(Plan.objects.get(pk=plan.pk)).clinical_lead
    assert (lead_now.name, lead_now.role) == ("Dr Ada Okafor", "Medical director, North Trust")
    event = AuditEvent.objects.filter(plan=plan).first()
    assert event.action == "update_clinical_lead"
    assert event.after == {"name": "Dr Ada Okafor", "role": "Medical director, North Trust"}


# bad input → the field it is shown at, and words of its message; nothing saved
W, ORG, M = "workforce[0]", "organisations[0]", "milestones[0]"
BAD = [
    ("workforce", {f"{W}.wte.2020/21": "lots"}, f"{W}.wte.2020/21", "2020/21"),
    ("workforce", {f"{W}.wte.2020/21": "-5"}, f"{W}.wte.2020/21", "negative"),
    ("workforce", {f"{W}.staff_group": ""}, f"{W}.staff_group", "Enter the staff group"),
    (
        "finance",
        {f"{ORG}.years.2019/20.income": ""},
        f"{ORG}.years.2019/20.income",
        "Enter the income for 2019/20",
    ),
    (
        "finance",
        {"organisations[1].code": "SAME", f"{ORG}.code": "SAME"},
        "organisations[1].code",
        "given more than once",
    ),
    ("finance", {f"{ORG}.kind": ""}, f"{ORG}.kind", "Select the kind of organisation"),
    ("finance", {f"{ORG}.years.2019/20.capital": "-1"}, f"{ORG}.years.2019/20.capital", ""),
    (
        "milestones",
        {f"{M}.date-day": "31", f"{M}.date-month": "2"},
        f"{M}.date",
        "The date must be a real date, like 27 9 2019",
    ),
    ("milestones", {f"{M}.date-month": ""}, f"{M}.date", "The date must include a month"),
    ("milestones", {f"{M}.date-year": "2031"}, f"{M}.date", "outside the plan period"),
    ("milestones", {f"{M}.date-year": "19"}, f"{M}.date", "The year must include 4 numbers"),
    (
        "footprint",
        {"change_request.description": "Move a CCG."},
        "change_request.date",
        "Enter a date, like 27 9 2019",
    ),
    (
        "landscape",
        {"landscape_changes[0].description": "A merger.", "landscape_changes[0].kind": ""},
        "landscape_changes[0].kind",
        "Select the kind",
    ),
    ("clinical-lead", {"name": " "}, "name", "Enter the full name"),
]


@pytest.mark.parametrize(("part", "changes", "field", "words"), BAD, ids=[b[2] for b in BAD])
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(lead, part, changes, field, words):
    plan = Plan.objects.get(system_id=lead.system_id)
    before = (plan.lock_version, plan.working)
    client, url, form = _open(lead, part)
    response = client.post(url, {**form, **changes})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert f'href="#{field}"' in body, body[body.find("nhsuk-error-summary") :][:1500]
    assert f'id="{field}-error"' in body
    assert words in body
    assert f'id="{field}"' in body  # the link lands on the field (a date's day box)
    plan.refresh_from_db()
    assert (plan.lock_version, plan.working) == before


@pytest.mark.parametrize("part", ["workforce", "milestones"])
def test_a_save_after_someone_else_s_shows_both_values_and_lets_the_planner_choose(lead, part):
    plan = Plan.objects.get(system_id=lead.system_id)
    client, url, mine = _open(lead, part)
    _, _, theirs = _open(lead, part)
    field = {
        "workforce": "workforce[0].wte.2019/20",
        "milestones": "milestones[0].evidence",
    }[part]
    theirs[field] = "31415"
    assert client.post(url, theirs).status_code == 302  # they save first
    mine[field] = "27182"
    conflict = client.post(url, mine)
    assert conflict.status_code == 409
    body = conflict.content.decode()
    assert 'data-testid="conflict"' in body and "after you opened it. Nothing was saved" in body
    assert f'id="{field}-error"' in body
    assert "Theirs: 31415. Yours: 27182." in body
    assert 'data-testid="keep-theirs"' in body and 'data-testid="use-mine"' in body
    plan.refresh_from_db()
    saved = str(_part(document(plan), part))
    assert "31415" in saved and "27182" not in saved
    # "use mine": the form as shown again, with the plan's new lock version, saves
    use_mine = form_of(body)
    assert use_mine[field] == "27182"
    assert client.post(url, use_mine).status_code == 302
    plan.refresh_from_db()
    assert "27182" in str(_part(document(plan), part))


def test_the_infrastructure_tab_and_the_commitment_link_to_the_forms(lead):
    client = client_for(lead)
    system = lead.system_id
    tab = client.get(f"/plans/{system}/infrastructure/").content.decode()
    for part in ("finance", "workforce", "digital", "estates"):
        assert f'href="/plans/{system}/parts/{part}/"' in tab
    engagement = client.get(f"/plans/{system}/engagement/").content.decode()
    for part in ("footprint", "landscape"):
        assert f'href="/plans/{system}/parts/{part}/"' in engagement
    commitment = client.get(f"/plans/{system}/commitments/{COMMITMENT}/").content.decode()
    assert f'href="/plans/{system}/commitments/{COMMITMENT}/milestones/"' in commitment


def test_the_task_list_links_to_each_part_s_form(lead):
    page = client_for(lead).get(f"/plans/{lead.system_id}/").content.decode()
    for part in ("finance", "workforce", "digital", "footprint"):
        assert f'href="/plans/{lead.system_id}/parts/{part}/"' in page


def test_a_partner_reads_the_form_but_cannot_save_it(scene):
    own, _, members = scene
    client = client_for(members["partner"])
    url = URLS["workforce"].format(system=own.code)
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="read-only"' in page.content.decode()
    plan = Plan.objects.get(system=own)
    response = client.post(url, {"lock_version": plan.lock_version})
    assert response.status_code == 403


def test_an_unknown_part_or_commitment_is_not_found(lead):
    client = client_for(lead)
    assert client.get(f"/plans/{lead.system_id}/parts/spaceships/").status_code == 404
    assert client.get(f"/plans/{lead.system_id}/commitments/none/milestones/").status_code == 404


def _listed(client, lead, query: str) -> list[str]:
    import re

    page = client.get(f"/plans/{lead.system_id}/commitments/?{query}").content.decode()
    return re.findall(r'<tr class="nhsuk-table__row" id="commitment-([^"]+)"', page)


def test_the_commitments_are_filtered_by_area_status_kind_and_words(lead):
    """A GET form: each filter narrows the list to what matches, worked out from the pack."""
    from ltpif.framework.loader import load_pack

    pack = load_pack()
    client = client_for(lead)
    everything = _listed(client, lead, "")
    assert len(everything) == len(pack.commitments)
    digital = {c.id for a in pack.areas if a.area.area == "digital" for c in a.area.commitment}
    assert set(_listed(client, lead, "area=digital")) == digital
    foundational = {c.id for c in pack.commitments if c.kind == "foundational"}
    assert set(_listed(client, lead, "kind=foundational")) == foundational
    assert set(_listed(client, lead, "kind=local")) == set(everything) - foundational
    both = _listed(client, lead, "area=digital&kind=foundational")
    assert set(both) == digital & foundational
    # words: every word in the title or summary, in any case ("Stroke care" is the one
    # commitment of the pack that mentions strokes)
    assert _listed(client, lead, "q=STROKE+care") == ["stroke"]
    assert _listed(client, lead, "q=no+such+words+anywhere") == []
    # a status no commitment of a compliant plan has; an unknown value is ignored
    assert _listed(client, lead, "status=red") == []
    assert _listed(client, lead, "status=purple") == everything
    page = client.get(f"/plans/{lead.system_id}/commitments/?area=digital").content.decode()
    assert f"{len(digital)} of {len(everything)} commitments match." in page
    assert 'data-testid="clear-filters"' in page
    assert '<option value="digital" selected>' in page


def test_engagement_and_sign_off_dates_are_typed_in_the_nhs_date_input(scene):
    """The partner's forms: a date that is not one is refused at its boxes, in plain words."""
    from ltpif.web.signoffs.actions import signing_fields

    own, _, members = scene
    client = client_for(members["partner"])
    plan = Plan.objects.get(system=own)
    before = plan.lock_version
    event = {
        "date-day": "31",
        "date-month": "9",
        "date-year": "2019",
        "partner": "health-and-wellbeing-board",
        "partner_name": "",
        "kind": "workshop",
    }
    refused = client.post(f"/plans/{own.code}/engagement/add/", event)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'id="date-error"' in body and "The date must be a real date, like 27 9 2019" in body
    assert 'id="partner_name-error"' in body and "Enter the partner name" in body
    sign = {
        "partner": "local-authority",
        "name": "A council",
        "status": "signed",
        "signed_on-day": "1",
        "signed_on-month": "",
        "signed_on-year": "2019",
        **signing_fields(plan),
    }
    refused = client.post(f"/plans/{own.code}/sign-offs/add/", sign)
    assert refused.status_code == 400
    assert 'id="signed_on-error"' in refused.content.decode()
    assert "The date must include a month" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.lock_version == before
    sign["signed_on-month"] = "10"
    assert client.post(f"/plans/{own.code}/sign-offs/add/", sign).status_code == 302
    plan.refresh_from_db()
    assert str(document(plan).sign_offs[-1].date) == "2019-10-01"


def test_a_conflict_on_the_footprint_names_each_differing_field_once(lead):
    client, url, mine = _open(lead, "footprint")
    _, _, theirs = _open(lead, "footprint")
    theirs["ccgs"] = "NHS Their CCG"
    assert client.post(url, theirs).status_code == 302
    mine["ccgs"] = "NHS My CCG"
    body = client.post(url, mine).content.decode()
    assert body.count("Theirs: NHS Their CCG. Yours: NHS My CCG.") == 2  # the summary, the field
    assert "1 of your values differ" in body
