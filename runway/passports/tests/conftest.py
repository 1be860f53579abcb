from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def passport_key_file(settings: Any, tmp_path: Path) -> Path:
    """A key file of the test's own, so no test writes a key into the working directory."""
    path = tmp_path / "passport-key.pem"
    settings.PASSPORT_PRIVATE_KEY = ""
    settings.PASSPORT_KEY_FILE = path
    return path
