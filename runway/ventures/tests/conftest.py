from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from runway.orgs.access import Actor


@pytest.fixture
def client_for() -> Callable[[Actor], Client]:
    """`client_for(actor)`: a test client signed in as the actor's user, reading English."""

    def build(actor: Actor) -> Client:
        client = Client(headers={"accept-language": "en"})
        assert actor.user is not None
        client.force_login(actor.user)
        return client

    return build


@pytest.fixture(autouse=True)
def _english_services(english: None) -> None:
    """Service messages in English in this package's tests."""
