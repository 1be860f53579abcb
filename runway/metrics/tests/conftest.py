from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """A private MEDIA_ROOT, so uploaded exports never land in the working directory."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def client_for() -> Any:
    """`client_for(actor)`: a test client signed in as the actor's user, reading English."""
    from django.test import Client

    def build(actor: Any) -> Client:
        client = Client(headers={"accept-language": "en"})
        client.force_login(actor.user)
        return client

    return build
