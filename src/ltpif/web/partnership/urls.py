from django.urls import path

from ltpif.web.partnership import views

urlpatterns = [
    path("systems/<str:code>/partnership/", views.partnership, name="system-partnership"),
    path(
        "systems/<str:code>/partnership/items/<int:pk>/",
        views.item,
        name="system-partnership-item",
    ),
    path("plans/<str:system>/strategy-links/", views.links, name="plan-strategy-links"),
    path(
        "plans/<str:system>/strategy-links/<int:index>/remove/",
        views.remove_link,
        name="plan-strategy-links-remove",
    ),
]
