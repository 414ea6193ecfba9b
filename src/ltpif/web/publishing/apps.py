from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "ltpif.web.publishing"
    label = "publishing"
    verbose_name = "Publishing the national implementation plan"
