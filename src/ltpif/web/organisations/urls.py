from django.urls import path

from ltpif.web.organisations import round_views, views

urlpatterns = [
    path("systems/<str:code>/organisations/", views.organisations, name="system-organisations"),
    path("rounds/", round_views.rounds, name="rounds"),
    path("rounds/<int:pk>/", round_views.round_plans, name="round-plans"),
    path("rounds/<int:pk>/plans/<str:system>/", round_views.round_plan, name="round-plan"),
]
