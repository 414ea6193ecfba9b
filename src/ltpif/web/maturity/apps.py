from django.apps import AppConfig


class MaturityConfig(AppConfig):
    name = "ltpif.web.maturity"
    label = "maturity"
    verbose_name = "ICS maturity"
