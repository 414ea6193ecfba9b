from django.urls import path

from ltpif.web.organisations import next_round_views, round_views, views

urlpatterns = [
    path("systems/<str:code>/organisations/", views.organisations, name="system-organisations"),
    path("rounds/", round_views.rounds, name="rounds"),
    path("rounds/next/", next_round_views.next_round, name="next-round"),
    path("rounds/next/<str:name>/", next_round_views.confirm_next_round, name="confirm-next-round"),
    path("rounds/<int:pk>/", round_views.round_plans, name="round-plans"),
    path("rounds/<int:pk>/carried/", next_round_views.carried, name="round-carried"),
    path(
        "rounds/<int:pk>/carried/<str:system>.csv",
        next_round_views.carried_csv,
        name="round-carried-csv",
    ),
    path("rounds/<int:pk>/plans/<str:system>/", round_views.round_plan, name="round-plan"),
]
