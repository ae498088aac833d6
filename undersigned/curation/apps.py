from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "undersigned.curation"
    label = "curation"
    verbose_name = "Registry curation"
