from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ltpif.web.people"
    label = "people"
    verbose_name = "People: invitations, roles and organisations"
