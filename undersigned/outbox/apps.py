from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "undersigned.outbox"
    label = "outbox"
    verbose_name = "Outbox and background work"
