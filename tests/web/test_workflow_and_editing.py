"""The round's workflow, immutable versions, the audit trail, editing with live assurance,
bad input and concurrent edits — through the pages, as users do them."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.db.models import F

from ltpif.assurance.engine import assure
from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.framework.typed import parse, to_plain
from ltpif.plans.document import Plan as PlanDocument
from ltpif.plans.workflow import Status
from ltpif.web.planning import actions
from ltpif.web.planning.models import AuditEvent, ImmutableError, Membership, Plan, PlanVersion
from ltpif.web.planning.plan_source import WorkingCopies
from ltpif.web.planning.queries import assurance, calendar_today, document
from tests.web.conftest import client_for, date_boxes

ASSIGNMENTS = demo_assignments(load_pack())
COMPLIANT = sorted(code for code, failings in ASSIGNMENTS.items() if not failings)
CRISIS_SHORT = sorted(c for c, f in ASSIGNMENTS.items() if f == ("crisis-coverage-short",))


def _people(system: str) -> dict[str, Membership]:
    plan = Plan.objects.select_related("system").get(system_id=system)
    return {
        "lead": Membership.objects.get(role="system_lead", system_id=system),
        "partner": Membership.objects.get(role="la_partner", system_id=system),
        "regional": Membership.objects.get(role="regional_lead", region_id=plan.system.region_id),
        "national": Membership.objects.get(role="national"),
    }


def _act(member: Membership, system: str, name: str, reasons: str = "") -> int:
    return (
        client_for(member)
        .post(f"/plans/{system}/actions/{name}/", {"reasons": reasons})
        .status_code
    )


def test_the_whole_round(world):
    system = COMPLIANT[0]
    people = _people(system)
    plan = Plan.objects.get(system_id=system)
    assert _act(people["lead"], system, "submit_draft") == 302
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT_SUBMITTED
    draft = plan.versions.order_by("-number").first()
    assert (draft.number, draft.kind, len(draft.sha256)) == (2, "draft", 64)
    assert draft.values.filter(metric="adult-crisis-24-7-coverage").count() == 6

    assert _act(people["regional"], system, "start_review") == 302
    assert _act(people["regional"], system, "agree") == 409  # a draft cannot be agreed
    assert _act(people["regional"], system, "request_changes", "") == 400  # reasons required
    assert _act(people["regional"], system, "request_changes", "Show the 2021 workforce.") == 302
    plan.refresh_from_db()
    assert plan.status == Status.CHANGES_REQUESTED
    assert plan.outstanding == [
        {"kind": "reason", "text": "Show the 2021 workforce.", "version": 2}
    ]

    assert _act(people["lead"], system, "submit_final") == 302
    final = Plan.objects.get(system_id=system).versions.order_by("-number").first()
    assert (final.kind, final.outstanding[0]["text"]) == ("final", "Show the 2021 workforce.")
    assert _act(people["regional"], system, "start_review") == 302
    assert _act(people["regional"], system, "agree", "Deliver the crisis lines by March.") == 302
    plan.refresh_from_db()
    assert plan.status == Status.AGREED
    assert {
        "kind": "condition",
        "text": "Deliver the crisis lines by March.",
        "version": 3,
    } in plan.outstanding
    assert [item["kind"] for item in plan.outstanding] == ["condition"]
    assert _act(people["national"], system, "publish") == 302
    plan.refresh_from_db()
    assert plan.status == Status.PUBLISHED
    actions_done = list(plan.audit.order_by("at", "id").values_list("action", flat=True))
    assert actions_done[-7:] == [
        "submit_draft",
        "start_review",
        "request_changes",
        "submit_final",
        "start_review",
        "agree",
        "publish",
    ]


@pytest.mark.parametrize(
    ("name", "status", "role"),
    [
        ("submit_draft", Status.IN_REVIEW, "lead"),
        ("agree", Status.DRAFTING, "regional"),
        ("publish", Status.IN_REVIEW, "national"),
        ("start_review", Status.DRAFTING, "regional"),
    ],
)
def test_transitions_out_of_order_are_refused(world, name, status, role):
    system = COMPLIANT[1]
    Plan.objects.filter(system_id=system).update(status=status)
    assert _act(_people(system)[role], system, name) == 409
    assert Plan.objects.get(system_id=system).status == status


def test_a_plan_with_errors_cannot_be_submitted(world):
    system = CRISIS_SHORT[0]
    response = client_for(_people(system)["lead"]).post(f"/plans/{system}/actions/submit_draft/")
    assert response.status_code == 409
    assert "error(s) must be fixed before submission" in response.content.decode()
    assert Plan.objects.get(system_id=system).status == Status.DRAFTING


def test_versions_and_the_audit_trail_are_immutable(world):
    version = PlanVersion.objects.first()
    version.kind = "final"
    with pytest.raises(ImmutableError):
        version.save()
    with pytest.raises(ImmutableError):
        version.delete()
    event = AuditEvent.objects.first()
    event.summary = "rewritten"
    with pytest.raises(ImmutableError):
        event.save()
    with pytest.raises(ImmutableError):
        event.delete()


def _trajectory_form(plan: Plan, value_2020: str) -> dict:
    entry = next(c for c in plan.working["commitments"] if c["commitment"] == "adult-crisis-teams")
    trajectory = entry["trajectories"][0]
    form = {"lock_version": plan.lock_version}
    for part, key in (("numerator", "num"), ("denominator", "den")):
        for year, value in trajectory[part].items():
            form[f"adult-crisis-24-7-coverage__{key}__{year}"] = str(value)
    denominator = trajectory["denominator"]["2020/21"]
    form["adult-crisis-24-7-coverage__num__2020/21"] = value_2020.format(den=denominator)
    return form


def test_editing_a_trajectory_updates_assurance_live(world):
    system = CRISIS_SHORT[0]
    lead = _people(system)["lead"]
    client = client_for(lead)
    url = f"/plans/{system}/commitments/adult-crisis-teams/trajectories/"
    plan = Plan.objects.get(system_id=system)
    assert plan.errors == 1
    response = client.post(url, _trajectory_form(plan, "{den}"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="commitment-body"' in body and "<html" not in body  # the partial, for htmx
    assert 'data-testid="no-findings"' in body
    plan.refresh_from_db()
    assert (plan.errors, plan.rag) == (0, "green")
    assert plan.audit.filter(action="update_trajectories").exists()
    # what is stored is the final plan's readiness (the draft's page shows the draft's):
    # counted as the final plan's report counts it, judged afresh here
    assert plan.status == Status.DRAFTING
    saved = parse(PlanDocument, plan.working)
    fresh = assure(load_pack(), saved, today=calendar_today(), stage="final").readiness
    assert (plan.rag, plan.errors, plan.queries) == (fresh.rag, fresh.errors, fresh.queries)


def test_bad_numbers_are_listed_and_nothing_is_saved(world):
    system = COMPLIANT[2]
    plan = Plan.objects.get(system_id=system)
    form = _trajectory_form(plan, "lots")
    form["adult-crisis-24-7-coverage__den__2021/22"] = "12,3.4.5"
    response = client_for(_people(system)["lead"]).post(
        f"/plans/{system}/commitments/adult-crisis-teams/trajectories/", form
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'href="#adult-crisis-24-7-coverage__num__2020/21"' in body
    assert 'href="#adult-crisis-24-7-coverage__den__2021/22"' in body
    assert 'value="lots"' in body  # the user's input is kept
    before = plan.lock_version
    plan.refresh_from_db()
    assert plan.lock_version == before


def test_a_zero_denominator_is_refused_with_its_field(world):
    system = COMPLIANT[2]
    plan = Plan.objects.get(system_id=system)
    form = _trajectory_form(plan, "0")
    form["adult-crisis-24-7-coverage__den__2020/21"] = "0"
    response = client_for(_people(system)["lead"]).post(
        f"/plans/{system}/commitments/adult-crisis-teams/trajectories/", form
    )
    assert response.status_code == 400
    assert "a denominator of zero" in response.content.decode()


def test_the_stored_working_copy_is_the_edited_document_in_full(world):
    """Each save stores the whole document, the commitments it did not edit as they were."""
    system = COMPLIANT[1]
    lead = _people(system)["lead"]
    plan = Plan.objects.get(system_id=system)
    original = document(plan)
    second = original.commitments[1]
    trajectory = {"metric": "adult-crisis-24-7-coverage", "numerator": {"2019/20": 7.0}}
    trajectory |= {"denominator": {"2019/20": 10.0}}
    actions.update_trajectories(
        plan=plan,
        commitment="adult-crisis-teams",
        trajectories=[trajectory],
        lock_version=plan.lock_version,
        by=lead.user,
    )
    actions.update_commitment(
        plan=plan,
        commitment=second.commitment,
        lead_name="",
        lead_role="",
        narrative="Said once.",
        local_justification="",
        lock_version=plan.lock_version,
        by=lead.user,
    )
    stored = Plan.objects.get(pk=plan.pk).working
    expected = to_plain(original)
    entry = next(e for e in expected["commitments"] if e["commitment"] == "adult-crisis-teams")
    kept = [t for t in entry["trajectories"] if t["metric"] != trajectory["metric"]]
    entry["trajectories"] = [*kept, {"values": {}} | trajectory]  # stored in full
    expected["commitments"][1] |= {"narrative": "Said once.", "local_justification": ""}
    expected["commitments"][1].pop("clinical_lead", None)
    assert stored == expected


def test_after_a_save_the_plan_in_hand_is_the_row_saved(world):
    """Saved against the version it was read at, the plan in hand is that read with what the
    save wrote; saved against a newer one (another's save came between), it is read again."""
    system = COMPLIANT[4]
    lead = _people(system)["lead"]
    plan = Plan.objects.get(system_id=system)
    opened = plan.lock_version
    stale = Plan.objects.get(pk=plan.pk)
    narrative = {"lead_name": "", "lead_role": "", "local_justification": "", "by": lead.user}
    actions.update_commitment(
        plan=plan,
        commitment="adult-crisis-teams",
        narrative="First.",
        lock_version=opened,
        **narrative,
    )
    row = Plan.objects.get(pk=plan.pk)
    fields = ("lock_version", "status", "rag", "errors", "queries", "updated_at")
    assert [getattr(plan, f) for f in fields] == [getattr(row, f) for f in fields]
    assert plan.lock_version == opened + 1
    # the lead taken away: a finding more, so the summary in hand is the one just written
    assert (stale.errors, stale.queries) != (row.errors, row.queries)
    actions.update_commitment(
        plan=stale,
        commitment="adult-crisis-teams",
        narrative="Second.",
        lock_version=opened + 1,
        **narrative,
    )
    row = Plan.objects.get(pk=plan.pk)
    assert [getattr(stale, f) for f in fields] == [getattr(row, f) for f in fields]
    assert stale.lock_version == opened + 2


def test_after_a_transition_the_plan_in_hand_is_the_row_written(world):
    """Moved on, the plan in hand is the row as the transition wrote it (not read back); if a
    save came between its reading and the move, its working copy is the one saved."""
    system = COMPLIANT[5]
    people = _people(system)
    plan = Plan.objects.get(system_id=system)
    assert plan.working  # read: kept by the plan in hand
    actions.transition(plan=plan, name="submit_draft", by=people["lead"].user)
    row = Plan.objects.get(pk=plan.pk)
    fields = ("status", "lock_version", "reviewing_final", "outstanding", "updated_at")
    assert [getattr(plan, f) for f in fields] == [getattr(row, f) for f in fields]
    assert plan.status == Status.DRAFT_SUBMITTED
    assert plan.working == row.working
    version = plan.versions.order_by("-number").first()
    assert version.number == 2
    assert version.document == to_plain(document(plan)) == row.working

    actions.transition(plan=plan, name="start_review", by=people["regional"].user)
    stale = Plan.objects.get(pk=plan.pk)
    assert stale.working
    saved = {**row.working, "narrative_note": "written meanwhile"}
    Plan.objects.filter(pk=plan.pk).update(working=saved, lock_version=F("lock_version") + 1)
    actions.transition(
        plan=stale, name="request_changes", reasons="Say more.", by=people["regional"].user
    )
    row = Plan.objects.get(pk=plan.pk)
    assert [getattr(stale, f) for f in fields] == [getattr(row, f) for f in fields]
    assert stale.status == Status.CHANGES_REQUESTED
    assert stale.working == saved


def test_a_plan_moved_on_keeps_its_parsed_document_under_its_new_version(
    world, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """A transition bumps the lock version but leaves the working copy as it was: the document
    parsed for the version read is the new version's too (not fetched and parsed again)."""
    system = COMPLIANT[6]
    plan = Plan.objects.get(system_id=system)
    doc = document(plan)
    with django_capture_on_commit_callbacks(execute=True):
        actions.transition(plan=plan, name="submit_draft", by=_people(system)["lead"].user)
    row = Plan.objects.get(pk=plan.pk)
    assert row.lock_version == plan.lock_version
    with django_assert_num_queries(0):
        assert document(row) is doc


def test_the_second_of_two_concurrent_saves_is_refused_and_neither_is_lost(world):
    system = COMPLIANT[3]
    lead = _people(system)["lead"]
    first, second = client_for(lead), client_for(lead)
    plan = Plan.objects.get(system_id=system)
    opened = plan.lock_version
    url = f"/plans/{system}/narrative/save/"
    assert (
        first.post(
            url, {"field": "prevention", "text": "First edit.", "lock_version": opened}
        ).status_code
        == 302
    )
    response = second.post(
        url, {"field": "prevention", "text": "Second edit.", "lock_version": opened}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this plan" in body
    assert "Second edit." in body  # still in the form, to apply again
    plan.refresh_from_db()
    assert plan.working["narrative"]["prevention"] == "First edit."


def test_actions_refuse_a_stale_lock_directly(world):
    system = COMPLIANT[3]
    plan = Plan.objects.get(system_id=system)
    lead = _people(system)["lead"].user
    actions.update_narrative(
        plan=plan, field="innovation", text="A", lock_version=plan.lock_version, by=lead
    )
    with pytest.raises(actions.Conflict):
        actions.update_narrative(
            plan=plan, field="innovation", text="B", lock_version=plan.lock_version - 1, by=lead
        )


def test_a_working_copy_is_parsed_once_per_version_and_read_afresh_after_a_save(world):
    system = COMPLIANT[4]
    plan = Plan.objects.get(system_id=system)
    source = WorkingCopies(load_pack())
    assert document(plan) is document(Plan.objects.get(pk=plan.pk))
    assert source.read().plans[system] is document(plan)
    lead = _people(system)["lead"].user
    actions.update_narrative(
        plan=plan, field="innovation", text="Kept apart", lock_version=plan.lock_version, by=lead
    )
    assert source.read().plans[system].narrative.innovation == "Kept apart"
    assert document(Plan.objects.get(pk=plan.pk)) is source.read().plans[system]


def test_a_save_keeps_what_it_wrote_and_its_assurance_and_another_save_is_assured_afresh(world):
    system = COMPLIANT[5]
    plan = Plan.objects.get(system_id=system)
    lead = _people(system)["lead"].user
    actions.update_narrative(
        plan=plan, field="innovation", text="Ours", lock_version=plan.lock_version, by=lead
    )
    stored = Plan.objects.get(pk=plan.pk)
    assert document(stored) == parse(PlanDocument, stored.working)  # as a fresh read makes it
    assert document(stored).narrative.innovation == "Ours"
    assert assurance(stored) is assurance(plan)  # the save's own, not assured again
    fresh = assure(load_pack(), document(stored), today=calendar_today())
    assert assurance(stored).readiness == fresh.readiness
    assert assurance(stored).readiness.errors == 0
    # another process saves a plan with no commitments: this one must not serve its own report
    emptied = dataclasses.replace(document(stored), commitments=[])
    Plan.objects.filter(pk=plan.pk).update(
        working=to_plain(emptied), lock_version=F("lock_version") + 1
    )
    assert assurance(Plan.objects.get(pk=plan.pk)).readiness.errors > 0


def test_la_partner_records_the_discussion_and_signs_off(world):
    system = next(c for c, f in ASSIGNMENTS.items() if "no-hwb-discussion" in f)
    partner = client_for(_people(system)["partner"])
    plan = Plan.objects.get(system_id=system)
    before = plan.errors  # the missing discussion, and any other failing the demo gave it
    assert before >= 1
    response = partner.post(
        f"/plans/{system}/engagement/add/",
        {
            **date_boxes("date", "2019-09-12"),
            "partner": "health-and-wellbeing-board",
            "partner_name": "The board",
            "kind": "dedicated-discussion",
            "summary": "A dedicated discussion of the plan.",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.errors == before - 1
    response = partner.post(
        f"/plans/{system}/sign-offs/add/",
        {"partner": "local-authority", "name": "The council", "status": "concerns", "concerns": ""},
    )
    assert response.status_code == 400
    assert "Say what the concerns are" in response.content.decode()


def test_the_reviewer_records_a_rag_per_area(world):
    system = COMPLIANT[4]
    people = _people(system)
    assert _act(people["lead"], system, "submit_draft") == 302
    assert _act(people["regional"], system, "start_review") == 302
    reviewer = client_for(people["regional"])
    ok = reviewer.post(
        f"/plans/{system}/review/", {"area": "engagement", "rag": "amber", "comment": "Thin."}
    )
    assert ok.status_code == 302
    bad = reviewer.post(f"/plans/{system}/review/", {"area": "engagement", "rag": "purple"})
    assert bad.status_code == 400
    page = reviewer.get(f"/plans/{system}/review/").content.decode()
    assert "Thin." in page
    review = Plan.objects.get(system_id=system).reviews.get()
    assert list(review.areas.values_list("area", "rag")) == [("engagement", "amber")]


def test_a_judgement_is_only_for_the_packs_review_areas(world):
    system = COMPLIANT[4]
    people = _people(system)
    assert _act(people["lead"], system, "submit_draft") == 302
    assert _act(people["regional"], system, "start_review") == 302
    events = AuditEvent.objects.count()
    reviewer = client_for(people["regional"])
    made_up = reviewer.post(f"/plans/{system}/review/", {"area": "astrology", "rag": "purple"})
    assert made_up.status_code == 400
    summary = made_up.content.decode().split("nhsuk-error-summary__list", 1)[1].split("</ul>")[0]
    assert re.findall(r'<a href="#(\w+)"\s*>\s*(.*?)\s*</a>', summary) == [
        ("area", "Choose one of the plan&#39;s review areas"),
        ("rag", "Choose red, amber or green"),
    ]
    review = Plan.objects.get(system_id=system).reviews.get()
    assert (review.areas.count(), AuditEvent.objects.count()) == (0, events)


def test_versions_page_shows_a_readable_diff(world):
    system = COMPLIANT[5]
    people = _people(system)
    lead = client_for(people["lead"])
    plan = Plan.objects.get(system_id=system)
    lead.post(
        f"/plans/{system}/narrative/save/",
        {
            "field": "innovation",
            "text": "A new innovation story.",
            "lock_version": plan.lock_version,
        },
    )
    assert _act(people["lead"], system, "submit_draft") == 302
    page = lead.get(f"/plans/{system}/versions/").content.decode()
    assert 'data-testid="diff"' in page
    # where the change is, in words, not as a path (issue 19 item 4)
    assert "Plan section: Local innovation" in page and "A new innovation story." in page
    assert "narrative.innovation" not in page
    same = lead.get(f"/plans/{system}/versions/?from=1&to=1").content.decode()
    assert 'data-testid="no-changes"' in same
