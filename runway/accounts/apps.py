from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "runway.accounts"
    label = "accounts"
