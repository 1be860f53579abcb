from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "runway.taxonomy"
    label = "taxonomy"
