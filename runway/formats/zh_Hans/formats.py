# Django's zh_Hans formats set no digit grouping, so amounts read as 2000000.00; Chinese
# financial documents group by thousands with a comma.
from django.conf.locale.zh_Hans.formats import *  # type: ignore[import-untyped]  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
