"""Error pages speak the reader's language and lead back to the dashboard."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "text"),
    [("zh-hans", "该页面不存在"), ("en", "Not found"), ("ru", "Такой страницы нет")],
)
def test_not_found_page_is_translated(client: Client, language: str, text: str) -> None:
    client.cookies["django_language"] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert text in response.content.decode()
