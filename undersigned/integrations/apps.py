from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "undersigned.integrations"
    label = "integrations"
    verbose_name = "API tokens and webhooks"
