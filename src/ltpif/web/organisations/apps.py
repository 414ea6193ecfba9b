from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "ltpif.web.organisations"
    label = "organisations"
    verbose_name = "Rounds and organisations"
