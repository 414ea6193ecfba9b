"""The framework's calendar in the web: stage-aware readiness (issue 13 item 1), deadlines
acted on (item 2) — through the pages, as users do them."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.test import override_settings

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.framework.typed import to_plain
from ltpif.plans.workflow import Status
from ltpif.web.planning.models import AuditEvent, Membership, Plan
from ltpif.web.planning.queries import document
from tests.web.conftest import client_for, date_boxes

ASSIGNMENTS = demo_assignments(load_pack())
COMPLIANT = sorted(code for code, failings in ASSIGNMENTS.items() if not failings)


def _people(system: str) -> dict[str, Membership]:
    plan = Plan.objects.select_related("system").get(system_id=system)
    return {
        "lead": Membership.objects.get(role="system_lead", system_id=system),
        "regional": Membership.objects.get(role="regional_lead", region_id=plan.system.region_id),
    }


def _without_sign_offs(system: str) -> Plan:
    """The plan as it stands before any partner has signed it off (saved as another process
    would, so the page reads it afresh)."""
    plan = Plan.objects.get(system_id=system)
    emptied = dataclasses.replace(document(plan), sign_offs=[])
    Plan.objects.filter(pk=plan.pk).update(
        working=to_plain(emptied), lock_version=plan.lock_version + 1
    )
    return Plan.objects.get(pk=plan.pk)


def test_a_draft_without_sign_offs_can_be_submitted_but_not_a_final_plan(world):
    system = COMPLIANT[6]
    people = _people(system)
    _without_sign_offs(system)
    lead = client_for(people["lead"])
    page = lead.get(f"/plans/{system}/").content.decode()
    assert "Readiness for the draft plan" in page
    assert 'data-testid="stage-judged">Judged for the draft plan.' in page
    assert page.count('data-testid="other-stage">error for the final plan') == 6
    final = lead.post(f"/plans/{system}/actions/submit_final/")
    assert final.status_code == 409
    assert "6 error(s) must be fixed before submission of the final plan." in final.content.decode()
    assert lead.post(f"/plans/{system}/actions/submit_draft/").status_code == 302
    plan = Plan.objects.get(system_id=system)
    assert (plan.status, plan.versions.order_by("-number").first().kind) == (
        Status.DRAFT_SUBMITTED,
        "draft",
    )
    after = lead.get(f"/plans/{system}/").content.decode()
    assert "Readiness for the final plan" in after
    assert "6 errors found by assurance." in after  # submitted: no advice to submit


AFTER_DRAFT_DEADLINE = "2019-09-30"  # 3 days after 27 September 2019


def test_every_plan_shows_its_next_deadline_and_days_left(world):
    system = COMPLIANT[7]
    lead = client_for(_people(system)["lead"])
    page = lead.get(f"/plans/{system}/").content.decode()  # the tests' today: 16 September 2019
    assert "Draft plan by 27 September 2019" in page
    assert "11 days left" in page
    assert 'data-testid="overdue"' not in page
    with override_settings(LTPIF_TODAY=AFTER_DRAFT_DEADLINE):
        late = lead.get(f"/plans/{system}/").content.decode()
    assert 'data-testid="overdue">Overdue</strong> 3 days overdue' in late


def test_a_late_submission_needs_a_reason_and_is_recorded_as_late(world):
    system = COMPLIANT[8]
    lead = client_for(_people(system)["lead"])
    plan = Plan.objects.get(system_id=system)
    versions, events = plan.versions.count(), AuditEvent.objects.filter(plan=plan).count()
    with override_settings(LTPIF_TODAY=AFTER_DRAFT_DEADLINE):
        form = lead.get(f"/plans/{system}/actions/submit_draft/").content.decode()
        assert "The draft plan was due by 27 September 2019: why is it submitted late?" in form
        refused = lead.post(f"/plans/{system}/actions/submit_draft/", {"late_reason": "  "})
        assert refused.status_code == 400
        assert (
            "The draft plan was due by 27 September 2019: say why it is submitted late"
            in refused.content.decode()
        )
        plan.refresh_from_db()
        assert (plan.status, plan.versions.count()) == (Status.DRAFTING, versions)
        assert AuditEvent.objects.filter(plan=plan).count() == events
        done = lead.post(
            f"/plans/{system}/actions/submit_draft/",
            {"late_reason": "The board met on 26 September."},
        )
    assert done.status_code == 302
    version = plan.versions.order_by("-number").first()
    assert (version.kind, version.late_against, version.late_reason) == (
        "draft",
        dt.date(2019, 9, 27),
        "The board met on 26 September.",
    )
    event = AuditEvent.objects.filter(plan=plan, action="submit_draft").get()
    assert event.summary == "Submit draft plan (late: due by 27 September 2019)"
    assert event.after["late_reason"] == "The board met on 26 September."
    versions_page = lead.get(f"/plans/{system}/versions/").content.decode()
    assert 'data-testid="late">Late</strong> (due by 27 September 2019)' in versions_page


def test_an_on_time_submission_asks_no_reason(world):
    system = COMPLIANT[9]
    lead = client_for(_people(system)["lead"])
    with override_settings(LTPIF_TODAY="2019-09-27"):  # the deadline itself
        assert "why is it submitted late" not in lead.get(
            f"/plans/{system}/actions/submit_draft/"
        ).content.decode("utf-8")
        assert lead.post(f"/plans/{system}/actions/submit_draft/").status_code == 302
    version = Plan.objects.get(system_id=system).versions.order_by("-number").first()
    assert (version.late_against, version.late_reason) == (None, "")


def test_a_regional_lead_extends_a_deadline_with_a_reason(world):
    system = COMPLIANT[10]
    people = _people(system)
    regional = client_for(people["regional"])
    plan = Plan.objects.get(system_id=system)
    bad = regional.post(
        f"/plans/{system}/extension/",
        {"stage": "draft", **date_boxes("until", "2019-09-20"), "reason": ""},
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "An extension is later than the deadline, 27 September 2019" in text
    assert "Say why the deadline is extended" in text
    assert not plan.extensions.exists()
    granted = regional.post(
        f"/plans/{system}/extension/",
        {"stage": "draft", **date_boxes("until", "2019-10-04"), "reason": "Council elections."},
    )
    assert granted.status_code == 302
    event = AuditEvent.objects.filter(plan=plan, action="grant_extension").get()
    assert event.actor == people["regional"].user
    assert event.before == {"stage": "draft", "until": "2019-09-27"}
    assert event.after == {"stage": "draft", "until": "2019-10-04", "reason": "Council elections."}
    lead = client_for(people["lead"])
    with override_settings(LTPIF_TODAY=AFTER_DRAFT_DEADLINE):
        page = lead.get(f"/plans/{system}/").content.decode()
        assert "Draft plan by 4 October 2019 (extended)" in page
        assert "4 days left" in page
        # within the extension a submission is on time: no reason asked
        assert lead.post(f"/plans/{system}/actions/submit_draft/").status_code == 302
    assert plan.versions.order_by("-number").first().late_against is None
    # a draft already in cannot be extended
    again = regional.post(
        f"/plans/{system}/extension/",
        {"stage": "draft", **date_boxes("until", "2019-10-11"), "reason": "More time."},
    )
    assert again.status_code == 400
    assert "The draft plan is already submitted: nothing to extend" in again.content.decode()


def test_only_the_region_s_lead_grants_extensions(world):
    system = COMPLIANT[11]
    lead = client_for(_people(system)["lead"])
    form = {"stage": "draft", **date_boxes("until", "2019-10-04"), "reason": "Please."}
    assert lead.post(f"/plans/{system}/extension/", form).status_code == 403
    assert not Plan.objects.get(system_id=system).extensions.exists()


def test_the_dashboards_count_the_overdue_plans(world):
    national = client_for(Membership.objects.filter(role="national").first())
    on_time = national.get("/national/").content.decode()
    assert 'data-testid="overdue-count">0</strong>' in on_time
    drafting = Plan.objects.filter(status=Status.DRAFTING)
    with override_settings(LTPIF_TODAY=AFTER_DRAFT_DEADLINE):
        late = national.get("/national/").content.decode()
        filtered = national.get("/national/?overdue=yes").content.decode()
        region = drafting.first().system.region
        regional = client_for(Membership.objects.get(role="regional_lead", region=region))
        region_page = regional.get(f"/regions/{region.code}/").content.decode()
    assert f'data-testid="overdue-count">{drafting.count()}</strong>' in late
    assert filtered.count('data-testid="overdue">Overdue') == drafting.count()
    in_region = drafting.filter(system__region=region).count()
    assert f'data-testid="overdue-count">{in_region}</strong> overdue' in region_page


def test_the_home_tasks_show_each_plan_s_deadline(world):
    system = COMPLIANT[7]
    lead = client_for(_people(system)["lead"])
    with override_settings(LTPIF_TODAY=AFTER_DRAFT_DEADLINE):
        home = lead.get("/").content.decode()
    tasks = home.split('data-testid="tasks"', 1)[1].split("</table>", 1)[0]
    assert "Draft plan by 27 September 2019" in tasks
    assert 'data-testid="overdue">Overdue</strong> 3 days overdue' in tasks


def test_the_dashboards_show_an_extension_and_a_submission_made_since_they_were_read(world):
    """What the dashboards keep of each plan's extensions and submissions is read again when
    one is granted or made."""
    system = COMPLIANT[12]
    people = _people(system)
    region = Plan.objects.get(system_id=system).system.region_id
    readers = {
        "/national/": client_for(Membership.objects.filter(role="national").first()),
        f"/regions/{region}/": client_for(people["regional"]),
    }

    def rows() -> list[str]:
        with override_settings(LTPIF_TODAY=AFTER_DRAFT_DEADLINE):
            pages = [who.get(url).content.decode() for url, who in readers.items()]
        return [p.split(f'data-system="{system}"')[1].split("</tr>")[0] for p in pages]

    for row in rows():
        assert "Draft plan by 27 September 2019:" in row and "Overdue" in row
        assert "Not submitted" in row
    form = {"stage": "draft", **date_boxes("until", "2019-10-04"), "reason": "Elections."}
    assert (
        client_for(people["regional"]).post(f"/plans/{system}/extension/", form).status_code == 302
    )
    for row in rows():
        assert "Draft plan by 4 October 2019 (extended):" in row and "Overdue" not in row
    with override_settings(LTPIF_TODAY=AFTER_DRAFT_DEADLINE):
        lead = client_for(people["lead"])
        assert lead.post(f"/plans/{system}/actions/submit_draft/").status_code == 302
    for row in rows():
        assert "(draft submission)" in row and "Not submitted" not in row
