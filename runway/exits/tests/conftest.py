from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english_services(english: None) -> None:
    """Service messages in English in this package's tests."""
