from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "runway.dashboard"
    label = "dashboard"
