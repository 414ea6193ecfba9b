"""The people pages and the invitation link."""

from django.urls import path

from ltpif.web.people import views

urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="people-invite"),
    path("people/<int:person>/", views.person, name="people-person"),
    path("people/<int:person>/deactivate/", views.deactivate, name="people-deactivate"),
    path("people/<int:person>/resend/", views.resend, name="people-resend"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
