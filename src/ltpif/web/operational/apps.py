from django.apps import AppConfig


class OperationalConfig(AppConfig):
    name = "ltpif.web.operational"
    label = "operational"
    verbose_name = "Operational plans: an agreed plan's year by month, through the workflow"
