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


@pytest.fixture
def client_for() -> Any:
    """`client_for(actor)`: a test client signed in as the actor's user, reading English."""
    from django.test import Client

    def build(actor: Any) -> Client:
        client = Client(headers={"accept-language": "en"})
        client.force_login(actor.user)
        return client

    return build


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """A private MEDIA_ROOT, so the imported exports never land in the working directory."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root
