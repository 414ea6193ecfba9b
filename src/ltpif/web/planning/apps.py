from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "ltpif.web.planning"
    label = "planning"
    verbose_name = "Planning"
