from django.urls import path

from ltpif.web.organisations import views

urlpatterns = [
    path("systems/<str:code>/organisations/", views.organisations, name="system-organisations"),
]
