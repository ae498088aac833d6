from django.apps import AppConfig


class AdvocacyConfig(AppConfig):
    name = "undersigned.advocacy"
    label = "advocacy"
