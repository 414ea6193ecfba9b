"""URLs: pages under /, the JSON API under /api/."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from ltpif.web.api import api
from ltpif.web.funding import views as funding_views
from ltpif.web.maturity import first_line
from ltpif.web.maturity import views as maturity_views
from ltpif.web.operational import views as operational_views
from ltpif.web.parts import views as part_views
from ltpif.web.views import (
    calendar_views,
    dashboards,
    feasibility_views,
    local_priorities,
    monitoring_views,
    plan_edit,
    plan_pages,
    signoff_request_views,
    upload_views,
    workbook,
    workflow_views,
)

plan = "plans/<str:system>/"

urlpatterns = [
    path("sign-in/", auth_views.LoginView.as_view(template_name="sign_in.html"), name="sign-in"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    path("", dashboards.home, name="home"),
    path("regions/<str:code>/", dashboards.region, name="region"),
    path("national/", dashboards.national, name="national"),
    path(plan, plan_pages.overview, name="plan"),
    path(plan + "commitments/", plan_pages.commitments, name="plan-commitments"),
    path(plan + "commitments/<str:commitment_id>/", plan_pages.commitment, name="plan-commitment"),
    path(
        plan + "commitments/<str:commitment_id>/trajectories/",
        plan_edit.save_trajectories,
        name="plan-trajectories",
    ),
    path(
        plan + "commitments/<str:commitment_id>/details/",
        plan_edit.save_commitment,
        name="plan-commitment-details",
    ),
    path(
        plan + "local-priorities/new/",
        local_priorities.new_priority,
        name="plan-local-priority-new",
    ),
    path(
        plan + "local-priorities/<str:priority_id>/",
        local_priorities.priority,
        name="plan-local-priority",
    ),
    path(
        plan + "local-priorities/<str:priority_id>/remove/",
        local_priorities.remove_priority,
        name="plan-local-priority-remove",
    ),
    path(
        plan + "commitments/<str:commitment_id>/milestones/",
        part_views.milestones_form,
        name="plan-milestones",
    ),
    path(plan + "parts/<str:part_id>/", part_views.part_form, name="plan-part"),
    path(plan + "narrative/", plan_pages.narrative, name="plan-narrative"),
    path(plan + "narrative/save/", plan_edit.save_narrative, name="plan-narrative-save"),
    path(plan + "infrastructure/", plan_pages.infrastructure, name="plan-infrastructure"),
    path(plan + "engagement/", plan_pages.engagement, name="plan-engagement"),
    path(plan + "engagement/add/", plan_edit.add_engagement, name="plan-engagement-add"),
    path(plan + "sign-offs/add/", plan_edit.add_sign_off, name="plan-sign-off-add"),
    path(plan + "sign-offs/ask/", signoff_request_views.ask_partners, name="plan-sign-off-ask"),
    path(
        plan + "sign-offs/<int:index>/close/",
        plan_edit.close_concerns,
        name="plan-sign-off-close",
    ),
    path(plan + "maturity/", plan_pages.maturity, name="plan-maturity"),
    path(plan + "maturity/save/", plan_edit.save_maturity, name="plan-maturity-save"),
    path(plan + "maturity/moderate/", maturity_views.moderate, name="plan-maturity-moderate"),
    path(plan + "ics-assurance/", first_line.first_line, name="plan-ics-assurance"),
    path("maturity/", maturity_views.national, name="maturity"),
    path("maturity/levels.csv", maturity_views.national_csv, name="maturity-csv"),
    path(plan + "funding/", funding_views.plan_funding, name="plan-funding"),
    path(plan + "funding/apply/", funding_views.apply, name="plan-funding-apply"),
    path("funding/", funding_views.national, name="funding"),
    path("funding/envelopes/<str:line>/", funding_views.set_envelope, name="funding-envelope-set"),
    path("funding/applications/<int:pk>/", funding_views.application, name="funding-application"),
    path(plan + "feasibility/", plan_pages.feasibility, name="plan-feasibility"),
    path(
        plan + "feasibility/waiting-list.csv",
        plan_pages.feasibility_csv,
        name="plan-feasibility-csv",
    ),
    path(plan + "feasibility/what-if/", feasibility_views.what_if, name="plan-feasibility-what-if"),
    path(
        plan + "feasibility/<slug:slug>.csv",
        feasibility_views.chart_csv,
        name="plan-feasibility-chart-csv",
    ),
    path(plan + "operational/", operational_views.tab, name="plan-operational"),
    path(
        plan + "operational/operational.csv",
        operational_views.csv_download,
        name="plan-operational-csv",
    ),
    path(plan + "operational/add/", operational_views.create, name="plan-operational-add"),
    path(
        plan + "operational/metrics/<str:metric>/",
        operational_views.metric_months,
        name="plan-operational-metric",
    ),
    path(
        plan + "operational/steps/<str:name>/",
        operational_views.step,
        name="plan-operational-step",
    ),
    path(
        plan + "operational/operational.xlsx",
        operational_views.workbook_download,
        name="plan-operational-xlsx",
    ),
    path(
        plan + "operational/workbook/",
        operational_views.workbook_upload,
        name="plan-operational-workbook",
    ),
    path(plan + "versions/", plan_pages.versions, name="plan-versions"),
    path(plan + "workbook/", workbook.workbook, name="plan-workbook"),
    path(plan + "audit/", plan_pages.audit, name="plan-audit"),
    path(plan + "review/", workflow_views.review, name="plan-review"),
    path(plan + "actions/<str:name>/", workflow_views.transition, name="plan-transition"),
    path(plan + "extension/", calendar_views.extension, name="plan-extension"),
    path(plan + "queries/answer/", calendar_views.answer_query, name="plan-query-answer-save"),
    path(plan + "queries/decision/", calendar_views.decide_answer, name="plan-query-decision-save"),
    path("monitoring/", monitoring_views.summary, name="monitoring"),
    path("monitoring/loads/", monitoring_views.loads, name="monitoring-loads"),
    path("monitoring/upload/", upload_views.upload, name="monitoring-upload"),
    path("monitoring/upload/<int:upload>/", upload_views.upload_run, name="monitoring-upload-run"),
    path(
        "monitoring/upload/<int:upload>/status/",
        upload_views.upload_status,
        name="monitoring-upload-status",
    ),
    path("monitoring/spc/<str:metric>/<str:place>/", monitoring_views.spc, name="monitoring-spc"),
    path(
        "monitoring/spc/<str:metric>/<str:place>/data.csv",
        monitoring_views.spc_csv,
        name="monitoring-spc-csv",
    ),
    path(
        "monitoring/inequalities/<str:metric>/<str:place>/",
        monitoring_views.inequalities,
        name="monitoring-inequalities",
    ),
    path("monitoring/funnel/<str:metric>/", monitoring_views.funnel, name="monitoring-funnel"),
    path(
        "monitoring/funnel/<str:metric>/data.csv",
        monitoring_views.funnel_csv,
        name="monitoring-funnel-csv",
    ),
    path("", include("ltpif.web.rollup_urls")),
    path("", include("ltpif.web.people.urls")),
    path("", include("ltpif.web.notifications.urls")),
    path("", include("ltpif.web.organisations.urls")),
    path("", include("ltpif.web.landscape.urls")),
    path("", include("ltpif.web.partnership.urls")),
    path("api/", api.urls),
]

handler500 = "ltpif.web.views.errors.server_error"
handler404 = "ltpif.web.views.errors.not_found"
