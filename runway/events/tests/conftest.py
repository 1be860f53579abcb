from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _english_services(english: None) -> None:
    """Service messages in English in this package's tests."""


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> Iterator[None]:
    # API rate-limit counts live in the cache, which outlives each test's database rollback.
    cache.clear()
    yield
    cache.clear()
