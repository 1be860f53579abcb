from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english_services(english: None) -> None:
    """Messages in English in this package's tests."""


@pytest.fixture(autouse=True)
def _jieba_cache(settings: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings.JIEBA_CACHE_DIR = tmp_path_factory.getbasetemp()  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Cached directory pages and API throttle counts never carry over between tests."""
    from django.core.cache import cache

    cache.clear()
