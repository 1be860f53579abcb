from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "runway.demo"
    label = "demo"
