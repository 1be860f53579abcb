"""Where the real public datasets are: beside the checkout (../shared/data), never inside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared_data_mark(path: Path) -> pytest.MarkDecorator:
    """Skips a test whose shared dataset is missing on a developer's machine; in CI the data is
    always laid beside the checkout, so a missing file there fails the run instead of hiding it."""
    if os.environ.get("CI") and not path.exists():
        raise FileNotFoundError(f"CI needs the shared dataset {path}")
    return pytest.mark.skipif(not path.exists(), reason=f"shared data not found: {path}")
