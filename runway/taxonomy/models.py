"""Sectors, stages, regions and instruments: a shared vocabulary held as data, in three languages.

The rows come from `fixtures/taxonomy.json`, loaded by a data migration and kept in step by
`manage.py loaddata taxonomy`; codes are stable identifiers used by the API and by matching.
"""

from __future__ import annotations

from typing import ClassVar, Self, TypeVar

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localized(name_zh: str, name_en: str, name_ru: str) -> str:
    """The name in the active language (Chinese unless English or Russian is active)."""
    language = (get_language() or "zh-hans").lower()
    if language.startswith("ru"):
        return name_ru
    if language.startswith("en"):
        return name_en
    return name_zh


TermT = TypeVar("TermT", bound="Term")


class TermManager(models.Manager[TermT]):
    def get_by_natural_key(self, code: str) -> TermT:
        return self.get(code=code)


class Term(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects: ClassVar[TermManager[Self]] = TermManager()

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    @property
    def label(self) -> str:
        return localized(self.name_zh, self.name_en, self.name_ru)


class Sector(Term):
    class Meta(Term.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Stage(Term):
    class Meta(Term.Meta):
        verbose_name = _("stage")
        verbose_name_plural = _("stages")


class Region(Term):
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta(Term.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Instrument(Term):
    is_debt = models.BooleanField(_("debt or revenue-based"), default=False)

    class Meta(Term.Meta):
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
