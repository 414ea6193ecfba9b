"""A person's notifications."""

from django.urls import path

from ltpif.web.notifications import views

urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.mark_read, name="notifications-read"),
    path("notifications/email/", views.email_choice, name="notifications-email"),
]
