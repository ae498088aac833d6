from django.apps import AppConfig


class ImportingConfig(AppConfig):
    name = "undersigned.importing"
    label = "importing"
