"""Words that match the plan's status (issue 19 item 4): "ready to submit" only while the
system can submit; the lead's task names what is left; whose plans a publication adds up."""

from __future__ import annotations

import pytest

from ltpif.app.present import lead_task, plan_verdict
from ltpif.framework.loader import load_pack
from ltpif.interchange.publication.pages import whose_plans
from ltpif.plans.workflow import Status


@pytest.mark.parametrize(
    ("status", "errors", "queries", "words"),
    [
        (Status.DRAFTING, 0, 0, "Ready to submit."),
        (Status.DRAFTING, 0, 2, "Ready to submit, with 2 queries to explain in the plan."),
        (Status.DRAFTING, 1, 0, "Not ready to submit: 1 error must be fixed."),
        (Status.CHANGES_REQUESTED, 3, 1, "Not ready to submit: 3 errors must be fixed."),
        (Status.CHANGES_REQUESTED, 0, 1, "Ready to submit, with 1 query to explain in the plan."),
        (Status.DRAFT_SUBMITTED, 0, 0, "No errors or queries."),
        (Status.IN_REVIEW, 0, 4, "No errors; 4 queries open."),
        (Status.FINAL_SUBMITTED, 2, 0, "2 errors found by assurance."),
        (Status.AGREED, 0, 0, "No errors or queries."),
        (Status.PUBLISHED, 0, 1, "No errors; 1 query open."),
    ],
)
def test_the_verdict_says_ready_to_submit_only_while_the_plan_can_be_submitted(
    status, errors, queries, words
):
    assert plan_verdict(status, errors, queries) == words


@pytest.mark.parametrize(
    ("status", "errors", "queries", "explained", "words"),
    [
        (Status.IN_REVIEW, 0, 0, 1, "No errors or queries. 1 query explained."),
        (Status.IN_REVIEW, 0, 2, 3, "No errors; 2 queries open. 3 queries explained."),
        (
            Status.CHANGES_REQUESTED,
            1,
            0,
            2,
            "Not ready to submit: 1 error must be fixed. 2 queries explained.",
        ),
        (Status.DRAFTING, 0, 0, 0, "Ready to submit."),
    ],
)
def test_queries_the_region_accepted_are_said_explained(status, errors, queries, explained, words):
    assert plan_verdict(status, errors, queries, explained) == words


@pytest.mark.parametrize(
    ("status", "errors", "queries", "task"),
    [
        (Status.DRAFTING, 2, 0, "Fix the 2 errors, then submit the draft plan."),
        (Status.DRAFTING, 1, 3, "Fix the 1 error, then submit the draft plan."),
        (Status.DRAFTING, 0, 3, "Explain the 3 queries in the plan, then submit the draft plan."),
        (Status.DRAFTING, 0, 0, "Submit the draft plan: assurance found no errors."),
        (Status.CHANGES_REQUESTED, 0, 0, "Submit the final plan: assurance found no errors."),
    ],
)
def test_the_lead_s_task_names_what_is_left(status, errors, queries, task):
    assert lead_task(status, errors, queries) == task


@pytest.mark.parametrize(
    ("planned", "words"),
    [(42, "the plans of all 42 systems"), (40, "the plans of 40 of the 42 systems")],
)
def test_a_publication_says_whose_plans_it_adds_up(planned, words):
    assert whose_plans(planned, load_pack()) == words
