from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def client(client: Client) -> Client:
    """Pages in English, so messages can be checked whatever the translations say."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(autouse=True)
def _english_services(english: None) -> None:
    """Service messages in English in this package's tests."""
