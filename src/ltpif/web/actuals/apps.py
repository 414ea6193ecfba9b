from django.apps import AppConfig


class ActualsConfig(AppConfig):
    name = "ltpif.web.actuals"
    label = "actuals"
    verbose_name = "Actuals"
