from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _english_services(english: None) -> None:
    """Service messages in English in this package's tests."""


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> Any:
    # The API's rate limit counts in the cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root
