from django.apps import AppConfig


class LandscapeConfig(AppConfig):
    name = "ltpif.web.landscape"
    label = "landscape"
    verbose_name = "Footprints and landscape changes"
