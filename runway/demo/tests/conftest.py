from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """A private MEDIA_ROOT, so demo exports never land in the working directory."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root
