from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "ltpif.web.uploads"
    label = "uploads"
    verbose_name = "Actuals uploaded in the web"
