from django.urls import path

from ltpif.web.landscape import views

urlpatterns = [
    path("systems/<str:code>/footprint-notices/", views.notices, name="system-footprint-notices"),
    path("footprint-notices/<int:pk>/", views.notice, name="footprint-notice"),
    path("footprints/", views.national, name="footprints"),
    path(
        "systems/<str:code>/landscape-changes/",
        views.system_changes,
        name="system-landscape-changes",
    ),
    path("landscape-changes/<int:pk>/", views.change, name="landscape-change"),
]
