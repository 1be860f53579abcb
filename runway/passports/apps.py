from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassportsConfig(AppConfig):
    name = "runway.passports"
    label = "passports"
    verbose_name = _("Data passports")
