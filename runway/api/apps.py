from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "runway.api"
    label = "api"
