"""Pages of one system's plan: overview, commitments, narrative, infrastructure, engagement,
maturity, feasibility, versions, audit. Each page shows the live assurance of the working copy."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.backends.utils import csrf_input
from markupsafe import Markup

from ltpif.app.commitment_filter import (
    KINDS as COMMITMENT_KINDS,
)
from ltpif.app.commitment_filter import (
    RAGS,
    CommitmentQuery,
    area_choices,
    filter_commitments,
)
from ltpif.app.discretion import plan_view as discretion_view
from ltpif.app.feasibility import waiting_list, waiting_list_csv
from ltpif.app.shares import ambition_rows
from ltpif.app.tasklist import task_list
from ltpif.assurance.checks.feasibility import KINDS
from ltpif.assurance.report import AssuranceReport
from ltpif.framework.kept import Latest
from ltpif.framework.pack import Pack
from ltpif.plans.access import Action, Actor
from ltpif.plans.diff import diff_records
from ltpif.plans.document import Plan as PlanDocument
from ltpif.plans.signoffs import content_sha256, is_current
from ltpif.plans.workflow import EDITABLE, Role, Status, available
from ltpif.rollup.fairshare import FairShares
from ltpif.web.partnership.queries import coverage_of
from ltpif.web.planning.current_rollup import current
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import (
    assurance,
    decisions_of,
    derived,
    document,
    due_of,
    next_stage,
    pack_of,
    reviewed_and_assured,
    version_document,
)
from ltpif.web.signoffs import actions as signing
from ltpif.web.signoffs.requests import SETTLED
from ltpif.web.views import feasibility_charts
from ltpif.web.views.common import may, page, plan_view

TABS = [
    ("overview", "Overview"),
    ("commitments", "Commitments"),
    ("narrative", "Plan sections"),
    ("infrastructure", "Finance, workforce, digital"),
    ("engagement", "Engagement and sign-off"),
    ("maturity", "ICS maturity"),
    ("feasibility", "Feasibility"),
    ("operational", "Operational plan"),
    ("versions", "Versions"),
    ("audit", "Audit trail"),
]


# the overview's queries as last drawn, by plan and what the reader may do with them; the
# forms' token is this mark until each visit puts its own in (a demo plan has 16 queries, a
# millisecond to draw on every visit)
_queries_drawn: Latest[Markup] = Latest(512)
CSRF = Markup("<!-- the visit's CSRF token -->")


@dataclass(frozen=True)
class PlanContext:
    plan: Plan
    pack: Pack
    doc: PlanDocument
    report: AssuranceReport

    def as_dict(
        self, request: HttpRequest, tab: str, layout: bool = True, tab_body: bool = True
    ) -> dict:
        """What the plan's pages show; without the `layout`'s (the header of a plan's pages:
        its deadline) for a part of a page; without what only the `tab`'s own page shows (the
        overview's task list and findings, the engagement's sign-offs) for a page under it."""
        actor = request.actor
        status = Status(self.plan.status)
        can_review = may(actor, Action.REVIEW, self.plan)
        can_edit = may(actor, Action.EDIT_PLAN, self.plan) and status in EDITABLE
        return {
            "plan": self.plan,
            "pack": self.pack,
            "doc": self.doc,
            "report": self.report,
            "tab": tab,
            "tabs": TABS,
            "status": status,
            "can_edit": can_edit,
            "can_engage": may(actor, Action.RECORD_ENGAGEMENT, self.plan)
            and status not in (Status.AGREED, Status.PUBLISHED),
            "can_sign_off": may(actor, Action.SIGN_OFF, self.plan)
            and status not in (Status.AGREED, Status.PUBLISHED),
            "can_review": can_review,
            **(self._layout(actor, can_review) if layout else {}),
            "can_extend": may(actor, Action.GRANT_EXTENSION, self.plan),
            "transitions": [
                t
                for t in available(status, actor.role)
                if may(actor, t.name, self.plan)
                # only a final plan can be agreed: no "Agree plan" while reviewing a draft
                and not (t.needs_final and not self.plan.reviewing_final)
            ],
            **(
                self._overview(request, can_edit, can_review and status == Status.IN_REVIEW)
                if tab == "overview" and tab_body
                else {}
            ),
            **(self._engagement(request) if tab == "engagement" and tab_body else {}),
        }

    def _layout(self, actor: Actor, can_review: bool) -> dict:
        """The header's deadline, and which of the tabs shown only to some are shown: the
        assurance review's to who may review or once there is a review, the ICS assurance's
        to the ICS's assurance role or once it has assured the plan."""
        reviewed, assured = reviewed_and_assured(self.plan)
        return {
            "due": due_of(self.plan),
            "review_tab": can_review or reviewed,
            "ics_tab": actor.role == Role.ICS_ASSURANCE or assured,
        }

    def _engagement(self, request: HttpRequest) -> dict:
        """The sign-offs with their currency, and what this user may sign for."""
        content = content_sha256(self.doc)
        return {
            "sign_off_rows": [
                {"index": i, "entry": s, "current": is_current(s, content)}
                for i, s in enumerate(self.doc.sign_offs)
            ],
            "signer": signing.signer_of(request.user, self.plan),
            "signing_version": signing.signing_version(self.plan, self.doc),
            "can_ask_partners": may(request.actor, Action.EDIT_PLAN, self.plan)
            and Status(self.plan.status) not in SETTLED,
            "content_sha256": content,
            # what the partner reads before signing: how far the plan builds on each strategy
            "coverage": coverage_of(self.plan, self.doc),
        }

    def _overview(self, request: HttpRequest, can_edit: bool, can_decide: bool) -> dict:
        """What only the overview shows: the task list, the readiness, the queries with their
        answers, local discretion, the findings. The task list and the readiness are drawn
        of the version alone, so once per version."""
        made_from = (self.pack, self.doc, self.report)
        parts = engines["jinja2"].env.get_template("plan/_version_parts.html").module
        system = self.plan.system_id
        return {
            "queries": self._queries(can_edit, can_decide).replace(CSRF, csrf_input(request)),
            "task_list": derived(
                "task list",
                self.plan,
                (*made_from, parts),
                lambda: parts.task_list(task_list(*made_from), system),
            ),
            "readiness": derived(
                "readiness", self.plan, (self.report, parts), lambda: parts.readiness(self.report)
            ),
            "discretion": discretion_view(self.pack, self.doc),
            "coverage": coverage_of(self.plan, self.doc),
            "findings_table": self.findings_table(),
        }

    def _queries(self, can_edit: bool, can_decide: bool) -> Markup:
        """The queries with the plan's answers and the region's decisions (_queries.html), the
        forms' token a mark: drawn again only when the version (its document and report), a
        decision shown or what the reader may do changes."""
        plan, doc, report = self.plan, self.doc, self.report
        rows = query_rows(plan, doc, report)
        decided = tuple(
            (row["decision"].pk, row["decision"].decided_by.username) if row["decision"] else None
            for row in rows
        )  # a decision is never changed: its id says what it shows, but who made it
        made_from = (id(doc), doc, id(report), report, decided, plan.system_id, plan.lock_version)
        macro = engines["jinja2"].env.get_template("plan/_queries.html").module.queries
        return _queries_drawn.get(
            (plan.pk, can_edit, can_decide),
            made_from,
            lambda: macro(rows, plan, can_edit, can_decide, CSRF),
        )

    def findings_table(self, commitment: str | None = None) -> Markup:
        """ui.html's findings table of the report (or of one commitment's findings): made of
        the report, the document and the macro alone, so once per version."""
        ui = engines["jinja2"].env.get_template("ui.html")
        report, doc, url = self.report, self.doc, f"/plans/{self.plan.system_id}/"

        def made() -> Markup:
            findings = [f for f in report.findings if commitment in (None, f.commitment)]
            return ui.module.findings_table(findings, report, doc, url)

        return derived(("findings table", commitment, url), self.plan, (report, doc, ui), made)


def context_for(plan: Plan) -> PlanContext:
    doc = document(plan)
    return PlanContext(plan, pack_of(plan), doc, assurance(plan, doc, next_stage(plan)))


def render_tab(
    request: HttpRequest, plan: Plan, tab: str, extra: dict | None = None, status: int = 200
) -> HttpResponse:
    ctx = context_for(plan)
    return page(request, f"plan/{tab}.html", {**ctx.as_dict(request, tab), **(extra or {})}, status)


@plan_view()
def overview(request: HttpRequest, plan: Plan) -> HttpResponse:
    return render_tab(request, plan, "overview")


def query_rows(plan: Plan, doc: PlanDocument, report: AssuranceReport) -> list[dict]:
    """Each query finding of the report with the plan's answer to it and the region's latest
    decision on that very answer (a decision on an earlier wording is shown as superseded)."""
    decisions = decisions_of(plan) if doc.query_answers else {}  # none without an answer
    rows = []
    for finding in report.findings:
        if finding.severity != "query":
            continue
        answer = doc.answer_to(finding.rule, finding.pointer)
        decision = decisions.get((finding.rule, finding.pointer))
        current = decision is not None and answer is not None
        current = current and decision.explanation == answer.explanation
        rows.append(
            {"finding": finding, "answer": answer, "decision": decision if current else None}
        )
    return rows


@plan_view()
def commitments(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The commitments, narrowed by the filter form's query (area, status, kind, words)."""
    ctx = context_for(plan)
    query = CommitmentQuery.of(request.GET, ctx.pack)
    shown = filter_commitments(ctx.pack, ctx.report.commitments, query)
    words = query.words.casefold().split()
    priorities = [
        p
        for p in ctx.doc.local_priorities
        if not (query.area or query.status or query.kind)
        and all(word in f"{p.title} {p.rationale}".casefold() for word in words)
    ]
    extra = {
        "query": query,
        "shown_commitments": shown,
        "shown_priorities": priorities,
        "area_choices": area_choices(ctx.pack),
        "rag_choices": RAGS,
        "kind_choices": COMMITMENT_KINDS,
    }
    context = {**ctx.as_dict(request, "commitments"), **extra}
    return page(request, "plan/commitments.html", context)


@plan_view()
def narrative(request: HttpRequest, plan: Plan) -> HttpResponse:
    return render_tab(request, plan, "narrative")


@plan_view()
def infrastructure(request: HttpRequest, plan: Plan) -> HttpResponse:
    from ltpif.rollup.funding import gbp, money_side_by_side
    from ltpif.web.funding.queries import awards
    from ltpif.web.funding.views import awards_of

    # fair-share and targeted money side by side, by plan year (issue 16 item 5)
    money = money_side_by_side(
        {plan.system_id: document(plan)}, awards([plan.system_id]), pack_of(plan).plan_years[1:]
    )
    return render_tab(
        request,
        plan,
        "infrastructure",
        {"funding_awards": awards_of(plan), "gbp": gbp, "money_by_year": money},
    )


@plan_view()
def engagement(request: HttpRequest, plan: Plan) -> HttpResponse:
    return render_tab(request, plan, "engagement")


def maturity_page(
    request: HttpRequest, plan: Plan, extra: dict | None = None, status: int = 200
) -> HttpResponse:
    """The self-assessment per characteristic and year, the region's moderation beside it, and
    the freedoms the moderated level earns."""
    from ltpif.web.maturity.views import maturity_context

    ctx = context_for(plan)
    context = {**ctx.as_dict(request, "maturity"), **maturity_context(request, ctx)}
    return page(request, "plan/maturity.html", {**context, **(extra or {})}, status)


@plan_view()
def maturity(request: HttpRequest, plan: Plan) -> HttpResponse:
    return maturity_page(request, plan)


@plan_view()
def feasibility(request: HttpRequest, plan: Plan) -> HttpResponse:
    ctx = context_for(plan)
    extra = {
        "waiting_list": waiting_list(ctx.pack, ctx.doc),
        "feasibility_findings": [f for f in ctx.report.findings if f.check in KINDS],
        "charts": feasibility_charts.charts(ctx.pack, ctx.doc),
        "chart_cell": feasibility_charts.cell,
    }
    return page(request, "plan/feasibility.html", {**ctx.as_dict(request, "feasibility"), **extra})


@plan_view()
def feasibility_csv(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The Feasibility tab's waiting-list table as CSV (a header alone when the plan has none)."""
    text = waiting_list_csv(waiting_list(pack_of(plan), document(plan)))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.system_id}-waiting-list.csv"'
    return response


@plan_view()
def versions(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The versions, and a readable diff between any two (default: the last two)."""
    all_versions = list(plan.versions.select_related("created_by").order_by("number"))
    numbers = [v.number for v in all_versions]
    chosen = {}
    for key, default in (("from", -2), ("to", -1)):
        raw = request.GET.get(key, "")
        fallback = numbers[default] if len(numbers) >= -default else numbers[0]
        chosen[key] = int(raw) if raw.isdigit() and int(raw) in numbers else fallback
    by_number = {v.number: v for v in all_versions}
    changes = diff_records(
        version_document(by_number[chosen["from"]]), version_document(by_number[chosen["to"]])
    )
    return render_tab(
        request,
        plan,
        "versions",
        {
            "all_versions": all_versions,
            "chosen": chosen,
            "changes": changes,
        },
    )


@plan_view()
def audit(request: HttpRequest, plan: Plan) -> HttpResponse:
    events = plan.audit.select_related("actor")[:200]
    return render_tab(request, plan, "audit", {"events": events})


def commitment_page(
    request: HttpRequest,
    plan: Plan,
    commitment_id: str,
    extra: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    ctx = context_for(plan)
    commitment = ctx.pack.commitment_by_id.get(commitment_id)
    if commitment is None:
        return page(
            request,
            "error.html",
            {"title": "Page not found", "message": f"No commitment {commitment_id}."},
            404,
        )
    found = ctx.doc.commitment_plan(commitment_id)
    entry = found[1] if found else None
    partial = bool(request.htmx)  # the commitment's body alone, as its forms' htmx swaps it
    context = {
        **ctx.as_dict(request, "commitments", layout=not partial),
        "commitment": commitment,
        "entry": entry,
        "findings_table": ctx.findings_table(commitment_id),
        "ambitions": ambition_rows(ctx.pack, ctx.doc, commitment, shares_in_rollup),
        **(extra or {}),
    }
    template = "plan/partials/commitment_body.html" if partial else "plan/commitment.html"
    return page(request, template, context, status, partial=partial)


def shares_in_rollup(ambition_id: str) -> FairShares | None:
    """An ambition's fair shares as the roll-up of every working copy makes them."""
    gap = next((g for g in current().rollup.gaps if g.ambition.id == ambition_id), None)
    return gap.shares if gap else None


@plan_view()
def commitment(request: HttpRequest, plan: Plan, commitment_id: str) -> HttpResponse:
    return commitment_page(request, plan, commitment_id)
