from django.apps import AppConfig


class InvestorsConfig(AppConfig):
    name = "runway.investors"
    label = "investors"
