"""The shared vocabulary: every term named in three languages, and the sectors the field needs."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.utils import translation

from runway.taxonomy.loading import load_taxonomy
from runway.taxonomy.models import Instrument, Region, Sector, Stage, Term

pytestmark = pytest.mark.django_db

TERM_MODELS: list[type[Term]] = [Sector, Stage, Region, Instrument]
CJK = re.compile(r"[\u4e00-\u9fff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# The sectors Runway issue 2 names, by code and English name.
NAMED_SECTORS = {
    "cross-border-b2b": "Cross-border B2B",
    "electronic-components-b2b": "Electronic components B2B",
    "apparel-wholesale": "Apparel wholesale",
    "phones-digital": "Phones and digital",
    "flowers-gifts": "Flowers and gifts",
    "mother-baby": "Mother and baby",
    "food-beverage": "Food and beverage",
    "finance": "Finance",
    "community-content": "Community and content",
    "logistics": "Logistics",
    "merchant-saas": "SaaS for merchants",
}


def all_terms() -> list[Term]:
    return [term for model in TERM_MODELS for term in model.objects.all()]


def test_every_kind_of_term_is_loaded() -> None:
    for model in TERM_MODELS:
        assert model.objects.count() >= 5, model.__name__


def test_every_term_has_a_chinese_an_english_and_a_russian_name() -> None:
    missing = [
        term.code
        for term in all_terms()
        if not (term.name_zh.strip() and term.name_en.strip() and term.name_ru.strip())
    ]
    assert missing == []


def test_chinese_names_are_chinese_and_russian_names_russian() -> None:
    """A Russian name may keep a Latin loanword (Pre-A) only when English uses the same."""
    wrong = [
        term.code
        for term in all_terms()
        if not CJK.search(term.name_zh)
        or not (CYRILLIC.search(term.name_ru) or term.name_ru == term.name_en)
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("language", "field"), [("zh-hans", "name_zh"), ("en", "name_en"), ("ru", "name_ru")]
)
def test_labels_follow_the_active_language(language: str, field: str) -> None:
    with translation.override(language):
        mismatched = [t.code for t in all_terms() if t.label != getattr(t, field)]
        assert str(Sector.objects.get(code="finance")) == getattr(
            Sector.objects.get(code="finance"), field
        )
    assert mismatched == []


def test_the_sectors_named_by_the_issue_exist() -> None:
    with translation.override("en"):
        found = {s.code: s.label for s in Sector.objects.filter(code__in=NAMED_SECTORS)}
    assert found == NAMED_SECTORS


def test_codes_are_unique_within_each_kind_and_names_are_distinct_per_language() -> None:
    for model in TERM_MODELS:
        for field in ("name_zh", "name_en", "name_ru"):
            names = list(model.objects.values_list(field, flat=True))
            assert len(names) == len(set(names)), (model.__name__, field)


def test_every_region_leads_up_to_global() -> None:
    for region in Region.objects.select_related("parent"):
        seen: set[str] = set()
        node: Region | None = region
        while node is not None and node.code not in seen:
            seen.add(node.code)
            node = node.parent
        assert node is None, f"{region.code} is in a cycle"
        assert "global" in seen, region.code


def test_loading_the_taxonomy_again_changes_nothing() -> None:
    before = {model: model.objects.count() for model in TERM_MODELS}
    Sector.objects.filter(code="finance").update(name_en="Changed by hand")
    load_taxonomy(apps.get_model)
    assert {model: model.objects.count() for model in TERM_MODELS} == before
    assert Sector.objects.get(code="finance").name_en == "Finance"
