from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "ltpif.web.funding"
    label = "funding"
    verbose_name = "Targeted funding"
