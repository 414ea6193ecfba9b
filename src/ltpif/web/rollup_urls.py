"""URLs of the roll-up dashboards, what-if and the national publication (included by urls.py)."""

from django.urls import path

from ltpif.web.views import feasibility_views, publish_views, rollup_views, whatif_views

region = "rollup/regions/<str:code>/"
ambition = "ambitions/<str:ambition>/"

urlpatterns = [
    path("rollup/", rollup_views.overview, name="rollup"),
    path("rollup/ambitions.csv", rollup_views.summary_csv, name="rollup-csv"),
    path("rollup/what-if/", whatif_views.what_if_page, name="what-if"),
    path("rollup/feasibility/", feasibility_views.rollup, name="rollup-feasibility"),
    path("rollup/" + ambition, rollup_views.ambition, name="rollup-ambition"),
    path("rollup/" + ambition + "<str:chart>.csv", rollup_views.chart_csv, name="rollup-chart"),
    path(region, rollup_views.overview, name="rollup-region"),
    path(region + "ambitions.csv", rollup_views.summary_csv, name="rollup-region-csv"),
    path(region + "feasibility/", feasibility_views.rollup, name="rollup-region-feasibility"),
    path(region + ambition, rollup_views.ambition, name="rollup-region-ambition"),
    path(
        region + ambition + "<str:chart>.csv",
        rollup_views.chart_csv,
        name="rollup-region-chart",
    ),
    path("publish/", publish_views.publications, name="publish"),
    path("publish/confirm/", publish_views.confirm, name="publish-confirm"),
    path("publish/<int:run>/", publish_views.run_page, name="publish-run"),
    path("publish/<int:run>/status/", publish_views.run_status, name="publish-run-status"),
    path("publish/<int:run>/files/<path:name>", publish_views.run_file, name="publish-file"),
]
