from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "runway.orgs"
    label = "orgs"
