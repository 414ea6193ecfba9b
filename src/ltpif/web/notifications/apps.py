from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ltpif.web.notifications"
    label = "notifications"
    verbose_name = "Notifications: in-app, by email, and deadline reminders"
