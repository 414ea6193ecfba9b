from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "ltpif.web.partnership"
    label = "partnership"
    verbose_name = "Health and wellbeing partnership"
