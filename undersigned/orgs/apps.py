from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "undersigned.orgs"
    label = "orgs"
