from django.apps import AppConfig


class VenturesConfig(AppConfig):
    name = "runway.ventures"
    label = "ventures"
